/** gemmlowp's fixed-point exp / logistic / tanh / reciprocal and the int16 helpers: hand values, recorded values, float accuracy. */
import test from "ava";
import {
  expOnNegativeValues,
  getReciprocal,
  logistic,
  numBitsOverUnit,
  oneMinusXOverOnePlusXForXIn01,
  oneOverOnePlusXForXIn01,
  rescale,
  roundingDivideByPOT16,
  roundingHalfSum,
  saturatingDoublingHighMul16,
  saturatingLeftShift16,
  saturatingRoundingDoublingHighMul16,
  saturatingRoundingMultiplyByPOT,
  tanh,
} from "../../src/math/gemmlowp";
import { randInt, rng } from "../helpers/random";

const MIN = -2147483648, MAX = 2147483647;
/** The raw value of a real in Q(integerBits).(31 - integerBits), rounded. */
const fx = (real: number, integerBits: number) => Math.round(real * 2 ** (31 - integerBits));
const real = (raw: number, integerBits = 0) => raw / 2 ** (31 - integerBits);

test("saturatingRoundingMultiplyByPOT: exact left shifts, saturation past the threshold, rounding right shifts", (t) => {
  t.is(saturatingRoundingMultiplyByPOT(3, 2), 12);
  t.is(saturatingRoundingMultiplyByPOT(-3, 2), -12);
  // Threshold for exponent 2 is 2^29 - 1: beyond it the result saturates.
  t.is(saturatingRoundingMultiplyByPOT(2 ** 29 - 1, 2), 2 ** 31 - 4);
  t.is(saturatingRoundingMultiplyByPOT(2 ** 29, 2), MAX);
  t.is(saturatingRoundingMultiplyByPOT(-(2 ** 29) + 1, 2), -(2 ** 31) + 4);
  t.is(saturatingRoundingMultiplyByPOT(-(2 ** 29), 2), MIN);
  t.is(saturatingRoundingMultiplyByPOT(12345, 0), 12345);
  // Negative exponents round half away from zero.
  t.is(saturatingRoundingMultiplyByPOT(5, -1), 3);
  t.is(saturatingRoundingMultiplyByPOT(-5, -1), -3);
  t.is(saturatingRoundingMultiplyByPOT(6, -2), 2);
  t.is(saturatingRoundingMultiplyByPOT(-6, -2), -2); // -1.5 -> -2
  // Rescale from Q4 to Q2 multiplies the raw value by 4.
  t.is(rescale(100, 4, 2), 400);
  t.is(rescale(100, 0, 12), 0); // 100 / 4096 rounds to 0
  t.is(rescale(2048, 0, 12), 1); // exactly one half rounds away from zero
});

test("roundingHalfSum: (a + b +- 1) / 2 in 64 bits, truncated", (t) => {
  t.is(roundingHalfSum(1, 2), 2);
  t.is(roundingHalfSum(-1, -2), -2);
  t.is(roundingHalfSum(0, 0), 0);
  t.is(roundingHalfSum(1, 0), 1);
  t.is(roundingHalfSum(-1, 0), -1);
  t.is(roundingHalfSum(MAX, MAX), MAX);
  t.is(roundingHalfSum(MIN, MIN), MIN);
  t.is(roundingHalfSum(MAX, MIN), -1); // sum -1: (-1 - 1) / 2
});

test("exp_on_negative_values: exp(0) is the Q0.31 maximum; whole quarters use the barrel-shifter constants", (t) => {
  t.is(expOnNegativeValues(0, 5), MAX);
  t.is(expOnNegativeValues(0, 0), MAX);
  // Below -32 in Q7 the clamp returns 0 (only formats with more than 5 integer bits have it).
  t.is(expOnNegativeValues(fx(-65, 7), 7), 0);
  t.is(expOnNegativeValues(MIN, 5), 0); // exp(-32) * 2^31 = 0.03
  // Raw values recorded from gemmlowp's own fixedpoint.h (commit 719139ce, the one TFLM builds with).
  t.is(expOnNegativeValues(-1, 5), 2147483124);
  t.is(expOnNegativeValues(fx(-0.25, 5), 5), 1672462419);
  t.is(expOnNegativeValues(fx(-1, 5), 5), 790015308);
  t.is(expOnNegativeValues(fx(-2, 5), 5), 290630390);
  t.is(expOnNegativeValues(fx(-16, 5), 5), 242);
  t.is(expOnNegativeValues(fx(-0.25, 0), 0), 1672462419);
});

test("exp_on_negative_values is within 3e-7 of exp over [-32, 0] in Q5.26 and Q4.27", (t) => {
  const r = rng(5);
  for (const ib of [5, 4]) {
    let worst = 0;
    for (let i = 0; i < 20000; i++) {
      const raw = -randInt(r, 0, 2 ** 31 - 1);
      worst = Math.max(worst, Math.abs(real(expOnNegativeValues(raw, ib)) - Math.exp(real(raw, ib))));
    }
    t.true(worst < 3e-7, `Q${ib}: ${worst}`);
  }
});

test("one_over_one_plus_x and one_minus_x_over_one_plus_x: recorded values and 1e-8 accuracy on [0, 1)", (t) => {
  t.is(oneOverOnePlusXForXIn01(0), MAX);
  t.is(oneOverOnePlusXForXIn01(fx(0.5, 0)), 1431655762); // 2/3
  t.is(oneOverOnePlusXForXIn01(MAX), 1073741820); // ~1/2
  t.is(oneMinusXOverOnePlusXForXIn01(fx(0.5, 0)), 715827876); // 1/3
  t.is(oneMinusXOverOnePlusXForXIn01(0), MAX);
  const r = rng(6);
  for (let i = 0; i < 5000; i++) {
    const a = randInt(r, 0, MAX), x = real(a);
    t.true(Math.abs(real(oneOverOnePlusXForXIn01(a)) - 1 / (1 + x)) < 1e-8);
    t.true(Math.abs(real(oneMinusXOverOnePlusXForXIn01(a)) - (1 - x) / (1 + x)) < 1e-8);
  }
});

test("logistic and tanh: exact at 0, odd / complementary symmetry, recorded values, 2e-7 accuracy", (t) => {
  t.is(logistic(0, 4), 1 << 30);
  t.is(tanh(0, 4), 0);
  t.is(logistic(fx(1, 4), 4), 1569936226);
  t.is(logistic(fx(-1, 4), 4), 577547421);
  t.is(logistic(MAX, 4), 2147483406);
  t.is(logistic(MIN, 4), 241);
  t.is(tanh(fx(-1, 4), 4), -1635510876);
  t.is(tanh(MAX, 4), MAX);
  const r = rng(7);
  for (let i = 0; i < 20000; i++) {
    const a = randInt(r, MIN + 1, MAX), x = real(a, 4);
    // logistic(-x) = 1 - logistic(x), with One = 2^31 - 1; tanh is odd.
    t.is(logistic(-a, 4), MAX - logistic(a, 4));
    t.is(tanh(-a, 4), -tanh(a, 4));
    if (Math.abs(real(logistic(a, 4)) - 1 / (1 + Math.exp(-x))) > 2e-7) t.fail(`logistic ${x}`);
    if (Math.abs(real(tanh(a, 4)) - Math.tanh(x)) > 2e-7) t.fail(`tanh ${x}`);
  }
});

test("GetReciprocal: 1 / x in (0.5, 1] and the bits above one, for Q12 sums", (t) => {
  const one = 1 << 19; // 1.0 in Q12.19
  t.is(getReciprocal(one), MAX);
  t.is(numBitsOverUnit(one, 12), 0);
  t.is(getReciprocal(3 * one), 1431655762); // 1/3 = (2/3) / 2
  t.is(numBitsOverUnit(3 * one, 12), 1);
  t.is(getReciprocal(4 * one), MAX);
  t.is(numBitsOverUnit(4 * one, 12), 2);
  t.is(getReciprocal(MAX), 1073741820);
  t.is(numBitsOverUnit(MAX, 12), 11);
  const r = rng(8);
  for (let i = 0; i < 2000; i++) {
    const x = randInt(r, one, MAX);
    const recip = real(getReciprocal(x)) / 2 ** numBitsOverUnit(x, 12);
    t.true(Math.abs(recip * real(x, 12) - 1) < 1e-8);
  }
});

test("int16 helpers: rounding and truncating doubling high multiplies, rounding shift, saturating left shift", (t) => {
  // (a * b * 2 + nudge) >> 16: 16384 * 16384 is 0.25 in Q15 -> 8192.
  t.is(saturatingRoundingDoublingHighMul16(16384, 16384), 8192);
  t.is(saturatingRoundingDoublingHighMul16(-32768, -32768), 32767);
  t.is(saturatingRoundingDoublingHighMul16(3, 16384), 2); // 1.5 -> 2
  t.is(saturatingRoundingDoublingHighMul16(-3, 16384), -1); // -1.5 -> -1 (the negative nudge truncates toward zero)
  t.is(saturatingDoublingHighMul16(3, 16384), 1); // truncates: 1.5 -> 1
  t.is(saturatingDoublingHighMul16(-3, 16384), -1);
  t.is(saturatingDoublingHighMul16(-32768, -32768), 32767);
  t.is(roundingDivideByPOT16(5, 1), 3);
  t.is(roundingDivideByPOT16(-5, 1), -3);
  t.is(roundingDivideByPOT16(-32768, 15), -1);
  t.is(roundingDivideByPOT16(16384, 15), 1);
  t.is(saturatingLeftShift16(1000, 5), 32000);
  t.is(saturatingLeftShift16(1100, 5), 32767);
  t.is(saturatingLeftShift16(-1100, 5), -32768);
});
