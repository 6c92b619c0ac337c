/**
 * Inside tinyml-sim: the XS memory (chunk + slot bytes) the runtime holds for a model beyond its
 * arena, step by step, and what each invoke allocates. Per model, after a full GC: the bytes kept
 * by Model.from, then by new Interpreter (the arena excluded); then the bytes allocated by the first
 * and the second invoke (no GC in between: XS counts every allocation until the next collection).
 * Arguments: TESTDATA_DIR auto|portable MODEL [plan=PLAN.bin]; prints one JSON line. One model per
 * process, to count what the first interpreter sets up once (the host's kernel set) with it. With a
 * compiled plan (tinyml compile), its bytes are read before counting starts, as the model's are:
 * both stand for flash; the model boots from it (CompiledPlan.from and CompiledInterpreter.load:
 * no Model.from). Then the boot's time (the fastest of 5 more boots, milliseconds of sim.now()).
 */
import { Interpreter, Model } from "../../src/index";
import { CompiledInterpreter, CompiledPlan } from "../../src/plan/index";
import { print, sim, text } from "../../hosts/sim/globals";

const [testdata, kernels, ...rest] = sim.args as [string, "auto" | "portable", ...string[]];
const planArg = rest.find((a) => a.startsWith("plan="));
const models = rest.filter((a) => a !== planArg);
const planBytes = planArg === undefined ? undefined : sim.readFile(planArg.slice(5));
const manifest = JSON.parse(text(sim.readFile(`${testdata}/golden/manifest.json`))) as {
  models: Record<string, { file: string; arena_used_bytes: number; cases: { input: string }[] }>;
};

const used = (): number => {
  const m = sim.memory();
  return m.chunkUsed + m.slotUsed;
};
// sim.memory() allocates its result: what one call costs is taken off the invoke figures.
used();
const probe = -used() + used();

for (const name of models) {
  const m = manifest.models[name]!;
  const bytes = sim.readFile(`${testdata}/${m.file}`);
  const input = new Uint8Array(sim.readFile(`${testdata}/${m.cases[0]!.input}`));
  const boot = () => (planBytes === undefined ? new Interpreter(Model.from(bytes), { kernels }) : CompiledInterpreter.load(bytes, CompiledPlan.from(planBytes), { kernels }));
  sim.gc();
  const start = used();
  const model = planBytes === undefined ? Model.from(bytes) : null;
  sim.gc();
  const afterModel = used();
  const it = model !== null ? new Interpreter(model, { kernels }) : CompiledInterpreter.load(bytes, CompiledPlan.from(planBytes!), { kernels });
  const inputBytes = it.input(0).bytes;
  sim.gc();
  const afterInterpreter = used();
  inputBytes.set(input.subarray(0, inputBytes.length));
  const beforeInvoke = used();
  it.invoke();
  const afterFirst = used();
  it.invoke();
  const afterSecond = used();
  let bootMs = Infinity;
  for (let k = 0; k < 5; k++) {
    const t0 = sim.now();
    boot();
    bootMs = Math.min(bootMs, sim.now() - t0);
  }
  print(JSON.stringify({
    model: name,
    compiled: planBytes !== undefined,
    slotSize: sim.memory().slotSize,
    arenaBytes: it.arenaBytes,
    tflmArenaUsedBytes: m.arena_used_bytes,
    modelBytes: afterModel - start,
    interpreterBytesBeyondArena: afterInterpreter - afterModel - it.arenaBytes,
    bytesBeyondArena: afterInterpreter - start - it.arenaBytes,
    firstInvokeBytes: afterFirst - beforeInvoke - probe,
    secondInvokeBytes: afterSecond - afterFirst - probe,
    bootMs: Math.round(bootMs * 100) / 100,
  }));
}
sim.exit(0);
