/**
 * MEAN (and SUM, REDUCE_MAX, REDUCE_MIN): float32 in C float arithmetic, int8 against an exact
 * BigInt re-derivation of TFLM's QuantizedMeanOrSum, hand-computed rounding and saturation cases,
 * edge cases (empty axis list, duplicate and negative axes, empty tensors) and invalid models.
 */
import test from "ava";
import { BuiltinOperator, type Field, OptionsType, TensorType, type TensorDef } from "../helpers/model_builder";
import { expectModelError, expectUnsupported, indices, iota, rng, runOp, stridesOf } from "./shape_ops_helpers";

const f32 = Math.fround;
const FLT_MAX = 3.4028234663852886e38;

const reduceOp = (code: number, keepDims: boolean) => ({
  op: code,
  inputs: [0, 1],
  outputs: [2],
  optionsType: OptionsType.ReducerOptions,
  options: [{ id: 0, bool: keepDims }] as Field[],
});
const MEAN = (keep = false) => reduceOp(BuiltinOperator.MEAN, keep);

function model(inShape: number[], axes: number[], outShape: number[], type: number, inQ: object = {}, outQ: object = inQ): TensorDef[] {
  return [
    { shape: inShape, type, ...inQ },
    { shape: [axes.length], type: TensorType.INT32, data: new Int32Array(axes) },
    { shape: outShape, type, ...outQ },
  ];
}

/** Groups input values by output position: positions along reduced axes collapse (row-major order kept). */
function groups(input: number[], shape: number[], axes: number[]): number[][] {
  const rank = shape.length;
  const red = new Set(axes.map((a) => (a < 0 ? a + rank : a)));
  const outShape = shape.map((d, i) => (red.has(i) ? 1 : d));
  const ost = stridesOf(outShape), ist = stridesOf(shape);
  const out: number[][] = Array.from({ length: outShape.reduce((a, b) => a * b, 1) }, () => []);
  for (const idx of indices(shape)) {
    const o = idx.reduce((acc, v, i) => acc + (red.has(i) ? 0 : v * ost[i]!), 0);
    out[o]!.push(input[idx.reduce((acc, v, i) => acc + v * ist[i]!, 0)]!);
  }
  return out;
}

/**
 * TFLM's QuantizedMeanOrSum, re-derived with exact BigInt integers from its definition (not from
 * this runtime's code): (1) QuantizeMultiplier(in_scale / out_scale): the ratio as m * 2^e with
 * m in [0.5, 1), q = round(m * 2^31) (2^31 becomes 2^30, e + 1); (2) MEAN folds the division in:
 * s = min(floor(log2 n), 32, 31 + e), q = floor(q * 2^s / n), e -= s; (3) per output,
 * x = int32(sum - zp_in * n) goes through gemmlowp's MultiplyByQuantizedMultiplier (left shift by
 * max(e, 0), saturating rounding doubling high multiply with its nudge and C truncation, rounding
 * right shift by max(-e, 0) half away from zero), then + zp_out, clamped to int8.
 */
function tflmQuantizedMean(sums: number[], n: number, inScale: number, outScale: number, zpIn: number, zpOut: number, isMean: boolean, lo = -128, hi = 127): number[] {
  let m = f32(inScale) / f32(outScale), e = 0;
  while (m >= 1) { m /= 2; e++; }
  while (m < 0.5) { m *= 2; e--; }
  let q = BigInt(Math.round(m * 2 ** 31));
  if (q === 2n ** 31n) { q /= 2n; e++; }
  if (isMean && n > 0) {
    let s = 0;
    while (2 ** (s + 1) <= n) s++;
    s = Math.min(s, 32, 31 + e);
    q = (q << BigInt(s)) / BigInt(n);
    e -= s;
  }
  const srdhm = (a: bigint, b: bigint) => {
    if (a === -(2n ** 31n) && b === -(2n ** 31n)) return 2n ** 31n - 1n;
    const ab = a * b;
    return (ab + (ab >= 0n ? 2n ** 30n : 1n - 2n ** 30n)) / 2n ** 31n; // BigInt division truncates, as C's
  };
  const rdbpot = (x: bigint, k: number) => {
    if (k === 0) return x;
    const half = 1n << BigInt(k - 1);
    return x >= 0n ? (x + half) >> BigInt(k) : -((-x + half) >> BigInt(k));
  };
  return sums.map((sum) => {
    const x = BigInt.asIntN(32, BigInt(sum) - BigInt(zpIn) * BigInt(n));
    const shifted = BigInt.asIntN(32, x << BigInt(Math.max(e, 0)));
    const y = Number(rdbpot(srdhm(shifted, q), Math.max(-e, 0))) + zpOut;
    return Math.min(hi, Math.max(lo, y));
  });
}

test("int8 MEAN, hand-computed: rounding of halves, rescaling, zero points, saturation", (t) => {
  const same = { scale: 0.5, zeroPoint: 0 };
  // Ratio 1: multiplier 2^30 with shift 1; count 2 folds to 2^30 with shift 0.
  // 1.5 rounds up to 2, and -1.5 also rounds up, to -1 (the high multiply's nudge rounds halves toward +inf).
  t.deepEqual(runOp(model([2, 2], [1], [2], TensorType.INT8, same), MEAN(), [[1, 2, -1, -2]]), [2, -1]);
  // Ratio 2 (0.5 -> 0.25), count 3: multiplier floor(2^31 / 3) = 715827882, shift 1; 7 * 2 / 3 = 4.67 -> 5.
  t.deepEqual(runOp(model([3], [0], [], TensorType.INT8, { scale: 0.5, zeroPoint: 0 }, { scale: 0.25, zeroPoint: 0 }), MEAN(), [[1, 2, 4]]), [5]);
  // Global average over H, W keeping dims, zero point -3 on both sides: (0 + 3 + 4 + 5) / 4 = 3 -> q 0.
  t.deepEqual(runOp(model([1, 2, 2, 1], [1, 2], [1, 1, 1, 1], TensorType.INT8, { scale: 0.1, zeroPoint: -3 }), MEAN(true), [[-3, 0, 1, 2]]), [0]);
  // Ratio 100 saturates both ways.
  const sat = model([2, 2], [1], [2], TensorType.INT8, { scale: 1, zeroPoint: 0 }, { scale: 0.01, zeroPoint: 0 });
  t.deepEqual(runOp(sat, MEAN(), [[100, 100, -100, -99]]), [127, -128]);
  // Output zero point added after the rescale: mean 10 * 1 + 7.
  t.deepEqual(runOp(model([2], [0], [], TensorType.INT8, { scale: 0.2, zeroPoint: 0 }, { scale: 0.2, zeroPoint: 7 }), MEAN(), [[9, 11]]), [17]);
});

test("int8 MEAN randomized against the BigInt re-derivation (and within 1 of the real-valued mean)", (t) => {
  const r = rng(5);
  for (let k = 0; k < 120; k++) {
    const rank = r(1, 4);
    const shape = Array.from({ length: rank }, () => r(1, 5));
    const axes = iota(rank).filter(() => r(0, 1) === 1).map((a) => (r(0, 1) ? a - rank : a));
    const keep = r(0, 1) === 1;
    const red = new Set(axes.map((a) => (a < 0 ? a + rank : a)));
    const outShape = keep ? shape.map((d, i) => (red.has(i) ? 1 : d)) : shape.filter((_, i) => !red.has(i));
    const inScale = f32(r(1, 1000) / 4000), outScale = f32(k % 5 === 0 ? inScale : r(1, 1000) / 4000);
    const zpIn = r(-128, 127), zpOut = k % 5 === 0 ? zpIn : r(-128, 127);
    const input = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r(-128, 127));
    const g = groups(input, shape, axes);
    const n = g[0]!.length;
    const expected = tflmQuantizedMean(g.map((v) => v.reduce((a, b) => a + b, 0)), n, inScale, outScale, zpIn, zpOut, true);
    const out = runOp(model(shape, axes, outShape, TensorType.INT8, { scale: inScale, zeroPoint: zpIn }, { scale: outScale, zeroPoint: zpOut }), MEAN(keep), [input]);
    t.deepEqual(out, expected, `case ${k}: ${shape} axes ${axes} scales ${inScale}/${outScale} zps ${zpIn}/${zpOut}`);
    g.forEach((v, i) => {
      const real = zpOut + (inScale / outScale) * (v.reduce((a, b) => a + b, 0) / n - zpIn);
      const clamped = Math.min(127, Math.max(-128, Math.round(real)));
      t.true(Math.abs(out[i]! - clamped) <= 1, `case ${k}[${i}]: ${out[i]} vs real ${real}`);
    });
  }
});

test("int8 MEAN over large counts (the 2^s / n folding with s capped at 31 + shift)", (t) => {
  // 1 x 40 x 40 x 2, global average with a tiny ratio: shift near -31 caps s.
  const shape = [1, 40, 40, 2];
  const r = rng(77);
  const input = Array.from({ length: 3200 }, () => r(-128, 127));
  for (const [inScale, outScale] of [[1e-9, 1], [0.02, 0.02], [0.5, 0.001]] as const) {
    const g = groups(input, shape, [1, 2]);
    const expected = tflmQuantizedMean(g.map((v) => v.reduce((a, b) => a + b, 0)), 1600, inScale, outScale, 4, -9, true);
    const out = runOp(model(shape, [1, 2], [1, 1, 1, 2], TensorType.INT8, { scale: inScale, zeroPoint: 4 }, { scale: outScale, zeroPoint: -9 }), MEAN(true), [input]);
    t.deepEqual(out, expected, `scales ${inScale}/${outScale}`);
  }
});

test("int16 MEAN (16x8 models): hand-computed, and randomized against the BigInt re-derivation clamped to int16", (t) => {
  // Ratio 1, count 2: (1001 + 1002) / 2 = 1001.5 rounds up; (-1001 - 1002) / 2 = -1001.5 rounds up too (the nudge).
  t.deepEqual(runOp(model([2, 2], [1], [2], TensorType.INT16, { scale: 0.5, zeroPoint: 0 }), MEAN(), [[1001, 1002, -1001, -1002]]), [1002, -1001]);
  // Ratio 4 saturates at the int16 bounds, not the int8 ones.
  const sat = model([2, 2], [1], [2], TensorType.INT16, { scale: 1, zeroPoint: 0 }, { scale: 0.25, zeroPoint: 0 });
  t.deepEqual(runOp(sat, MEAN(), [[9000, 9000, 200, 100]]), [32767, 600]);
  const r = rng(16);
  for (let k = 0; k < 60; k++) {
    const rank = r(1, 4);
    const shape = Array.from({ length: rank }, () => r(1, 5));
    const axes = iota(rank).filter(() => r(0, 1) === 1);
    const red = new Set(axes);
    const outShape = shape.filter((_, i) => !red.has(i));
    const inScale = f32(r(1, 1000) / 400000), outScale = f32(k % 4 === 0 ? inScale : r(1, 1000) / 400000);
    const zpIn = k % 3 === 0 ? r(-100, 100) : 0, zpOut = 0;
    const input = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r(-32768, 32767));
    const g = groups(input, shape, axes);
    const expected = tflmQuantizedMean(g.map((v) => v.reduce((a, b) => a + b, 0)), g[0]!.length, inScale, outScale, zpIn, zpOut, true, -32768, 32767);
    const out = runOp(model(shape, axes, outShape, TensorType.INT16, { scale: inScale, zeroPoint: zpIn }, { scale: outScale, zeroPoint: zpOut }), MEAN(), [input]);
    t.deepEqual(out, expected, `case ${k}: ${shape} axes ${axes} scales ${inScale}/${outScale} zp ${zpIn}`);
  }
});

test("float32 MEAN: C float sums in input order, divided by float(count)", (t) => {
  t.deepEqual(runOp(model([2, 3], [1], [2], TensorType.FLOAT32), MEAN(), [[1, 2, 3, -1, -2, -4]]), [2, f32(-7 / 3)]);
  const x = [0.1, 0.2, 0.4, 1e8, 1, -1e8];
  const want = [f32(f32(f32(f32(0.1) + f32(0.2)) + f32(0.4)) / 3), f32(f32(f32(1e8 + 1) - 1e8) / 3)];
  t.deepEqual(runOp(model([2, 3], [-1], [2], TensorType.FLOAT32), MEAN(), [x]), want);
  // The 1e8 + 1 sum loses the 1 in float32: the mean is 0, not 1/3.
  t.is(want[1], 0);
});

test("float32 MEAN over H, W of 4-D (TFLM's special path) and over other axis sets", (t) => {
  const r = rng(3);
  const shape = [2, 3, 4, 5];
  const input = Array.from({ length: 120 }, () => f32(r(-1000, 1000) / 7));
  const ref = (axes: number[]) =>
    groups(input, shape, axes).map((v) => {
      let s = 0;
      for (const y of v) s = f32(s + y);
      return f32(s / f32(v.length));
    });
  for (const [axes, keep] of [[[1, 2], true], [[2, 1], true], [[1, 2], false], [[-3, -2], true], [[0, 3], false], [[0, 1, 2, 3], false], [[3, 1], true]] as [number[], boolean][]) {
    const red = new Set(axes.map((a) => (a < 0 ? a + 4 : a)));
    const outShape = keep ? shape.map((d, i) => (red.has(i) ? 1 : d)) : shape.filter((_, i) => !red.has(i));
    const out = runOp(model(shape, axes, outShape, TensorType.FLOAT32), MEAN(keep), [input]);
    t.deepEqual(out, ref(axes), `axes ${axes} keep ${keep}`);
  }
});

test("empty axis list, duplicate and negative axes", (t) => {
  // No axes: every element is its own mean (int8: requantized 0.5 -> 0.25 doubles the values).
  t.deepEqual(runOp(model([3], [], [3], TensorType.FLOAT32), MEAN(), [[1.5, -2, 3]]), [1.5, -2, 3]);
  t.deepEqual(runOp(model([3], [], [3], TensorType.INT8, { scale: 0.5, zeroPoint: 0 }, { scale: 0.25, zeroPoint: 0 }), MEAN(), [[10, -20, 70]]), [20, -40, 127]);
  // Axis 1 given three times counts once.
  t.deepEqual(runOp(model([2, 2], [1, -1, 1], [2], TensorType.FLOAT32), MEAN(), [[1, 2, 3, 5]]), [1.5, 4]);
});

test("empty input: int8 outputs 0 (not the zero point), float 0, and NaN on TFLM's special 4-D path", (t) => {
  t.deepEqual(runOp(model([0, 3], [0], [3], TensorType.INT8, { scale: 1, zeroPoint: 5 }), MEAN(), [[]]), [0, 0, 0]);
  t.deepEqual(runOp(model([0, 3], [0], [3], TensorType.FLOAT32), MEAN(), [[]]), [0, 0, 0]);
  t.deepEqual(runOp(model([1, 0, 2, 3], [1, 2], [1, 1, 1, 3], TensorType.FLOAT32), MEAN(true), [[]]), [NaN, NaN, NaN]);
  t.deepEqual(runOp(model([1, 0, 2, 3], [1, 2], [1, 3], TensorType.FLOAT32), MEAN(false), [[]]), [0, 0, 0]);
  t.deepEqual(runOp(model([0, 2], [0], [2], TensorType.FLOAT32), reduceOp(BuiltinOperator.REDUCE_MAX, false), [[]]), [-FLT_MAX, -FLT_MAX]);
});

test("SUM: float32 in order, int8 requantized without the division", (t) => {
  t.deepEqual(runOp(model([2, 3], [1], [2, 1], TensorType.FLOAT32), reduceOp(BuiltinOperator.SUM, true), [[1e8, 1, -1e8, 0.5, 0.25, 2]]), [0, 2.75]);
  const q = { scale: 0.5, zeroPoint: 1 };
  // Sum of (x - 1) = 0 + 1 + 2 = 3, ratio 1, + 1 = 4; then saturation.
  t.deepEqual(runOp(model([2, 3], [1], [2], TensorType.INT8, q), reduceOp(BuiltinOperator.SUM, false), [[1, 2, 3, 100, 100, 100]]), [4, 127]);
  const r = rng(8);
  for (let k = 0; k < 20; k++) {
    const input = Array.from({ length: 12 }, () => r(-128, 127));
    const inScale = f32(r(1, 100) / 1000), outScale = f32(r(1, 100) / 100);
    const g = groups(input, [3, 4], [1]);
    const expected = tflmQuantizedMean(g.map((v) => v.reduce((a, b) => a + b, 0)), 4, inScale, outScale, -2, 3, false);
    t.deepEqual(runOp(model([3, 4], [1], [3], TensorType.INT8, { scale: inScale, zeroPoint: -2 }, { scale: outScale, zeroPoint: 3 }), reduceOp(BuiltinOperator.SUM, false), [input]), expected);
  }
});

test("REDUCE_MAX and REDUCE_MIN: float32 (NaN skipped, -inf floors at -FLT_MAX) and int8", (t) => {
  const MAX = reduceOp(BuiltinOperator.REDUCE_MAX, false), MIN = reduceOp(BuiltinOperator.REDUCE_MIN, false);
  const x = [1, NaN, -3, -Infinity, -Infinity, -Infinity, 5, Infinity, 0];
  t.deepEqual(runOp(model([3, 3], [1], [3], TensorType.FLOAT32), MAX, [x]), [1, -FLT_MAX, Infinity]);
  t.deepEqual(runOp(model([3, 3], [1], [3], TensorType.FLOAT32), MIN, [x]), [-3, -Infinity, 0]);
  const q = { scale: 0.1, zeroPoint: 2 };
  t.deepEqual(runOp(model([2, 3], [0], [3], TensorType.INT8, q), MAX, [[-128, 5, 127, -7, 6, 0]]), [-7, 6, 127]);
  t.deepEqual(runOp(model([2, 3], [0, 1], [], TensorType.INT8, q), MIN, [[-127, 5, 127, -7, 6, 0]]), [-127]);
});

test("invalid models", (t) => {
  const q = { scale: 0.5, zeroPoint: 0 };
  expectModelError(t, model([2, 3], [1], [3], TensorType.FLOAT32), MEAN(), "BAD_SHAPE", /reducing/);
  expectModelError(t, model([2, 3], [1], [2], TensorType.FLOAT32), MEAN(true), "BAD_SHAPE", /keeping dims/);
  expectModelError(t, model([2, 3], [2], [2], TensorType.FLOAT32), MEAN(), "BAD_SHAPE", /axis 2/);
  expectModelError(t, model([2, 3], [-3], [2], TensorType.FLOAT32), MEAN(), "BAD_SHAPE", /axis -3/);
  const nonConst = model([2, 3], [1], [2], TensorType.FLOAT32).map((x, i) => (i === 1 ? { shape: [1], type: TensorType.INT32 } : x));
  expectModelError(t, nonConst, MEAN(), "BAD_FORMAT", /constant/);
  expectModelError(t, model([2, 3], [1], [2], TensorType.INT8, q, { scale: 0, zeroPoint: 0 }), MEAN(), "BAD_QUANTIZATION");
  expectModelError(t, model([2, 3], [1], [2], TensorType.INT8, q, {}), MEAN(), "BAD_QUANTIZATION");
  // TFLM: int8 max/min do not rescale.
  expectModelError(t, model([2, 3], [1], [2], TensorType.INT8, q, { scale: 0.25, zeroPoint: 0 }), reduceOp(BuiltinOperator.REDUCE_MAX, false), "BAD_QUANTIZATION");
  // TFLM requires an int32 axis tensor.
  const axis64 = model([2, 3], [1], [2], TensorType.FLOAT32).map((x, i) => (i === 1 ? { shape: [1], type: TensorType.INT64, data: new BigInt64Array([1n]) } : x));
  expectUnsupported(t, axis64, MEAN(), /axis/);
  expectUnsupported(t, model([2, 3], [1], [2], TensorType.INT16, { scale: 1, zeroPoint: 0 }), reduceOp(BuiltinOperator.REDUCE_MAX, false), /input/);
  expectUnsupported(t, model([2, 3], [1], [2], TensorType.FLOAT32).map((x, i) => (i === 2 ? { ...x, type: TensorType.INT8 } : x)), MEAN(), /types differ/);
});
