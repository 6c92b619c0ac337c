/** How well an anomaly model separates normal from anomalous frames, measured through the tinyml-xs interpreter. */
import { Interpreter, Model } from "../../src/index";
import { BANDS } from "./data";

/** Reconstruction error (mean squared, real units) of each frame through a model, run by the interpreter. */
export function anomalyScores(modelBytes: Uint8Array, frames: Float32Array): number[] {
  const it = new Interpreter(Model.from(modelBytes));
  const inp = it.input(0), out = it.output(0), scores: number[] = [];
  for (let s = 0; s < frames.length / BANDS; s++) {
    const x = frames.subarray(s * BANDS, (s + 1) * BANDS);
    for (let i = 0; i < BANDS; i++) inp.data[i] = inp.scale === 0 ? x[i]! : Math.max(-128, Math.min(127, Math.round(x[i]! / inp.scale) + inp.zeroPoint));
    it.invoke();
    let e = 0;
    for (let i = 0; i < BANDS; i++) e += (out.dequantize(i) - x[i]!) ** 2;
    scores.push(e / BANDS);
  }
  return scores;
}

/** Area under the ROC curve: the chance that an anomalous frame scores above a normal one (ties count half). */
export function auc(normal: readonly number[], anomalous: readonly number[]): number {
  let wins = 0;
  for (const a of anomalous) for (const n of normal) wins += a > n ? 1 : a === n ? 0.5 : 0;
  return wins / (normal.length * anomalous.length);
}

