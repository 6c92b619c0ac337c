/** ABS, NEG, EXP, LOG, SQRT, RSQRT: float32 values by hand and against float32 math; int8 ABS against TFLM's arithmetic; refusals. */
import test from "ava";
import { BuiltinOperator, TensorType } from "../helpers/model_builder";
import { clampTo, mbqm, quantMult } from "../helpers/elementwise_reference";
import { randInt, rng } from "../helpers/random";
import { expectUnsupported, runOp } from "./shape_ops_helpers";

const { INT8, FLOAT32 } = TensorType;
const unary = (op: number) => ({ op, inputs: [0], outputs: [1] });
const floats = (n: number) => [{ shape: [n], type: FLOAT32 }, { shape: [n], type: FLOAT32 }];
const f = Math.fround;

test("float32 by hand: ABS, NEG, SQRT, RSQRT, EXP, LOG (special values as IEEE float)", (t) => {
  const x = [-2.5, 0, 4, -0, 1e-3];
  t.deepEqual(runOp(floats(5), unary(BuiltinOperator.ABS), [x]), [2.5, 0, 4, 0, f(1e-3)]);
  t.deepEqual(runOp(floats(5), unary(BuiltinOperator.NEG), [x]), [2.5, -0, -4, 0, -f(1e-3)]);
  t.deepEqual(runOp(floats(4), unary(BuiltinOperator.SQRT), [[4, 2, 0, -1]]), [2, f(Math.SQRT2), 0, NaN]);
  t.deepEqual(runOp(floats(4), unary(BuiltinOperator.RSQRT), [[4, 0.25, 0, 2]]), [0.5, 2, Infinity, f(1 / f(Math.SQRT2))]);
  t.deepEqual(runOp(floats(4), unary(BuiltinOperator.EXP), [[0, 1, -1000, 100]]), [1, f(Math.E), 0, Infinity]);
  t.deepEqual(runOp(floats(4), unary(BuiltinOperator.LOG), [[1, Math.E, 0, -1]]), [0, f(Math.log(f(Math.E))), -Infinity, NaN]);
});

test("float32: random values within an ulp of the double-precision functions", (t) => {
  const r = rng(91);
  const x = Array.from({ length: 200 }, () => f((r() - 0.3) * 40));
  const cases: [number, (v: number) => number][] = [
    [BuiltinOperator.EXP, Math.exp], [BuiltinOperator.LOG, Math.log], [BuiltinOperator.SQRT, Math.sqrt], [BuiltinOperator.RSQRT, (v) => 1 / Math.sqrt(v)],
  ];
  for (const [op, fn] of cases) {
    const got = runOp(floats(x.length), unary(op), [x]);
    got.forEach((g, i) => {
      const want = fn(x[i]!);
      if (Number.isNaN(want)) t.true(Number.isNaN(g));
      else t.true(Math.abs(g - want) <= Math.abs(want) * 2 ** -23 || g === want, `op ${op} at ${x[i]}: ${g} vs ${want}`);
    });
  }
});

test("int8 ABS: |x - zero point| rescaled (or not, for equal scales), as TFLM", (t) => {
  const all = Array.from({ length: 256 }, (_, i) => i - 128);
  // Equal scales: no rescaling, just the zero points.
  t.deepEqual(runOp([{ shape: [256], type: INT8, scale: 0.1, zeroPoint: 5 }, { shape: [256], type: INT8, scale: 0.1, zeroPoint: -128 }], unary(BuiltinOperator.ABS), [all]),
    all.map((x) => clampTo(Math.abs(x - 5) - 128, -128, 127)));
  const r = rng(7);
  for (let c = 0; c < 30; c++) {
    const si = f(10 ** (-2 + 2 * r())), so = f(10 ** (-2 + 2 * r())), zi = randInt(r, -128, 127), zo = randInt(r, -128, 0);
    const [m, s] = quantMult(f(si / so));
    const got = runOp([{ shape: [256], type: INT8, scale: si, zeroPoint: zi }, { shape: [256], type: INT8, scale: so, zeroPoint: zo }], unary(BuiltinOperator.ABS), [all]);
    t.deepEqual(got, all.map((x) => clampTo(mbqm(Math.abs(x - zi), m, s) + zo, -128, 127)), `case ${c}`);
  }
});

test("types TFLM does not run are listed as unsupported", (t) => {
  const int8 = [{ shape: [2], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [2], type: INT8, scale: 1, zeroPoint: 0 }];
  for (const op of [BuiltinOperator.NEG, BuiltinOperator.EXP, BuiltinOperator.LOG, BuiltinOperator.SQRT, BuiltinOperator.RSQRT]) expectUnsupported(t, int8, unary(op), /int8/);
});
