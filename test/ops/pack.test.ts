/** PACK and UNPACK: hand-computed stacks along every axis, and invalid models. */
import test from "ava";
import { BuiltinOperator, TensorType, type TensorDef } from "../helpers/model_builder";
import { expectModelError, load, outputValues, runOp, setInput } from "./shape_ops_helpers";

const { FLOAT32, INT8, INT32 } = TensorType;
const PACK_OPTIONS = 59, UNPACK_OPTIONS = 64;
const packOp = (n: number, axis: number) => ({ op: BuiltinOperator.PACK, inputs: Array.from({ length: n }, (_, i) => i), outputs: [n], optionsType: PACK_OPTIONS, options: [{ id: 0, i32: n }, { id: 1, i32: axis }] });

test("PACK: two [2, 2] along axes 0, 1, 2 and -1", (t) => {
  const a = [1, 2, 3, 4], b = [5, 6, 7, 8];
  const tensors = (out: number[]): TensorDef[] => [{ shape: [2, 2], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }, { shape: out, type: FLOAT32 }];
  t.deepEqual(runOp(tensors([2, 2, 2]), packOp(2, 0), [a, b]), [1, 2, 3, 4, 5, 6, 7, 8]);
  t.deepEqual(runOp(tensors([2, 2, 2]), packOp(2, 1), [a, b]), [1, 2, 5, 6, 3, 4, 7, 8]);
  t.deepEqual(runOp(tensors([2, 2, 2]), packOp(2, 2), [a, b]), [1, 5, 2, 6, 3, 7, 4, 8]);
  t.deepEqual(runOp(tensors([2, 2, 2]), packOp(2, -1), [a, b]), [1, 5, 2, 6, 3, 7, 4, 8]);
  // Three int32 scalars into a vector.
  t.deepEqual(runOp([{ shape: [], type: INT32 }, { shape: [], type: INT32 }, { shape: [], type: INT32 }, { shape: [3], type: INT32 }], packOp(3, 0), [[7], [-8], [9]]), [7, -8, 9]);
});

test("UNPACK: a [2, 3] along axis 1 into three [2], int8", (t) => {
  const q = { scale: 0.5, zeroPoint: 1 };
  const tensors: TensorDef[] = [{ shape: [2, 3], type: INT8, ...q }, { shape: [2], type: INT8, ...q }, { shape: [2], type: INT8, ...q }, { shape: [2], type: INT8, ...q }];
  const it = load(tensors, { op: BuiltinOperator.UNPACK, inputs: [0], outputs: [1, 2, 3], optionsType: UNPACK_OPTIONS, options: [{ id: 0, i32: 3 }, { id: 1, i32: 1 }] });
  setInput(it, 0, [1, 2, 3, 4, 5, -128]);
  it.invoke();
  t.deepEqual([0, 1, 2].map((k) => outputValues(it, k)), [[1, 4], [2, 5], [3, -128]]);
});

test("invalid packs are typed ModelErrors", (t) => {
  expectModelError(t, [{ shape: [2], type: FLOAT32 }, { shape: [3], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }], packOp(2, 0), "BAD_SHAPE", /input .* is \[3\]/);
  expectModelError(t, [{ shape: [2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }, { shape: [2, 3], type: FLOAT32 }], packOp(2, 0), "BAD_SHAPE", /expected \[2, 2\]/);
  expectModelError(t, [{ shape: [2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }], packOp(2, 2), "BAD_SHAPE", /axis 2 is out of range/);
  expectModelError(t, [{ shape: [2, 3], type: FLOAT32 }, { shape: [2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }],
    { op: BuiltinOperator.UNPACK, inputs: [0], outputs: [1, 2], optionsType: UNPACK_OPTIONS, options: [{ id: 0, i32: 2 }, { id: 1, i32: 1 }] }, "BAD_SHAPE", /must agree/);
});
