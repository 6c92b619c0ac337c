/** Every golden case of the core models, byte for byte through the API, and arena bytes within TFLM's. */
import test from "ava";
import { Interpreter, Model } from "../src/index";
import { assertGoldenCases } from "./helpers/golden";
import { CORE_MODELS, manifest, testdataFile, withTestdata } from "./helpers/testdata";

for (const name of CORE_MODELS) {
  withTestdata(test, `golden ${name}: every case matches TFLM`, (t) => {
    const m = manifest().models[name]!;
    assertGoldenCases(t, new Interpreter(Model.from(testdataFile(m.file))), m);
  });

  withTestdata(test, `golden ${name}: arena within TFLM's arena_used_bytes, plan() agrees`, (t) => {
    const m = manifest().models[name]!;
    const model = Model.from(testdataFile(m.file));
    const plan = Interpreter.plan(model);
    const it = new Interpreter(model);
    t.is(plan.arenaBytes, it.arenaBytes);
    t.is(it.arena.byteLength, it.arenaBytes);
    t.true(it.arenaBytes <= m.arena_used_bytes, `${it.arenaBytes} > TFLM's ${m.arena_used_bytes}`);
  });
}
