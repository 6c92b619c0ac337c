/**
 * CAST: C static_cast semantics for every pair TFLM supports, by hand: integer narrowing wraps,
 * integers to float32 round to nearest even, float32 to integers truncates toward zero (out of
 * range as x86-64 builds of TFLM do), bool input gives 0 / 1; bool output is not in TFLM's list.
 */
import test from "ava";
import { Interpreter, Model, ModelError, UnsupportedOpsError } from "../../src/index";
import { BuiltinOperator, singleOpModel, TensorType } from "../helpers/model_builder";

function cast(inType: number, outType: number, values: number[]): number[] {
  const bytes = singleOpModel([{ shape: [values.length], type: inType }, { shape: [values.length], type: outType }], { op: BuiltinOperator.CAST, version: 3, inputs: [0], outputs: [1] });
  const it = new Interpreter(Model.from(bytes));
  const inp = it.input(0), b = inp.bytes;
  if (inType === TensorType.UINT32) new Uint32Array(b.buffer, b.byteOffset, values.length).set(values);
  else (inp.data as unknown as { set(v: number[]): void }).set(values);
  it.invoke();
  const o = it.output(0).bytes;
  if (outType === TensorType.UINT32) return Array.from(new Uint32Array(o.buffer, o.byteOffset, values.length));
  return Array.from(it.output(0).data as ArrayLike<number>);
}
const { INT8, INT16, INT32, UINT32, FLOAT32, BOOL } = TensorType;

test("integer to integer: widening keeps values, narrowing wraps", (t) => {
  t.deepEqual(cast(UINT32, INT32, [0, 2 ** 31 - 1, 2 ** 31 + 5, 4294967295]), [0, 2147483647, -2147483643, -1]);
  t.deepEqual(cast(INT32, UINT32, [-1, 5, -2147483648]), [4294967295, 5, 2147483648]);
  t.deepEqual(cast(INT16, INT32, [-32768, 32767, -1]), [-32768, 32767, -1]);
  t.deepEqual(cast(INT32, INT8, [300, -129, 127, -128, 256]), [44, 127, 127, -128, 0]);
  t.deepEqual(cast(INT32, INT16, [40000, -40000]), [-25536, 25536]);
  t.deepEqual(cast(INT8, UINT32, [-1, 100]), [4294967295, 100]);
  t.deepEqual(cast(UINT32, INT16, [65535, 70000]), [-1, 4464]);
});

test("to float32: rounding to nearest even", (t) => {
  t.deepEqual(cast(INT32, FLOAT32, [16777217, 16777219, -7]), [16777216, 16777220, -7]);
  t.deepEqual(cast(UINT32, FLOAT32, [4294967295]), [4294967296]);
  t.deepEqual(cast(INT8, FLOAT32, [-128, 5]), [-128, 5]);
});

test("float32 to integers: truncation toward zero; out of range as x86-64", (t) => {
  t.deepEqual(cast(FLOAT32, INT32, [2.7, -2.7, -0.5, 2147483520, NaN, 3e9, -3e9]), [2, -2, 0, 2147483520, -2147483648, -2147483648, -2147483648]);
  // Through int32, then the low bits: 300.5 -> 300 -> 44; 3e9 -> INT32_MIN -> 0
  t.deepEqual(cast(FLOAT32, INT8, [300.5, -1.9, 3e9]), [44, -1, 0]);
  t.deepEqual(cast(FLOAT32, INT16, [40000.2, -32768.9]), [-25536, -32768]);
  // Through int64: -1 -> 0xFFFFFFFF, 3e9 stays, 1e20 and NaN -> 0
  t.deepEqual(cast(FLOAT32, UINT32, [-1, 3e9, 1e20, NaN, 7.9]), [4294967295, 3000000000, 0, 0, 7]);
});

test("bool input", (t) => {
  t.deepEqual(cast(BOOL, INT32, [0, 1, 1]), [0, 1, 1]);
  t.deepEqual(cast(BOOL, FLOAT32, [1, 0]), [1, 0]);
});

test("unsupported types and bad shapes", (t) => {
  const load = (inType: number, outType: number, inShape = [2], outShape = [2]) => () =>
    new Interpreter(Model.from(singleOpModel([{ shape: inShape, type: inType }, { shape: outShape, type: outType }], { op: BuiltinOperator.CAST, inputs: [0], outputs: [1] })));
  const u1 = t.throws(load(INT32, BOOL), { instanceOf: UnsupportedOpsError });
  t.regex(u1!.ops[0]!.reason, /output/);
  const u2 = t.throws(load(TensorType.INT64, INT32), { instanceOf: UnsupportedOpsError });
  t.regex(u2!.ops[0]!.reason, /input/);
  const e = t.throws(load(INT32, INT32, [2], [3]), { instanceOf: ModelError });
  t.false(e instanceof UnsupportedOpsError);
  t.is(e?.code, "BAD_SHAPE");
});
