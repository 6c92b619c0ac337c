/**
 * gemmlowp's fixed-point transcendental functions on int32 raw values, bit for bit, as TFLM's
 * reference kernels use them (softmax, logistic, tanh). A FixedPoint<int32, I> value is its raw
 * int32 with 31 - I fractional bits; the integer-bit count is passed explicitly where it matters.
 * Plain additions and subtractions wrap modulo 2^32 as gemmlowp's int32 Add/Sub do; products are
 * SaturatingRoundingDoublingHighMul. Also the int16 primitives TFLM's HardSwish uses.
 */
import { INT32_MAX, INT32_MIN, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from "./fixed_point";

const srdhm = saturatingRoundingDoublingHighMul;

/** gemmlowp's SaturatingRoundingMultiplyByPOT<exponent> on int32: saturating left shift, or rounding right shift. */
export function saturatingRoundingMultiplyByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  if (exponent < 0) return roundingDivideByPOT(x, -exponent);
  // Values beyond +-threshold saturate; the others shift exactly.
  const threshold = exponent >= 31 ? 0 : (1 << (31 - exponent)) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x << exponent;
}

/** Rescale<dstIntegerBits>(FixedPoint<int32, srcIntegerBits>): multiply the raw value by 2^(src - dst), saturating. */
export function rescale(x: number, srcIntegerBits: number, dstIntegerBits: number): number {
  return saturatingRoundingMultiplyByPOT(x, srcIntegerBits - dstIntegerBits);
}

/** gemmlowp's RoundingHalfSum on int32: (a + b + sign) / 2 in 64 bits, truncated toward zero. */
export function roundingHalfSum(a: number, b: number): number {
  const sum = a + b; // exact in a double
  return Math.trunc((sum + (sum >= 0 ? 1 : -1)) / 2);
}

// Q0.31 constants from gemmlowp.
const EXP_MINUS_ONE_EIGHTH = 1895147668; // exp(-1/8)
const ONE_THIRD = 715827883; // 1/3
/** exp(-2^k) in Q0.31 for k = -2..4 (the barrel shifter of exp_on_negative_values). */
const EXP_BARREL = Object.freeze([1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242]);
// Q2.29 constants of the Newton-Raphson division.
const C_48_OVER_17 = 1515870810;
const C_NEG_32_OVER_17 = -1010580540;
const F2_ONE = 1 << 29;

/** exp(a) for a in [-1/4, 0), a in Q0.31; returns Q0.31. */
export function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  // Taylor expansion around -1/8: x = a + 1/8.
  const x = (a + (1 << 28)) | 0;
  const x2 = srdhm(x, x);
  const x3 = srdhm(x2, x);
  const x4 = srdhm(x2, x2);
  const x4Over4 = roundingDivideByPOT(x4, 2);
  const poly = roundingDivideByPOT((srdhm((x4Over4 + x3) | 0, ONE_THIRD) + x2) | 0, 1);
  return (EXP_MINUS_ONE_EIGHTH + srdhm(EXP_MINUS_ONE_EIGHTH, (x + poly) | 0)) | 0;
}

/** exp(a) for a <= 0, a in Q(integerBits).(31 - integerBits); returns Q0.31 (INT32_MAX for a = 0). */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits;
  const oneQuarter = 1 << (fractionalBits - 2);
  const mask = oneQuarter - 1;
  const aModQuarterMinusOneQuarter = ((a & mask) - oneQuarter) | 0;
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(rescale(aModQuarterMinusOneQuarter, integerBits, 0));
  const remainder = (aModQuarterMinusOneQuarter - a) | 0;
  for (let k = -2; k <= 4; k++) {
    if (integerBits > k) {
      const bit = fractionalBits + k;
      if ((remainder & (1 << bit)) !== 0) result = srdhm(result, EXP_BARREL[k + 2]!);
    }
  }
  if (integerBits > 5) {
    // Below -32 the result is zero.
    const clamp = -(2 ** (36 - integerBits));
    if (a < clamp) result = 0;
  }
  return a === 0 ? INT32_MAX : result;
}

/** The three Newton-Raphson steps shared by 1/(1+x) and (1-x)/(1+x): returns Q2.29 x ~ 1/halfDenominator. */
function newtonRaphsonReciprocal(halfDenominator: number): number {
  let x = (C_48_OVER_17 + srdhm(halfDenominator, C_NEG_32_OVER_17)) | 0;
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = srdhm(halfDenominator, x);
    const oneMinus = (F2_ONE - halfDenominatorTimesX) | 0;
    x = (x + rescale(srdhm(x, oneMinus), 4, 2)) | 0;
  }
  return x;
}

/** 1 / (1 + a) for a in [0, 1), Q0.31 in and out. */
export function oneOverOnePlusXForXIn01(a: number): number {
  const x = newtonRaphsonReciprocal(roundingHalfSum(a, INT32_MAX));
  // ExactMulByPot<-1> makes the Q2.29 value a Q1.30 one; Rescale<0> shifts it left by one, saturating.
  return rescale(x, 1, 0);
}

/** (1 - a) / (1 + a) for a in [0, 1), Q0.31 in and out. */
export function oneMinusXOverOnePlusXForXIn01(a: number): number {
  const x = newtonRaphsonReciprocal(roundingHalfSum(a, INT32_MAX));
  return rescale((x - F2_ONE) | 0, 2, 0);
}

/** gemmlowp::logistic on Q(integerBits) input; returns Q0.31. */
export function logistic(a: number, integerBits: number): number {
  if (a === 0) return 1 << 30;
  const absInput = a > 0 ? a : -a | 0;
  const resultIfPositive = oneOverOnePlusXForXIn01(expOnNegativeValues(-absInput | 0, integerBits));
  return a > 0 ? resultIfPositive : (INT32_MAX - resultIfPositive) | 0;
}

/** gemmlowp::tanh on Q(integerBits) input; returns Q0.31. */
export function tanh(a: number, integerBits: number): number {
  if (a === 0) return 0;
  const n = a < 0 ? a : -a | 0;
  // exp(2n): the same raw value read with one more integer bit.
  const t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(n, integerBits + 1));
  return a < 0 ? -t | 0 : t;
}

/**
 * TFLM's GetReciprocal: 1 / x for positive x in Q(I) for any I, as a Q0.31 value in (0.5, 1];
 * the true reciprocal is that value divided by 2^numBitsOverUnit(x, I).
 */
export function getReciprocal(x: number): number {
  const headroomPlusOne = Math.clz32(x);
  // (x << headroom) - 1.0 in uint32, read as int32.
  const shiftedSumMinusOne = ((x << headroomPlusOne) - 0x80000000) | 0;
  return oneOverOnePlusXForXIn01(shiftedSumMinusOne);
}

/** GetReciprocal's num_bits_over_unit: how many bits above 1.0 the positive Q(xIntegerBits) value x reaches. */
export function numBitsOverUnit(x: number, xIntegerBits: number): number {
  return xIntegerBits - Math.clz32(x);
}

// ---- int16 primitives (TFLM's HardSwish works on int16 fixed point) ----

/** Wraps to int16, as a C narrowing conversion does. */
export function toInt16(x: number): number {
  return (x << 16) >> 16;
}

/** gemmlowp's SaturatingRoundingDoublingHighMul on int16. */
export function saturatingRoundingDoublingHighMul16(a: number, b: number): number {
  if (a === -32768 && b === -32768) return 32767;
  const ab = a * b;
  const nudge = ab >= 0 ? 1 << 14 : 1 - (1 << 14);
  return toInt16(Math.trunc((ab + nudge) / 32768));
}

/** TFLM's SaturatingDoublingHighMul on int16: like the above but truncating toward zero (no nudge). */
export function saturatingDoublingHighMul16(a: number, b: number): number {
  if (a === -32768 && b === -32768) return 32767;
  return toInt16(Math.trunc((a * b) / 32768));
}

/** gemmlowp's RoundingDivideByPOT on int16 (the mask is formed in int16, as gemmlowp's Dup does). */
export function roundingDivideByPOT16(x: number, exponent: number): number {
  const mask = toInt16(exponent >= 31 ? 0x7fffffff : (1 << exponent) - 1);
  const remainder = toInt16(x & mask);
  const threshold = toInt16((mask >> 1) + (x < 0 ? 1 : 0));
  return toInt16((x >> exponent) + (remainder > threshold ? 1 : 0));
}

/** TFLM's HardSwish SaturatingLeftShift on int16. */
export function saturatingLeftShift16(value: number, amount: number): number {
  const r = value * 2 ** amount;
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r;
}
