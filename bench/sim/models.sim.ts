/**
 * Inside tinyml-sim: per model, the median time per inference with the native kernels and with
 * the TypeScript kernels, the time spent outside kernels (the same invoke with every kernel a
 * no-op), and the XS memory the runtime holds beyond the arena once the model is prepared.
 * Arguments: TESTDATA_DIR MODEL... ; prints one JSON line per model.
 */
import { Interpreter, Model, portableKernels } from "../../src/index";
import type { Kernels } from "../../src/index";
import { print, sim, text } from "../../hosts/sim/globals";

const [testdata, ...models] = sim.args as [string, ...string[]];
const manifest = JSON.parse(text(sim.readFile(`${testdata}/golden/manifest.json`))) as { models: Record<string, { file: string; cases: { input: string }[] }> };

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function timeInvokes(it: Interpreter, budgetMs: number): { ms: number; runs: number } {
  it.invoke(); // warm
  const times: number[] = [];
  const end = sim.now() + budgetMs;
  while (times.length < 3 || (sim.now() < end && times.length < 100)) {
    const t0 = sim.now();
    it.invoke();
    times.push(sim.now() - t0);
  }
  return { ms: median(times), runs: times.length };
}

const noop = (): void => {};
const noKernels = Object.fromEntries(Object.keys(portableKernels).map((k) => [k, noop])) as unknown as Kernels;

for (const name of models) {
  const m = manifest.models[name]!;
  const bytes = sim.readFile(`${testdata}/${m.file}`);
  const input = new Uint8Array(sim.readFile(`${testdata}/${m.cases[0]!.input}`));

  sim.gc();
  const before = sim.memory();
  const model = Model.from(bytes);
  const native = new Interpreter(model, { kernels: "auto" });
  sim.gc();
  const after = sim.memory();
  const heldBytes = after.chunkUsed + after.slotUsed - (before.chunkUsed + before.slotUsed) - native.arenaBytes;

  native.input(0).bytes.set(input.subarray(0, native.input(0).bytes.length));
  const nativeTime = timeInvokes(native, 2000);
  const portable = new Interpreter(model, { kernels: "portable" });
  portable.input(0).bytes.set(input.subarray(0, portable.input(0).bytes.length));
  const portableTime = timeInvokes(portable, 4000);
  const dispatch = new Interpreter(model, { kernels: noKernels });
  const dispatchTime = timeInvokes(dispatch, 1000);
  print(JSON.stringify({
    model: name,
    arenaBytes: native.arenaBytes,
    macs: native.plan.macs,
    simNativeMs: nativeTime.ms,
    simNativeRuns: nativeTime.runs,
    simPortableMs: portableTime.ms,
    simPortableRuns: portableTime.runs,
    outsideKernelsMs: dispatchTime.ms,
    outsideKernelsShare: dispatchTime.ms / nativeTime.ms,
    xsHeldBytesBeyondArena: heldBytes,
  }));
}
sim.exit(0);
