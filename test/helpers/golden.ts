/** Runs golden cases through an interpreter and compares its outputs with TFLM's, case by case. */
import type { ExecutionContext } from "ava";
import type { Interpreter } from "../../src/index";
import { type GoldenModel, testdataFile } from "./testdata";

/** Every case of `m`, each from a fresh state (reset), every invocation's output byte for byte (float32: within 1e-6 relative). */
export function assertGoldenCases(t: ExecutionContext, it: Pick<Interpreter, "reset" | "input" | "output" | "invoke">, m: GoldenModel): void {
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
}
