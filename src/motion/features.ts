/**
 * The motion model's features: one window of accelerometer samples (x, y, z in m/s², gravity
 * included, at a fixed rate) -> MOTION_FEATURE_COUNT numbers. The same code computes the training
 * features (models/motion/make.ts) and the device's (firmware/motion), so they match exactly.
 *
 * The features do not depend on how the device is held (the orientation is unknown): they are
 * statistics of the magnitude |a|, of the per-axis spread sorted largest first, and rates
 * (crossings, peaks, the autocorrelation's strongest period) that tell a walk from a run from a
 * shake. Spreads are on a log scale (still: a few mg; shaking: a few g). Runs on XS: a
 * MotionFeatures instance allocates its scratch once; compute() allocates nothing.
 */
import { STANDARD_GRAVITY } from "../drivers/accelerometer";

/** The model's classes, in output order. */
export const MOTION_LABELS = ["still", "walking", "running", "shaking"] as const;
export type MotionLabel = (typeof MOTION_LABELS)[number];

export const MOTION_FEATURE_NAMES = [
  "mean |a| (g)",
  "log2(std |a| (g) + 0.01)",
  "log2(range |a| (g) + 0.01)",
  "log2(largest axis std (g) + 0.01)",
  "log2(middle axis std (g) + 0.01)",
  "log2(smallest axis std (g) + 0.01)",
  "|a| mean-crossing rate (Hz) / 5",
  "largest-std axis mean-crossing rate (Hz) / 5",
  "log2(mean |d|a|/dt| (g/s) + 0.1)",
  "|a| peak rate (Hz) / 5",
  "|a| autocorrelation peak frequency (Hz) / 5",
  "|a| autocorrelation peak value",
] as const;

export const MOTION_FEATURE_COUNT = MOTION_FEATURE_NAMES.length;

/** The window the model was trained on: 2 s at 25 Hz. */
export const MOTION_RATE_HZ = 25;
export const MOTION_WINDOW = 50;

const G = STANDARD_GRAVITY;

export class MotionFeatures {
  readonly samples: number;
  readonly rateHz: number;
  #mag: Float64Array;

  constructor(samples = MOTION_WINDOW, rateHz = MOTION_RATE_HZ) {
    if (!Number.isInteger(samples) || samples < 8) throw new RangeError("a window needs at least 8 samples");
    if (!(rateHz > 0)) throw new RangeError("rate must be positive");
    this.samples = samples;
    this.rateHz = rateHz;
    this.#mag = new Float64Array(samples);
  }

  /**
   * Features of the `samples` samples of `xyz` (x, y, z interleaved, m/s²) starting at sample
   * `start` of a ring of `ringSamples` samples (default: the array is the window), into `out`.
   */
  compute(xyz: ArrayLike<number>, out: Float32Array, start = 0, ringSamples = this.samples): Float32Array {
    const n = this.samples, rate = this.rateHz, mag = this.#mag;
    if (out.length < MOTION_FEATURE_COUNT) throw new RangeError(`out needs ${MOTION_FEATURE_COUNT} elements`);
    if (ringSamples < n || xyz.length < 3 * ringSamples) throw new RangeError(`the window needs ${n} samples`);
    // Per-axis sums and the magnitude.
    let sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, szz = 0, sm = 0, smm = 0, lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      let j = start + i;
      if (j >= ringSamples) j -= ringSamples;
      const x = xyz[3 * j]! / G, y = xyz[3 * j + 1]! / G, z = xyz[3 * j + 2]! / G;
      sx += x; sy += y; sz += z;
      sxx += x * x; syy += y * y; szz += z * z;
      const m = Math.sqrt(x * x + y * y + z * z);
      mag[i] = m;
      sm += m; smm += m * m;
      if (m < lo) lo = m;
      if (m > hi) hi = m;
    }
    const mean = sm / n;
    const std = Math.sqrt(Math.max(0, smm / n - mean * mean));
    let a = Math.sqrt(Math.max(0, sxx / n - (sx / n) ** 2));
    let b = Math.sqrt(Math.max(0, syy / n - (sy / n) ** 2));
    let c = Math.sqrt(Math.max(0, szz / n - (sz / n) ** 2));
    // The axis with the largest spread, for its crossing rate.
    const axis = a >= b && a >= c ? 0 : b >= c ? 1 : 2;
    const axisMean = (axis === 0 ? sx : axis === 1 ? sy : sz) / n;
    // Sort the three spreads, largest first.
    if (a < b) { const t = a; a = b; b = t; }
    if (b < c) { const t = b; b = c; c = t; }
    if (a < b) { const t = a; a = b; b = t; }

    let magCross = 0, axisCross = 0, jerk = 0, peaks = 0;
    let prevAxis = 0;
    for (let i = 0; i < n; i++) {
      let j = start + i;
      if (j >= ringSamples) j -= ringSamples;
      const v = xyz[3 * j + axis]! / G - axisMean;
      if (i > 0) {
        if ((mag[i]! - mean) * (mag[i - 1]! - mean) < 0) magCross++;
        if (v * prevAxis < 0) axisCross++;
        jerk += Math.abs(mag[i]! - mag[i - 1]!);
      }
      if (i > 0 && i < n - 1 && mag[i]! > mag[i - 1]! && mag[i]! >= mag[i + 1]! && mag[i]! > mean + 0.5 * std) peaks++;
      prevAxis = v;
    }
    const seconds = n / rate;

    // Autocorrelation of the centred magnitude: the lag (2 .. n/2) with the largest normalized value.
    let best = 0, bestLag = 0;
    const variance = std * std * n;
    if (variance > 1e-12) {
      for (let lag = 2; lag <= n >> 1; lag++) {
        let s = 0;
        for (let i = lag; i < n; i++) s += (mag[i]! - mean) * (mag[i - lag]! - mean);
        const r = (s / variance) * (n / (n - lag));
        if (r > best) {
          best = r;
          bestLag = lag;
        }
      }
    }

    out[0] = mean;
    out[1] = Math.log2(std + 0.01);
    out[2] = Math.log2(hi - lo + 0.01);
    out[3] = Math.log2(a + 0.01);
    out[4] = Math.log2(b + 0.01);
    out[5] = Math.log2(c + 0.01);
    out[6] = magCross / seconds / 5;
    out[7] = axisCross / seconds / 5;
    out[8] = Math.log2((jerk * rate) / (n - 1) + 0.1);
    out[9] = peaks / seconds / 5;
    out[10] = bestLag === 0 ? 0 : rate / bestLag / 5;
    out[11] = Math.min(1, best);
    return out;
  }
}
