/**
 * Inside tinyml-sim: invoke allocates nothing in the XS heap (chunks and slots stay exactly as they
 * were), from the very first one, with native and with TypeScript kernels, and booted from the
 * model's compiled plan (compiled here, CompiledInterpreter.load: the C plan runner with native kernels).
 * Arguments: TESTDATA_DIR MODEL...
 */
import { Interpreter, Model } from "../../src/index";
import { CompiledInterpreter, CompiledPlan, compilePlan } from "../../src/plan/index";
import { check, finish, goldenModels, sim } from "./harness";

const [testdata, ...models] = sim.args as [string, ...string[]];
const manifest = { models: goldenModels(testdata) };

sim.memory(); // its first call sets things up once
for (const name of models) {
  const m = manifest.models[name]!;
  const bytes = sim.readFile(`${testdata}/${m.file}`);
  const model = Model.from(bytes);
  const input = new Uint8Array(sim.readFile(`${testdata}/${m.cases[0]!.input}`));
  for (const [kernels, compiled] of [["auto", false], ["portable", false], ["auto", true], ["portable", true]] as const) {
    const it = compiled ? CompiledInterpreter.load(bytes, CompiledPlan.from(compilePlan(model, { kernels })), { kernels }) : new Interpreter(model, { kernels });
    it.input(0).bytes.set(input.subarray(0, it.input(0).bytes.length));
    const macs = it.profile.reduce((a, p) => a + p.macs, 0);
    const runs = kernels === "portable" && macs > 1e6 ? 2 : 20;
    sim.gc();
    // sim.memory() allocates its own result: measure that cost and subtract it.
    const m0 = sim.memory();
    const m1 = sim.memory();
    for (let i = 0; i < runs; i++) it.invoke();
    const m2 = sim.memory();
    const slots = m2.slotUsed - m1.slotUsed - (m1.slotUsed - m0.slotUsed);
    const chunks = m2.chunkUsed - m1.chunkUsed - (m1.chunkUsed - m0.chunkUsed);
    check(`${name}:${kernels}${compiled ? ":plan" : ""}`, slots === 0 && chunks === 0, `slot bytes ${slots}, chunk bytes ${chunks} over ${runs} invokes`);
  }
}
finish();
