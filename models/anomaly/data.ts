/**
 * Synthetic machine-sound spectra for the anomaly-detection autoencoder (models/anomaly): 32 (shifted, scaled)
 * log band energies of one frame of a rotating machine. A normal machine hums at a fundamental
 * between bands 3 and 5 with harmonics that fall off geometrically, over a noise floor; an
 * anomalous one has one fault: a tone that is not a harmonic, a raised noise floor (a worn
 * bearing), or a fundamental off its normal range. Seeded: the same values every run.
 */
import { rng } from "../../hosts/sim/random";

export const BANDS = 32;
/** Seeds of the data sets (make.ts and the tests draw the same frames). */
export const SEEDS = { train: 11, heldOutNormal: 12, heldOutAnomalous: 13 } as const;
export const ANOMALY_KINDS = ["stray tone", "raised noise floor", "off-speed fundamental"] as const;

function spectrum(r: () => number, f0: number, decay: number, floor: number, extra: (band: number) => number): Float32Array {
  const out = new Float32Array(BANDS);
  for (let b = 0; b < BANDS; b++) {
    let e = floor * (0.9 + 0.2 * r());
    for (let k = 1; k * f0 < BANDS + 2; k++) e += decay ** (k - 1) * Math.exp(-(((b - k * f0) / 0.6) ** 2));
    out[b] = (Math.log(e + extra(b) + 0.01) + 2.5) / 1.5; // log energy, centred and scaled to about [-1.5, 2]
  }
  return out;
}

/** `count` normal frames, as consecutive float32 [32] inputs. */
export function normalFrames(count: number, seed: number): Float32Array {
  const r = rng(seed), out = new Float32Array(count * BANDS);
  for (let i = 0; i < count; i++) out.set(spectrum(r, 3 + 2 * r(), 0.5 + 0.2 * r(), 0.02 + 0.02 * r(), () => 0), i * BANDS);
  return out;
}

/** `count` anomalous frames, the kinds in turn. */
export function anomalousFrames(count: number, seed: number): Float32Array {
  const r = rng(seed), out = new Float32Array(count * BANDS);
  for (let i = 0; i < count; i++) {
    const kind = i % ANOMALY_KINDS.length;
    const f0 = kind === 2 ? 5.2 + 1 * r() : 3 + 2 * r();
    const floor = kind === 1 ? 0.04 + 0.04 * r() : 0.02 + 0.02 * r();
    const tone = 8 + r() * 22, level = 0.05 + 0.2 * r();
    out.set(spectrum(r, f0, 0.5 + 0.2 * r(), floor, (b) => (kind === 0 ? level * Math.exp(-(((b - tone) / 0.5) ** 2)) : 0)), i * BANDS);
  }
  return out;
}
