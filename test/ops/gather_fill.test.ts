/** GATHER, FILL and ZEROS_LIKE: hand-computed cases, a random GATHER against a direct index reference, and errors. */
import test from "ava";
import { TinyMLArgumentError } from "../../src/errors";
import { BuiltinOperator, TensorType, type TensorDef } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { expectModelError, load, outputValues, runOp, setInput } from "./shape_ops_helpers";

const { FLOAT32, INT8, INT32, INT64 } = TensorType;
const GATHER_OPTIONS = 23;
const gatherOp = (axis: number, batchDims = 0) => ({ op: BuiltinOperator.GATHER, inputs: [0, 1], outputs: [2], optionsType: GATHER_OPTIONS, options: [{ id: 0, i32: axis }, { id: 1, i32: batchDims }] });

test("GATHER: rows, columns, repeated and constant indices", (t) => {
  const params = [1, 2, 3, 4, 5, 6]; // [3, 2]
  t.deepEqual(runOp([{ shape: [3, 2], type: FLOAT32 }, { shape: [2], type: INT32 }, { shape: [2, 2], type: FLOAT32 }], gatherOp(0), [params, [2, 0]]), [5, 6, 1, 2]);
  t.deepEqual(runOp([{ shape: [3, 2], type: FLOAT32 }, { shape: [3], type: INT32 }, { shape: [3, 3], type: FLOAT32 }], gatherOp(1), [params, [1, 1, 0]]), [2, 2, 1, 4, 4, 3, 6, 6, 5]);
  t.deepEqual(runOp([{ shape: [4], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [2, 2], type: INT32, data: new Int32Array([3, 0, 1, 3]) }, { shape: [2, 2], type: INT8, scale: 1, zeroPoint: 0 }], gatherOp(0), [[-1, 2, -3, 4]]), [4, -1, 2, 4]);
});

test("GATHER: random shapes, axes and batch_dims against a direct index computation", (t) => {
  const r = rng(55);
  for (let c = 0; c < 60; c++) {
    const rank = randInt(r, 1, 4);
    const p = Array.from({ length: rank }, () => randInt(r, 1, 4));
    const axis = randInt(r, 0, rank - 1), batchDims = randInt(r, 0, Math.min(axis, 1));
    const idxShape = [...p.slice(0, batchDims), ...Array.from({ length: randInt(r, 0, 2) }, () => randInt(r, 1, 3))];
    const out = [...p.slice(0, axis), ...idxShape.slice(batchDims), ...p.slice(axis + 1)];
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const x = Array.from({ length: size(p) }, () => randInt(r, -1000, 1000));
    const idx = Array.from({ length: size(idxShape) }, () => randInt(r, 0, p[axis]! - 1));
    const got = runOp([{ shape: p, type: INT32 }, { shape: idxShape, type: INT32 }, { shape: out, type: INT32 }], gatherOp(axis, batchDims), [x, idx]);
    // Reference: for every output multi-index, the params element it names.
    const strides = (s: number[]) => s.map((_, i) => size(s.slice(i + 1)));
    const want = Array.from({ length: size(out) }, (_, flat) => {
      const o = out.map((d, i) => Math.floor(flat / strides(out)[i]!) % d);
      const ic = o.slice(axis, axis + idxShape.length - batchDims);
      const iIndex = [...o.slice(0, batchDims), ...ic];
      const i = idx[iIndex.reduce((s, v, k) => s + v * strides(idxShape)[k]!, 0)]!;
      const pi = [...o.slice(0, axis), i, ...o.slice(axis + idxShape.length - batchDims)];
      return x[pi.reduce((s, v, k) => s + v * strides(p)[k]!, 0)]!;
    });
    t.deepEqual(got, want, `case ${c}: params [${p}] axis ${axis} batch_dims ${batchDims} indices [${idxShape}]`);
  }
});

test("GATHER: an index outside the axis is a TinyMLArgumentError at invoke; bad shapes at load", (t) => {
  const it = load([{ shape: [3], type: FLOAT32 }, { shape: [1], type: INT32 }, { shape: [1], type: FLOAT32 }], gatherOp(0));
  setInput(it, 0, [1, 2, 3]);
  setInput(it, 1, [3]);
  t.throws(() => it.invoke(), { instanceOf: TinyMLArgumentError, message: /index 3 is outside 0..2/ });
  setInput(it, 1, [-1]);
  t.throws(() => it.invoke(), { instanceOf: TinyMLArgumentError });
  setInput(it, 1, [2]);
  it.invoke();
  t.deepEqual(outputValues(it), [3]);
  expectModelError(t, [{ shape: [3, 2], type: FLOAT32 }, { shape: [2], type: INT32 }, { shape: [2, 3], type: FLOAT32 }], gatherOp(0), "BAD_SHAPE", /expected \[2, 2\]/);
  expectModelError(t, [{ shape: [3, 2], type: FLOAT32 }, { shape: [2], type: INT32 }, { shape: [2, 2], type: FLOAT32 }], gatherOp(2), "BAD_SHAPE", /axis 2/);
});

test("FILL: float32, int8 and int64 values into the constant dims' shape; ZEROS_LIKE", (t) => {
  const dims = (d: number[]): TensorDef => ({ shape: [d.length], type: INT32, data: new Int32Array(d) });
  t.deepEqual(runOp([dims([2, 3]), { shape: [], type: FLOAT32 }, { shape: [2, 3], type: FLOAT32 }], { op: BuiltinOperator.FILL, inputs: [0, 1], outputs: [2] }, [[1.5]]), [1.5, 1.5, 1.5, 1.5, 1.5, 1.5]);
  t.deepEqual(runOp([dims([3]), { shape: [], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [3], type: INT8, scale: 1, zeroPoint: 0 }], { op: BuiltinOperator.FILL, inputs: [0, 1], outputs: [2] }, [[-7]]), [-7, -7, -7]);
  t.deepEqual(runOp([dims([2]), { shape: [], type: INT64 }, { shape: [2], type: INT64 }], { op: BuiltinOperator.FILL, inputs: [0, 1], outputs: [2] }, [[-5000000000n]]), [-5000000000, -5000000000]);
  expectModelError(t, [dims([2, 2]), { shape: [], type: FLOAT32 }, { shape: [2, 3], type: FLOAT32 }], { op: BuiltinOperator.FILL, inputs: [0, 1], outputs: [2] }, "BAD_SHAPE", /differ from the output/);
  expectModelError(t, [{ shape: [1], type: INT32 }, { shape: [], type: FLOAT32 }, { shape: [2], type: FLOAT32 }], { op: BuiltinOperator.FILL, inputs: [0, 1], outputs: [2] }, "BAD_FORMAT", /constant/);
  expectModelError(t, [dims([2]), { shape: [1], type: FLOAT32 }, { shape: [2], type: FLOAT32 }], { op: BuiltinOperator.FILL, inputs: [0, 1], outputs: [2] }, "BAD_SHAPE", /scalar/);
  const it = load([{ shape: [2, 2], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }], { op: BuiltinOperator.ZEROS_LIKE, inputs: [0], outputs: [1] });
  setInput(it, 0, [1, 2, 3, 4]);
  it.output(0).bytes.fill(0x55); // so that an op writing nothing would fail
  it.invoke();
  t.deepEqual(outputValues(it), [0, 0, 0, 0]);
});
