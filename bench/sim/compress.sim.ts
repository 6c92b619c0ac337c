/**
 * Inside tinyml-sim: the fastest inference (the machine may be shared: the least disturbed run) of
 * a compressed model (a TFLM_DECODE before each compressed op, decoding on every invoke) with the
 * native kernels, and the time its DECODE ops took in that run (per-op profile).
 * Arguments: COMPRESSED.tflite INPUT.bin ; prints one JSON line.
 */
import { Interpreter, Model } from "../../src/index";
import { print, sim } from "../../hosts/sim/globals";
import { fastestRun } from "../decode_timing";

const [compressedFile, inputFile] = sim.args as [string, string];

const it = new Interpreter(Model.from(sim.readFile(compressedFile)), { kernels: "auto", profile: true, clock: () => sim.now() });
it.input(0).bytes.set(new Uint8Array(sim.readFile(inputFile)).subarray(0, it.input(0).bytes.length));
const { ms, decodeMs, runs } = fastestRun(it, () => sim.now(), 3000, 100);
print(JSON.stringify({ simMs: ms, simDecodeMs: decodeMs, simRuns: runs }));
sim.exit(0);
