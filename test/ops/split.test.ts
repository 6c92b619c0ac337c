/** SPLIT and SPLIT_V: hand-computed splits along every axis, several types, -1 sizes, invalid models. */
import test from "ava";
import { BuiltinOperator, TensorType, type TensorDef } from "../helpers/model_builder";
import { expectModelError, load, outputValues, setInput } from "./shape_ops_helpers";

const { INT8, INT16, FLOAT32, INT32 } = TensorType;
const SPLIT_OPTIONS = 35, SPLIT_V_OPTIONS = 79;

function runSplit(tensors: TensorDef[], op: { op: number; inputs: number[]; outputs: number[]; optionsType: number; options: { id: number; i32: number }[] }, input: number[], dataIndex: number): number[][] {
  const it = load(tensors, op);
  const inputSlot = op.inputs.filter((i) => tensors[i]!.data === undefined).indexOf(dataIndex);
  setInput(it, inputSlot, input);
  it.invoke();
  return op.outputs.map((_, k) => outputValues(it, k));
}

const axisTensor = (axis: number): TensorDef => ({ shape: [], type: INT32, data: new Int32Array([axis]) });

test("SPLIT: equal parts along axis 1 and along a negative axis", (t) => {
  // [[1, 2, 3, 4], [5, 6, 7, 8]] into two [2, 2].
  const x = [1, 2, 3, 4, 5, 6, 7, 8];
  const tensors: TensorDef[] = [axisTensor(1), { shape: [2, 4], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }];
  t.deepEqual(runSplit(tensors, { op: BuiltinOperator.SPLIT, inputs: [0, 1], outputs: [2, 3], optionsType: SPLIT_OPTIONS, options: [{ id: 0, i32: 2 }] }, x, 1), [[1, 2, 5, 6], [3, 4, 7, 8]]);
  const rows: TensorDef[] = [axisTensor(-2), { shape: [2, 4], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [1, 4], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [1, 4], type: INT8, scale: 1, zeroPoint: 0 }];
  t.deepEqual(runSplit(rows, { op: BuiltinOperator.SPLIT, inputs: [0, 1], outputs: [2, 3], optionsType: SPLIT_OPTIONS, options: [{ id: 0, i32: 2 }] }, [-1, 2, -3, 4, 5, -6, 7, -128], 1), [[-1, 2, -3, 4], [5, -6, 7, -128]]);
});

test("SPLIT_V: sizes with a -1, int16, three outputs along the last axis", (t) => {
  const x = Array.from({ length: 12 }, (_, i) => i * 1000 - 6000); // [2, 6]
  const tensors: TensorDef[] = [
    { shape: [2, 6], type: INT16 }, { shape: [3], type: INT32, data: new Int32Array([1, -1, 2]) }, axisTensor(1),
    { shape: [2, 1], type: INT16 }, { shape: [2, 3], type: INT16 }, { shape: [2, 2], type: INT16 },
  ];
  t.deepEqual(runSplit(tensors, { op: BuiltinOperator.SPLIT_V, inputs: [0, 1, 2], outputs: [3, 4, 5], optionsType: SPLIT_V_OPTIONS, options: [{ id: 0, i32: 3 }] }, x, 0), [
    [-6000, 0], [-5000, -4000, -3000, 1000, 2000, 3000], [-2000, -1000, 4000, 5000],
  ]);
});

test("invalid splits are typed ModelErrors", (t) => {
  const op = (n: number, outputs: number[]) => ({ op: BuiltinOperator.SPLIT, inputs: [0, 1], outputs, optionsType: SPLIT_OPTIONS, options: [{ id: 0, i32: n }] });
  const base: TensorDef[] = [axisTensor(1), { shape: [2, 5], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }, { shape: [2, 3], type: FLOAT32 }];
  expectModelError(t, base, op(2, [2, 3]), "BAD_SHAPE", /does not split into 2 equal parts/);
  expectModelError(t, [axisTensor(2), ...base.slice(1)], op(2, [2, 3]), "BAD_SHAPE", /axis 2 is out of range/);
  expectModelError(t, [{ shape: [], type: INT32 }, ...base.slice(1)], op(2, [2, 3]), "BAD_FORMAT", /axis .* must be a constant tensor/);
  const even: TensorDef[] = [axisTensor(1), { shape: [2, 4], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }, { shape: [2, 3], type: FLOAT32 }];
  expectModelError(t, even, op(2, [2, 3]), "BAD_SHAPE", /output 1 .* is \[2, 3\], expected \[2, 2\]/);
  expectModelError(t, even, op(3, [2, 3]), "BAD_FORMAT", /num_splits 3/);
  const v = (sizes: number[]) => [{ shape: [2, 6], type: FLOAT32 }, { shape: [sizes.length], type: INT32, data: new Int32Array(sizes) }, axisTensor(1), { shape: [2, 3], type: FLOAT32 }, { shape: [2, 3], type: FLOAT32 }] as TensorDef[];
  const vop = { op: BuiltinOperator.SPLIT_V, inputs: [0, 1, 2], outputs: [3, 4], optionsType: SPLIT_V_OPTIONS, options: [{ id: 0, i32: 2 }] };
  expectModelError(t, v([-1, -1]), vop, "BAD_SHAPE", /one -1/);
  expectModelError(t, v([2, 2]), vop, "BAD_SHAPE", /do not add up/);
});
