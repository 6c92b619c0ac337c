/**
 * TFLM's int16 lookup tables (gen_lut<float, int16_t, int16_t>, and generic_int16_table_lookup):
 * 512 intervals of a function over [min, max] sampled in float32, each entry biased by half the
 * interpolation error at its interval's midpoint, plus one last entry for the slope, output in
 * Q0.15 over [-1, 1]; a lookup interpolates linearly between two entries over 128 input steps.
 */

/** Entries of one table: 512 intervals and the end point. */
export const INT16_LUT_SIZE = 513;

const f = Math.fround;

/** std::round on a float: half away from zero. */
function round(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Fills lut[at .. at + 512] with TFLM's table of `func` (float32 in, float32 out) over [min, max]. */
export function fillInt16Lut(lut: Int16Array, at: number, func: (x: number) => number, min: number, max: number): void {
  const steps = 512;
  const step = f(f(max - min) / steps), half = f(step / 2);
  const scale = 32768; // (32767 - (-32768) + 1) / (1 - (-1))
  const clamp = (v: number) => (v < -32768 ? -32768 : v > 32767 ? 32767 : v);
  for (let i = 0; i < steps; i++) {
    const x = f(min + f(i * step));
    const val = func(x), mid = func(f(x + half)), next = func(f(min + f((i + 1) * step)));
    const sample = round(f(val * scale));
    const interpolated = round(f(f(f(next * scale) + sample) / 2));
    const bias = round(f(f(interpolated - round(f(mid * scale))) / 2));
    lut[at + i] = clamp(f(sample - bias));
  }
  lut[at + steps] = clamp(round(f(func(f(max)) * scale)));
}

/** generic_int16_table_lookup: the entry of value's interval plus the interpolated slope, as int16 arithmetic. */
export function int16LutLookup(lut: Int16Array, at: number, value: number): number {
  const index = at + 256 + (value >> 7), offset = value & 0x7f;
  const base = lut[index]!;
  const slope = ((lut[index + 1]! - base) << 16) >> 16;
  return ((base + ((slope * offset + 64) >> 7)) << 16) >> 16;
}
