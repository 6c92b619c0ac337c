/** Every golden case of the core models, byte for byte through the API, and arena bytes within TFLM's. */
import test from "ava";
import { Interpreter, Model } from "../src/index";
import { CORE_MODELS, manifest, testdataFile, withTestdata } from "./helpers/testdata";

for (const name of CORE_MODELS) {
  withTestdata(test, `golden ${name}: every case matches TFLM`, (t) => {
    const m = manifest().models[name]!;
    const model = Model.from(testdataFile(m.file));
    const it = new Interpreter(model);
    t.true(m.cases.length > 0);
    for (const c of m.cases) {
      const input = testdataFile(c.input);
      const expected = testdataFile(c.output);
      it.reset(); // each case from a fresh state, as TFLM's golden runs
      const perIn = it.input(0).bytes.length;
      const perOut = it.output(0).bytes.length;
      t.is(input.length, perIn * c.invocations, `case ${c.id}: input size`);
      for (let k = 0; k < c.invocations; k++) {
        it.input(0).bytes.set(input.subarray(k * perIn, (k + 1) * perIn));
        it.invoke();
        const want = expected.subarray(k * perOut, (k + 1) * perOut);
        if (it.output(0).type === "float32") {
          const got = it.output(0).data as Float32Array;
          const ref = new Float32Array(want.buffer.slice(want.byteOffset, want.byteOffset + want.length));
          got.forEach((v, i) => t.true(Math.abs(v - ref[i]!) <= 1e-6 * Math.max(1e-30, Math.abs(ref[i]!)), `case ${c.id}[${i}]: ${v} vs ${ref[i]}`));
        } else {
          t.deepEqual(Buffer.from(it.output(0).bytes), Buffer.from(want), `case ${c.id} invocation ${k}`);
        }
      }
    }
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
