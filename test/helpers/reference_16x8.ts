/**
 * TFLM's 16x8 arithmetic (int16 activations, int8 weights) written out for tests, sharing no code
 * with src/: BigInt sums, the int64 MultiplyByQuantizedMultiplier (multiplier rounded to 16 bits,
 * x * m16 + 2^(14 - shift) shifted right by 15 - shift, cast to int32), or with an int32 bias (or
 * none) the int32 sum and TFLM's int32 requantization; then the activation clamp.
 */
import { clampTo, mbqm } from "./elementwise_reference";

export function mbqm64(x: bigint, m: number, shift: number): number {
  const m16 = m < 0x7fff0000 ? (m + 32768) >> 16 : 0x7fff;
  const total = BigInt(15 - shift);
  return Number(BigInt.asIntN(32, (x * BigInt(m16) + (1n << (total - 1n))) >> total));
}

/** One output: the products' sum, the bias (int64 when wide, int32 or none otherwise), requantized, clamped. */
export function output16x8(sum: bigint, bias: bigint | null, wide: boolean, m: number, shift: number, lo: number, hi: number): number {
  if (wide) return clampTo(mbqm64(sum + (bias ?? 0n), m, shift), lo, hi);
  const acc = Number(BigInt.asIntN(32, sum + (bias ?? 0n)));
  return clampTo(mbqm(acc, m, shift), lo, hi);
}
