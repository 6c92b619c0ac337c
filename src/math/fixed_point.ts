/**
 * TFLM's integer arithmetic, bit for bit: saturating rounding doubling high multiply, rounding
 * divide by a power of two, and the multiply-by-quantized-multiplier built from them (TFLM's
 * default double rounding). JavaScript numbers are doubles, so the 64-bit product inside the
 * high multiply is formed exactly from 16-bit halves.
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_POW_31 = 2147483648;
const TWO_POW_24 = 16777216;

/** (a * b * 2 + nudge) >> 32 on int32 a, b, saturating the single overflow case, as gemmlowp defines it. */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ah = a >> 16;
  const al = a & 0xffff;
  const bh = b >> 16;
  const bl = b & 0xffff;
  // a*b = hi * 2^32 + mid * 2^16 + lo, every part exact in a double.
  const hi = ah * bh;
  const t = (ah * bl + al * bh) * 65536 + al * bl + (a * b >= 0 ? 0x40000000 : 1 - 0x40000000);
  const q = Math.floor(t / TWO_POW_31);
  const r = t - q * TWO_POW_31;
  const f = 2 * hi + q; // floor((a*b + nudge) / 2^31)
  // C's division truncates toward zero.
  return f < 0 && r !== 0 ? f + 1 : f;
}

/** Rounding arithmetic right shift (round half away from zero), exponent in 0..31. */
export function roundingDivideByPOT(x: number, exponent: number): number {
  const mask = exponent >= 31 ? 0x7fffffff : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/** x * multiplier * 2^shift with TFLM's rounding: shift > 0 shifts left first, shift < 0 rounds right last. */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  if (shift > 0) return roundingDivideByPOT(saturatingRoundingDoublingHighMul((x << shift) | 0, multiplier), 0);
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), -shift);
}

/**
 * TFLM's MultiplyByQuantizedMultiplier on an int64 accumulator (the 16x8 kernels'): the multiplier
 * rounded to 16 bits, x * m16 rounded right by 15 - shift, the result cast to int32 (wrapping).
 * `x` is an exact integer below 2^53 in magnitude; the 64-bit product is formed from 24-bit halves.
 * `shift` is at most 14 (ops refuse more at prepare).
 */
export function multiplyByQuantizedMultiplier64(x: number, multiplier: number, shift: number): number {
  const m16 = multiplier < 0x7fff0000 ? (multiplier + 32768) >> 16 : 0x7fff;
  const total = 15 - shift;
  const xh = Math.floor(x / TWO_POW_24), xl = x - xh * TWO_POW_24;
  const high = xh * m16; // x * m16 = high * 2^24 + low, both exact
  const low = xl * m16 + 2 ** (total - 1);
  if (total >= 24) return Math.floor((high + Math.floor(low / TWO_POW_24)) / 2 ** (total - 24)) | 0;
  // high * 2^(24 - total) may pass 2^53: only its low 32 bits matter after the int32 cast.
  const k = 24 - total, span = 2 ** (32 - k);
  return ((high - Math.floor(high / span) * span) * 2 ** k + Math.floor(low / 2 ** total)) | 0;
}

/** For multipliers below one (shift <= 0 known): the high multiply then the rounding right shift. */
export function multiplyByQuantizedMultiplierSmallerThanOneExp(x: number, multiplier: number, leftShift: number): number {
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), -leftShift);
}

/** For multipliers of at least one: the left shift then the high multiply. */
export function multiplyByQuantizedMultiplierGreaterThanOne(x: number, multiplier: number, leftShift: number): number {
  return saturatingRoundingDoublingHighMul((x << leftShift) | 0, multiplier);
}

/** Saturating left shift of an int32, as gemmlowp's ShiftLeft on int32 does. */
export function saturatingLeftShift(x: number, shift: number): number {
  const v = x * 2 ** shift;
  return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v;
}

/** std::round: half away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** std::frexp for finite doubles: [m, e] with x = m * 2^e and 0.5 <= |m| < 1 (m = 0, e = 0 for 0). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  const ax = Math.abs(x);
  let e = Math.max(-1073, Math.floor(Math.log2(ax)) + 1);
  let m = ax * 2 ** -e;
  // log2 can be off by one near powers of two; 2 ** -e underflows to 0 for large e: step carefully.
  if (!Number.isFinite(m) || m === 0) {
    m = ax;
    e = 0;
    while (m >= 1) { m /= 2; e++; }
    while (m < 0.5) { m *= 2; e--; }
  }
  while (m < 0.5) { m *= 2; e--; }
  while (m >= 1) { m /= 2; e++; }
  return [x < 0 ? -m : m, e];
}

/** TFLM's QuantizeMultiplier: a double as a Q31 significand and a power-of-two exponent. */
export function quantizeMultiplier(real: number): { multiplier: number; shift: number } {
  if (real === 0) return { multiplier: 0, shift: 0 };
  const [q, e] = frexp(real);
  let shift = e;
  let fixed = roundHalfAway(q * TWO_POW_31);
  if (fixed === TWO_POW_31) {
    fixed /= 2;
    shift++;
  }
  if (shift < -31) {
    shift = 0;
    fixed = 0;
  }
  return { multiplier: fixed, shift };
}

/** TFLM's QuantizeMultiplierSmallerThanOneExp (multiplier < 1): shift is <= 0. */
export function quantizeMultiplierSmallerThanOneExp(real: number): { multiplier: number; shift: number } {
  return quantizeMultiplier(real);
}

/** Clamp to [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export { INT32_MIN, INT32_MAX };
