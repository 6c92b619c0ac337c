/**
 * Inside tinyml-sim: the fastest inference (the machine may be shared: the least disturbed run) of
 * a compressed model (a TFLM_DECODE before each compressed op, decoding on every invoke) with the
 * native kernels, and the time its DECODE ops took in that run (per-op profile).
 * Arguments: COMPRESSED.tflite INPUT.bin ; prints one JSON line.
 */
import { Interpreter, Model } from "../../src/index";
import { print, sim } from "../../hosts/sim/globals";

const [compressedFile, inputFile] = sim.args as [string, string];

/** The fastest ms per invoke, and the ms of the TFLM_DECODE ops in that run (per-op profile). */
function measure(file: string): { ms: number; decodeMs: number; runs: number } {
  const model = Model.from(sim.readFile(file));
  const it = new Interpreter(model, { kernels: "auto", profile: true, clock: () => sim.now() });
  it.input(0).bytes.set(new Uint8Array(sim.readFile(inputFile)).subarray(0, it.input(0).bytes.length));
  it.invoke();
  let best = Infinity, decodeMs = 0, runs = 0;
  const end = sim.now() + 2000;
  while (runs < 5 || (sim.now() < end && runs < 100)) {
    it.invoke();
    runs++;
    const profile = it.profile;
    const ms = profile.reduce((s, p) => s + p.ms, 0);
    if (ms < best) {
      best = ms;
      decodeMs = profile.filter((p) => p.op === "CUSTOM:TFLM_DECODE").reduce((s, p) => s + p.ms, 0);
    }
  }
  return { ms: best, decodeMs, runs };
}

const { ms, decodeMs, runs } = measure(compressedFile);
print(JSON.stringify({ simMs: ms, simDecodeMs: decodeMs, simRuns: runs }));
sim.exit(0);
