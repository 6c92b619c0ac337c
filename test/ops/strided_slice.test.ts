/**
 * STRIDED_SLICE: hand-computed slices for every mask and negative index/stride combination the
 * op supports, randomized slices against Python's slicing rules (which TFLM's StartForAxis /
 * StopForAxis clamping reproduces: a masked index is Python's None, an out-of-range index clamps
 * to the first/last position of the iteration direction), several types, and invalid models.
 */
import test from "ava";
import { BuiltinOperator, type Field, OptionsType, TensorType, type TensorDef } from "../helpers/model_builder";
import { expectModelError, expectUnsupported, indices, iota, rng, runOp, stridesOf } from "./shape_ops_helpers";

interface Masks {
  begin?: number;
  end?: number;
  shrink?: number;
  ellipsis?: number;
  newAxis?: number;
  offset?: boolean;
}

const sliceOp = (m: Masks = {}) => ({
  op: BuiltinOperator.STRIDED_SLICE,
  inputs: [0, 1, 2, 3],
  outputs: [4],
  optionsType: OptionsType.StridedSliceOptions,
  options: [
    { id: 0, i32: m.begin ?? 0 },
    { id: 1, i32: m.end ?? 0 },
    { id: 2, i32: m.ellipsis ?? 0 },
    { id: 3, i32: m.newAxis ?? 0 },
    { id: 4, i32: m.shrink ?? 0 },
    ...(m.offset === undefined ? [] : [{ id: 5, bool: m.offset }]),
  ] as Field[],
});

function model(inShape: number[], begin: number[], end: number[], strides: number[], outShape: number[], type: number = TensorType.INT32, indexType: number = TensorType.INT32): TensorDef[] {
  const idx = (v: number[]) =>
    indexType === TensorType.INT64
      ? { shape: [v.length], type: indexType, data: new BigInt64Array(v.map((x) => BigInt(x))) }
      : { shape: [v.length], type: indexType, data: new Int32Array(v) };
  return [{ shape: inShape, type }, idx(begin), idx(end), idx(strides), { shape: outShape, type }];
}

/** Slices iota(size) (so the output lists the selected positions). */
function slice1(begin: number, end: number, stride: number, outLen: number, m: Masks = {}): number[] {
  return runOp(model([8], [begin], [end], [stride], [outLen]), sliceOp(m), [iota(8)]);
}

test("1-D: positive and negative strides and indices, clamping, hand-computed", (t) => {
  t.deepEqual(slice1(1, 6, 2, 3), [1, 3, 5]);
  t.deepEqual(slice1(-1, -9, -1, 8), [7, 6, 5, 4, 3, 2, 1, 0]); // end -9 + 8 = -1: clamps to -1, so 0 is included
  t.deepEqual(slice1(6, 1, -2, 3), [6, 4, 2]);
  t.deepEqual(slice1(-100, 100, 3, 3), [0, 3, 6]); // begin clamps to 0, end to 8
  t.deepEqual(slice1(10, -100, -4, 2), [7, 3]); // backward: begin clamps to 7, end to -1
  t.deepEqual(slice1(-3, -1, 1, 2), [5, 6]);
  t.deepEqual(slice1(5, 2, 1, 0), []); // empty forward
  t.deepEqual(slice1(2, 5, -1, 0), []); // empty backward
  t.deepEqual(slice1(8, 9, 1, 0), []); // begin past the end
});

test("1-D: begin_mask and end_mask in both directions", (t) => {
  t.deepEqual(slice1(5, 3, 1, 3, { begin: 1 }), [0, 1, 2]); // begin 5 ignored: starts at 0
  t.deepEqual(slice1(0, 2, -1, 5, { begin: 1 }), [7, 6, 5, 4, 3]); // backward: starts at the last element
  t.deepEqual(slice1(7, 0, -3, 3, { end: 1 }), [7, 4, 1]); // backward end_mask runs through element 0
  t.deepEqual(slice1(2, 0, 2, 3, { end: 1 }), [2, 4, 6]);
  t.deepEqual(slice1(3, 3, -1, 8, { begin: 1, end: 1 }), [7, 6, 5, 4, 3, 2, 1, 0]);
  // Mask bits beyond the rank are ignored.
  t.deepEqual(slice1(1, 3, 1, 2, { begin: 2, end: 4 }), [1, 2]);
});

test("1-D: the offset option makes end relative to begin", (t) => {
  t.deepEqual(slice1(2, 3, 1, 3, { offset: true }), [2, 3, 4]);
  t.deepEqual(slice1(-3, 2, 1, 2, { offset: true }), [5, 6]); // begin -3 is 5, end 5 + 2
  t.deepEqual(slice1(2, 3, 1, 1, { offset: false }), [2]);
});

test("2-D: shrink_axis_mask, with negative index, ignored end, begin_mask, and both axes", (t) => {
  const m = (begin: number[], end: number[], strides: number[], out: number[], masks: Masks) => runOp(model([3, 4], begin, end, strides, out), sliceOp(masks), [iota(12)]);
  t.deepEqual(m([-1, 0], [0, 4], [1, 1], [4], { shrink: 1 }), [8, 9, 10, 11]); // end 0 of the shrunk axis does not matter
  t.deepEqual(m([1, 2], [0, 0], [1, 1], [], { shrink: 3 }), [6]); // a scalar
  t.deepEqual(m([0, 3], [3, 0], [1, 1], [3], { shrink: 2 }), [3, 7, 11]);
  // TFLM applies begin_mask before shrinking: index 0 of the masked axis.
  t.deepEqual(m([0, 2], [3, 0], [1, 1], [3], { shrink: 2, begin: 2 }), [0, 4, 8]);
  // A shrunk index below -size clamps to 0 in TFLM (TensorFlow would reject it): row 0.
  t.deepEqual(m([-4, 0], [0, 4], [1, 1], [4], { shrink: 1 }), [0, 1, 2, 3]);
  // A shrunk axis with a stride > 1 still takes one element.
  t.deepEqual(m([2, 1], [0, 4], [5, 2], [2], { shrink: 1 }), [9, 11]);
  // Rows backward (both masks), columns 1..2.
  t.deepEqual(m([0, 1], [0, 3], [-1, 1], [3, 2], { begin: 1, end: 1 }), [9, 10, 5, 6, 1, 2]);
  // Columns backward from -1 down to (not including) -4.
  t.deepEqual(m([0, -1], [2, -4], [1, -1], [2, 3], {}), [3, 2, 1, 7, 6, 5]);
});

test("int16 and int32 slices like the audio preprocessor's [257] -> [5:241]; int8, float32, bool, int64 data", (t) => {
  const src = iota(257, -128);
  for (const type of [TensorType.INT16, TensorType.INT32]) {
    t.deepEqual(runOp(model([257], [5], [241], [1], [236], type), sliceOp(), [src]), src.slice(5, 241));
  }
  t.deepEqual(runOp(model([4], [3], [0], [-2], [2], TensorType.INT8), sliceOp(), [[-128, -1, 1, 127]]), [127, -1]);
  t.deepEqual(runOp(model([2, 2], [0, 1], [2, 2], [1, 1], [2, 1], TensorType.FLOAT32), sliceOp(), [[0.5, -1.25, 3e38, -0]]), [-1.25, -0]);
  t.deepEqual(runOp(model([3], [0], [3], [2], [2], TensorType.BOOL), sliceOp(), [[1, 0, 1]]), [1, 1]);
  t.deepEqual(runOp(model([3], [-1], [-4], [-1], [3], TensorType.INT64), sliceOp(), [[2 ** 40, -(2 ** 40), 5]]), [5, -(2 ** 40), 2 ** 40]);
});

test("int64 begin/end/strides, huge values saturate and clamp", (t) => {
  const big = 2 ** 40;
  t.deepEqual(runOp(model([8], [-big], [big], [3], [3], TensorType.INT32, TensorType.INT64), sliceOp(), [iota(8)]), [0, 3, 6]);
  t.deepEqual(runOp(model([8], [big], [-big], [-3], [3], TensorType.INT32, TensorType.INT64), sliceOp(), [iota(8)]), [7, 4, 1]);
});

/** Python's slice(begin, end, stride).indices(size), None for a masked index: the positions taken. */
function pythonSlice(size: number, begin: number | null, end: number | null, stride: number): number[] {
  const adjust = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    if (v < 0) {
      v += size;
      if (v < 0) v = stride < 0 ? -1 : 0;
    } else if (v >= size) {
      v = stride < 0 ? size - 1 : size;
    }
    return v;
  };
  const start = adjust(begin, stride > 0 ? 0 : size - 1);
  const stop = adjust(end, stride > 0 ? size : -1);
  const out: number[] = [];
  for (let i = start; stride > 0 ? i < stop : i > stop; i += stride) out.push(i);
  return out;
}

test("randomized slices up to 5-D against Python's slicing rules", (t) => {
  const r = rng(2024);
  for (let k = 0; k < 150; k++) {
    const rank = r(1, 5);
    const shape = Array.from({ length: rank }, () => r(1, 4));
    const begin: number[] = [], end: number[] = [], strides: number[] = [];
    let bm = 0, em = 0, sm = 0;
    const picks: number[][] = [];
    for (let a = 0; a < rank; a++) {
      const size = shape[a]!;
      if (r(0, 4) === 0) {
        // A shrunk axis: an in-range index (possibly negative), stride 1, end ignored.
        const i = r(-size, size - 1);
        begin.push(i);
        end.push(r(-6, 6));
        strides.push(1);
        sm |= 1 << a;
        picks.push([i < 0 ? i + size : i]);
        continue;
      }
      let s = r(-3, 3);
      if (s === 0) s = 1;
      const b = r(-6, 6), e = r(-6, 6);
      const maskB = r(0, 3) === 0, maskE = r(0, 3) === 0;
      if (maskB) bm |= 1 << a;
      if (maskE) em |= 1 << a;
      begin.push(b);
      end.push(e);
      strides.push(s);
      picks.push(pythonSlice(size, maskB ? null : b, maskE ? null : e, s));
    }
    const outShape = picks.filter((_, a) => (sm & (1 << a)) === 0).map((p) => p.length);
    const n = shape.reduce((x, y) => x * y, 1);
    const input = Array.from({ length: n }, () => r(-1000, 1000));
    const st = stridesOf(shape);
    const expected: number[] = [];
    for (const idx of indices(picks.map((p) => p.length))) expected.push(input[idx.reduce((acc, v, a) => acc + picks[a]![v]! * st[a]!, 0)]!);
    const type = [TensorType.INT32, TensorType.INT16, TensorType.INT8, TensorType.FLOAT32][k % 4]!;
    const values = type === TensorType.INT8 ? input.map((v) => v % 128) : input;
    const want = type === TensorType.INT8 ? expected.map((v) => v % 128) : expected;
    const out = runOp(model(shape, begin, end, strides, outShape, type), sliceOp({ begin: bm, end: em, shrink: sm }), [values]);
    t.deepEqual(out, want, `case ${k}: shape ${shape} begin ${begin} end ${end} strides ${strides} masks ${bm}/${em}/${sm}`);
  }
});

test("invalid models", (t) => {
  const ok = () => model([3, 4], [0, 0], [3, 4], [1, 1], [3, 4]);
  expectModelError(t, model([3, 4], [0, 0], [3, 4], [1, 1], [3, 3]), sliceOp(), "BAD_SHAPE", /slice/);
  expectModelError(t, model([3, 4], [0, 0], [3, 4], [1, 1], [4, 3]), sliceOp(), "BAD_SHAPE");
  expectModelError(t, model([3, 4], [0, 0], [3, 4], [1, 1], [3]), sliceOp({ shrink: 1 }), "BAD_SHAPE");
  expectModelError(t, model([3, 4], [0, 0], [3, 4], [1, 0], [3, 4]), sliceOp(), "BAD_FORMAT", /stride/);
  expectModelError(t, model([3, 4], [3, 0], [3, 4], [1, 1], [4]), sliceOp({ shrink: 1 }), "BAD_SHAPE", /out of range/);
  expectModelError(t, model([3, 4], [1, 0], [0, 4], [-1, 1], [4]), sliceOp({ shrink: 1 }), "BAD_FORMAT", /negative stride/);
  expectModelError(t, model([3, 4], [0], [3], [1], [3, 4]), sliceOp(), "BAD_SHAPE", /vector of 2/);
  expectModelError(t, model([1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]), sliceOp(), "BAD_SHAPE", /rank 6/);
  const nonConst = ok().map((x, i) => (i === 2 ? { shape: [2], type: TensorType.INT32 } : x));
  expectModelError(t, nonConst, sliceOp(), "BAD_FORMAT", /constant/);
  // TFLM micro ignores these masks; they are refused rather than misread.
  expectUnsupported(t, ok(), sliceOp({ ellipsis: 1 }), /ellipsis_mask/);
  expectUnsupported(t, ok(), sliceOp({ newAxis: 2 }), /new_axis_mask/);
  expectUnsupported(t, ok().map((x, i) => (i === 1 ? { ...x, type: TensorType.FLOAT32, data: new Float32Array([0, 0]) } : x)), sliceOp(), /begin/);
  expectUnsupported(t, ok().map((x, i) => (i === 4 ? { ...x, type: TensorType.INT16 } : x)), sliceOp(), /types differ/);
});
