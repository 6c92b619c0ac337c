/** SQUEEZE, EXPAND_DIMS and SHAPE: byte copies (or constant shapes) with exact shape checks. */
import test from "ava";
import { BuiltinOperator, type Field, OptionsType, TensorType, type TensorDef } from "../helpers/model_builder";
import { expectModelError, expectUnsupported, load, outputValues, runOp, setInput } from "./shape_ops_helpers";

const squeezeOp = (dims?: number[]) => ({
  op: BuiltinOperator.SQUEEZE,
  inputs: [0],
  outputs: [1],
  optionsType: OptionsType.SqueezeOptions,
  options: (dims === undefined ? [] : [{ id: 0, i32s: dims }]) as Field[],
});
const EXPAND = { op: BuiltinOperator.EXPAND_DIMS, inputs: [0, 1], outputs: [2] };
const SHAPE = { op: BuiltinOperator.SHAPE, inputs: [0], outputs: [1] };

const sq = (inShape: number[], outShape: number[], type: number = TensorType.FLOAT32): TensorDef[] => [
  { shape: inShape, type },
  { shape: outShape, type },
];

test("SQUEEZE: all size-1 dimensions, listed ones, negative ones; values unchanged", (t) => {
  t.deepEqual(runOp(sq([1, 2, 1, 3, 1], [2, 3]), squeezeOp(), [[1, 2, 3, 4, 5, 6]]), [1, 2, 3, 4, 5, 6]);
  t.deepEqual(runOp(sq([1, 2, 1, 3, 1], [2, 3]), squeezeOp([]), [[6, 5, 4, 3, 2, 1]]), [6, 5, 4, 3, 2, 1]);
  t.deepEqual(runOp(sq([1, 2, 1, 3, 1], [1, 2, 3, 1], TensorType.INT8), squeezeOp([2]), [[-128, 2, 3, 4, 5, 127]]), [-128, 2, 3, 4, 5, 127]);
  t.deepEqual(runOp(sq([1, 2, 1, 3, 1], [1, 2, 3], TensorType.INT16), squeezeOp([-1, -3]), [[-32768, 2, 3, 4, 5, 32767]]), [-32768, 2, 3, 4, 5, 32767]);
  t.deepEqual(runOp(sq([1, 1], [], TensorType.INT64), squeezeOp(), [[-(2 ** 45)]]), [-(2 ** 45)]);
});

test("SQUEEZE invalid models", (t) => {
  expectModelError(t, sq([1, 2, 1, 3], [2, 1, 3]), squeezeOp(), "BAD_SHAPE", /squeezing/);
  expectModelError(t, sq([1, 2, 1, 3], [6]), squeezeOp(), "BAD_SHAPE");
  expectModelError(t, sq([1, 2, 1, 3], [1, 2, 3]), squeezeOp([1]), "BAD_SHAPE", /is not 1/);
  expectModelError(t, sq([1, 2, 1, 3], [2, 1, 3]), squeezeOp([4]), "BAD_SHAPE", /out of range/);
  expectModelError(t, sq([1, 2, 1, 3], [2, 1, 3]), squeezeOp([-5]), "BAD_SHAPE", /out of range/);
  expectUnsupported(t, [{ shape: [1, 2], type: TensorType.FLOAT32 }, { shape: [2], type: TensorType.INT32 }], squeezeOp(), /types differ/);
});

const ex = (inShape: number[], axis: number[] | bigint[], outShape: number[], type: number = TensorType.FLOAT32): TensorDef[] => [
  { shape: inShape, type },
  typeof axis[0] === "bigint"
    ? { shape: [axis.length], type: TensorType.INT64, data: new BigInt64Array(axis as bigint[]) }
    : { shape: [axis.length], type: TensorType.INT32, data: new Int32Array(axis as number[]) },
  { shape: outShape, type },
];

test("EXPAND_DIMS at the front, middle, end and with negative axes (int32 and int64 axis)", (t) => {
  const x = [1, 2, 3, 4, 5, 6];
  t.deepEqual(runOp(ex([2, 3], [0], [1, 2, 3]), EXPAND, [x]), x);
  t.deepEqual(runOp(ex([2, 3], [1], [2, 1, 3], TensorType.INT8), EXPAND, [x]), x);
  t.deepEqual(runOp(ex([2, 3], [2], [2, 3, 1], TensorType.INT16), EXPAND, [x]), x);
  t.deepEqual(runOp(ex([2, 3], [-1], [2, 3, 1]), EXPAND, [x]), x); // -1 is the new last dimension
  t.deepEqual(runOp(ex([2, 3], [-3], [1, 2, 3]), EXPAND, [x]), x);
  t.deepEqual(runOp(ex([2, 3], [1n], [2, 1, 3], TensorType.BOOL), EXPAND, [[1, 0, 1, 1, 0, 0]]), [1, 0, 1, 1, 0, 0]);
  t.deepEqual(runOp(ex([], [0], [1]), EXPAND, [[7.5]]), [7.5]);
});

test("EXPAND_DIMS invalid models", (t) => {
  expectModelError(t, ex([2, 3], [1], [1, 2, 3]), EXPAND, "BAD_SHAPE", /expanding/);
  expectModelError(t, ex([2, 3], [1], [2, 3]), EXPAND, "BAD_SHAPE");
  expectModelError(t, ex([2, 3], [3], [2, 3, 1]), EXPAND, "BAD_SHAPE", /out of range/);
  expectModelError(t, ex([2, 3], [-4], [1, 2, 3]), EXPAND, "BAD_SHAPE", /out of range/);
  expectModelError(t, ex([2, 3], [0, 1], [1, 2, 3]), EXPAND, "BAD_SHAPE", /one value/);
  const nonConst = ex([2, 3], [0], [1, 2, 3]).map((x, i) => (i === 1 ? { shape: [1], type: TensorType.INT32 } : x));
  expectModelError(t, nonConst, EXPAND, "BAD_FORMAT", /constant/);
  expectUnsupported(t, ex([2, 3], [0], [1, 2, 3]).map((x, i) => (i === 1 ? { ...x, type: TensorType.FLOAT32, data: new Float32Array([0]) } : x)), EXPAND, /axis/);
});

test("SHAPE: int32 and int64 outputs, rewritten on every invoke", (t) => {
  const it = load([{ shape: [2, 1, 5], type: TensorType.INT8 }, { shape: [3], type: TensorType.INT32 }], SHAPE);
  it.output(0).data.fill(-1);
  setInput(it, 0, new Array(10).fill(0));
  it.invoke();
  t.deepEqual(outputValues(it), [2, 1, 5]);
  t.deepEqual(runOp([{ shape: [4, 3], type: TensorType.FLOAT32 }, { shape: [2], type: TensorType.INT64 }], SHAPE, [new Array(12).fill(0)]), [4, 3]);
  expectModelError(t, [{ shape: [4, 3], type: TensorType.FLOAT32 }, { shape: [3], type: TensorType.INT32 }], SHAPE, "BAD_SHAPE");
  expectUnsupported(t, [{ shape: [4, 3], type: TensorType.FLOAT32 }, { shape: [2], type: TensorType.FLOAT32 }], SHAPE, /output/);
});
