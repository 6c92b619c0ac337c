/** SOFTMAX: int8 -> int8 / int16 bit-exact with TFLM's fixed-point reference, float32, multi-row shapes, invalid models. */
import test from "ava";
import { multiplyByQuantizedMultiplierGreaterThanOne, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from "../../src/math/fixed_point";
import { expOnNegativeValues, getReciprocal, numBitsOverUnit } from "../../src/math/gemmlowp";
import { softmaxInt8Params } from "../../src/ops/softmax";
import { BuiltinOperator, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { SOFTMAX_OPTIONS, expectModelError, expectUnsupported, ints, run } from "./activation_helpers";

const { INT8, INT16, FLOAT32, UINT8 } = TensorType;
const f = Math.fround;
const softmaxOp = (beta: number, version = 2) => ({ op: BuiltinOperator.SOFTMAX, version, inputs: [0], outputs: [1], optionsType: SOFTMAX_OPTIONS, options: [{ id: 0, f32: beta }] });
const int8Model = (shape: number[], inScale: number, inZp = 0): TensorDef[] => [
  { shape, type: INT8, scale: inScale, zeroPoint: inZp },
  { shape, type: INT8, scale: 1 / 256, zeroPoint: -128 },
];
const int16Model = (shape: number[], inScale: number): TensorDef[] => [
  { shape, type: INT8, scale: inScale, zeroPoint: 0 },
  { shape, type: INT16, scale: 1 / 65536, zeroPoint: -32768 },
];

/**
 * TFLM's int8 softmax written out per element (reference_ops::Softmax): no exp table, every exp
 * computed where it is used, the Q12 sum, GetReciprocal and the final rounding shift.
 */
function softmaxDirect(row: number[], beta: number, inScale: number, outBits: number): number[] {
  const q = softmaxInt8Params(beta, inScale)!;
  const max = Math.max(...row);
  const exps = row.map((x) => (x - max >= q.diffMin ? expOnNegativeValues(multiplyByQuantizedMultiplierGreaterThanOne(x - max, q.multiplier, q.leftShift), 5) : null));
  let sum = 0;
  for (const e of exps) if (e !== null) sum = (sum + roundingDivideByPOT(e, 12)) | 0;
  const scale = getReciprocal(sum);
  const exponent = numBitsOverUnit(sum, 12) + 31 - outBits;
  const lo = -(2 ** (outBits - 1)), hi = 2 ** (outBits - 1) - 1;
  return exps.map((e) => (e === null ? lo : Math.min(hi, Math.max(lo, roundingDivideByPOT(saturatingRoundingDoublingHighMul(scale, e), exponent) + lo))));
}

test("int8: hand-derived values", (t) => {
  // Four equal inputs: each exp is One, the Q12 sum is exactly 4.0, each output 1/4 = 64/256 -> 64 - 128.
  t.deepEqual(run(int8Model([1, 4], 0.5), softmaxOp(1), [7, 7, 7, 7]), [-64, -64, -64, -64]);
  // One element: probability 1 = 256/256 saturates at 127.
  t.deepEqual(run(int8Model([1, 1], 0.1), softmaxOp(1), [-50]), [127]);
  // Scale 1, beta 1: multiplier 2^26 -> left shift 27, input radius floor(31 * 2^26 / 2^27) = 15: a difference of
  // -16 or less is skipped (output -128) and the maximum takes all of the sum.
  t.deepEqual(run(int8Model([1, 4], 1), softmaxOp(1), [127, -128, 111, 112]), [127, -128, -128, -128]);
  // Two equal maxima: 1/2 each = 128 - 128 = 0.
  t.deepEqual(run(int8Model([1, 3], 1), softmaxOp(1), [5, 5, -100]), [0, 0, -128]);
});

test("int8 and int16 outputs: vectors recorded from TFLM's reference kernel", (t) => {
  const x = ints("-128 -100 0 50 127 126 125 -20 5 5 5 5 5 5 5 5");
  t.deepEqual(run(int8Model([2, 8], 0.1), softmaxOp(1), x), ints("-128 -128 -128 -128 -34 -43 -51 -128 -96 -96 -96 -96 -96 -96 -96 -96"));
  t.deepEqual(run(int8Model([2, 8], 0.3), softmaxOp(0.5), x), ints("-128 -128 -128 -128 -30 -43 -55 -128 -96 -96 -96 -96 -96 -96 -96 -96"));
  t.deepEqual(run(int16Model([2, 8], 0.1), softmaxOp(1), x), ints("-32768 -32768 -32768 -32757 -8709 -10999 -13071 -32768 -24576 -24576 -24576 -24576 -24576 -24576 -24576 -24576"));
});

test("int8 / int16: the table kernel equals the per-element arithmetic, and stays within 1 LSB of the float formula", (t) => {
  const r = rng(11);
  for (let iter = 0; iter < 60; iter++) {
    const depth = randInt(r, 1, 30), outer = randInt(r, 1, 4);
    const inScale = f(2 ** (r() * 8 - 7)), beta = iter % 2 === 0 ? 1 : f(0.2 + 2 * r()), zp = randInt(r, -128, 127);
    const x = Array.from({ length: depth * outer }, () => (r() < 0.3 ? randInt(r, 120, 127) : randInt(r, -128, 127)));
    const out8 = run(int8Model([outer, depth], inScale, zp), softmaxOp(beta), x);
    const out16 = run(int16Model([outer, depth], inScale), softmaxOp(beta), x);
    for (let i = 0; i < outer; i++) {
      const row = x.slice(i * depth, (i + 1) * depth);
      t.deepEqual(out8.slice(i * depth, (i + 1) * depth), softmaxDirect(row, beta, inScale, 8));
      t.deepEqual(out16.slice(i * depth, (i + 1) * depth), softmaxDirect(row, beta, inScale, 16));
      const max = Math.max(...row);
      const e = row.map((v) => Math.exp(beta * inScale * (v - max)));
      const sum = e.reduce((a, b) => a + b, 0);
      e.forEach((ev, c) => {
        const p = ev / sum;
        t.true(Math.abs(out8[i * depth + c]! - Math.min(127, Math.round(p * 256) - 128)) <= 1, `int8 ${p}`);
        t.true(Math.abs(out16[i * depth + c]! - Math.min(32767, Math.round(p * 65536) - 32768)) <= 1, `int16 ${p}`);
      });
    }
  }
});

test("int8: rows are independent over a 3-D shape", (t) => {
  const x = [1, 2, 3, 4, -5, 0, 5, 10, 100, 100, 100, 100];
  const whole = run(int8Model([3, 1, 4], 0.2), softmaxOp(1), x);
  for (let i = 0; i < 3; i++) t.deepEqual(whole.slice(4 * i, 4 * i + 4), run(int8Model([4], 0.2), softmaxOp(1), x.slice(4 * i, 4 * i + 4)));
  t.deepEqual(whole.slice(8), [-64, -64, -64, -64]);
});

test("float32: step-by-step float32 formula, beta, max subtraction keeps large inputs finite", (t) => {
  const tensors = (shape: number[]): TensorDef[] => [{ shape, type: FLOAT32 }, { shape, type: FLOAT32 }];
  const ref = (x: number[], beta: number) => {
    const max = Math.max(...x);
    const e = x.map((v) => f(Math.exp(f(f(f(v) - f(max)) * f(beta)))));
    let sum = 0;
    for (const v of e) sum = f(sum + v);
    return e.map((v) => f(v / sum));
  };
  t.deepEqual(run(tensors([1, 3]), softmaxOp(1), [1, 2, 3]), ref([1, 2, 3], 1));
  t.deepEqual(run(tensors([2, 3]), softmaxOp(0.5), [1, 2, 3, -1, 0, 7.25]), [...ref([1, 2, 3], 0.5), ...ref([-1, 0, 7.25], 0.5)]);
  t.deepEqual(run(tensors([2]), softmaxOp(1), [1000, 1000]), [0.5, 0.5]);
  t.deepEqual(run(tensors([4]), softmaxOp(0), [1, -3, 9, 0]), [0.25, 0.25, 0.25, 0.25]); // beta 0: uniform
  const y = run(tensors([3]), softmaxOp(1), [0, 0, Math.log(2)]);
  t.true(Math.abs(y[2]! - 0.5) < 1e-7 && Math.abs(y[0]! - 0.25) < 1e-7);
});

test("invalid models: output quantization, beta, shapes, types, counts, version", (t) => {
  const bad = (outScale: number, outZp: number, type: number = INT8): TensorDef[] => [{ shape: [4], type: INT8, scale: 0.1, zeroPoint: 0 }, { shape: [4], type, scale: outScale, zeroPoint: outZp }];
  expectModelError(t, bad(1 / 128, -128), softmaxOp(1), "BAD_QUANTIZATION", /1\/256/);
  expectModelError(t, bad(1 / 256, 0), softmaxOp(1), "BAD_QUANTIZATION");
  expectModelError(t, bad(1 / 65536, 0, INT16), softmaxOp(1), "BAD_QUANTIZATION");
  expectModelError(t, bad(1 / 60000, -32768, INT16), softmaxOp(1), "BAD_QUANTIZATION");
  // beta 0 (or any beta * scale * 2^26 <= 1) fails TFLM's multiplier-greater-than-one check.
  expectModelError(t, int8Model([4], 0.1), softmaxOp(0), "BAD_QUANTIZATION", /beta/);
  expectModelError(t, [{ shape: [4], type: INT8, scale: 0.1, zeroPoint: 0 }, { shape: [2, 2], type: INT8, scale: 1 / 256, zeroPoint: -128 }], softmaxOp(1), "BAD_SHAPE");
  expectModelError(t, [{ shape: [4], type: INT8 }, { shape: [4], type: INT8, scale: 1 / 256, zeroPoint: -128 }], softmaxOp(1), "BAD_QUANTIZATION", /not quantized/);
  expectModelError(t, [...int8Model([4], 0.1), { shape: [4], type: INT8 }], { ...softmaxOp(1), inputs: [0, 2] }, "BAD_FORMAT");
  expectUnsupported(t, [{ shape: [4], type: UINT8, scale: 0.1, zeroPoint: 0 }, { shape: [4], type: UINT8, scale: 1 / 256, zeroPoint: 0 }], softmaxOp(1), /unsupported type/);
  expectUnsupported(t, [{ shape: [4], type: FLOAT32 }, { shape: [4], type: INT8, scale: 1 / 256, zeroPoint: -128 }], softmaxOp(1), /unsupported type/);
  expectUnsupported(t, int8Model([4], 0.1), softmaxOp(1, 4), /versions up to 3/);
});
