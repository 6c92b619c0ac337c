/**
 * Makes models/anomaly: a small anomaly-detection autoencoder in the manner of MLPerf Tiny's
 * (fully connected, a narrow bottleneck, trained on normal machine sounds only; a frame's anomaly
 * score is its reconstruction error). Trained here on synthetic spectra (data.ts), written as a float32
 * .tflite (anomaly_float.tflite) and as its int8 sibling quantized by the model scripts' own path
 * (src/cli/dense_model.ts: per-channel weights, anomaly_int8.tflite); the model card (README.md) is
 * written from figures measured through the tinyml-xs interpreter, `tinyml quantize`'s result included.
 *
 *   npx tsx models/anomaly/make.ts [--check]   (--check: fail if the committed files differ)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Interpreter, Model } from "../../src/index";
import { denseModel, floatDenseModel, glorotLayers, rangeTracker } from "../../src/cli/dense_model";
import { calibrate } from "../../src/cli/quantize/calibrate";
import { quantizeModel } from "../../src/cli/quantize/quantize_model";
import { compareModels } from "../../src/cli/compare/compare_models";
import { rng } from "../../hosts/sim/random";
import { anomalousFrames, ANOMALY_KINDS, BANDS, normalFrames, SEEDS } from "./data";
import { anomalyScores, auc } from "./evaluate";

const here = dirname(fileURLToPath(import.meta.url));
const SIZES = [BANDS, 16, 8, 16, BANDS];
const TRAIN = 600, CALIBRATION = 200, HELD_OUT = 300, STEPS = 2000, LR = 0.01;

interface Layer { w: Float64Array; b: Float64Array; in: number; out: number }

/** Activations of every layer (input first); ReLU between layers, linear output. */
function forward(layers: Layer[], x: ArrayLike<number>): Float64Array[] {
  const acts = [Float64Array.from(x)];
  layers.forEach((l, k) => {
    const a = acts[k]!, z = new Float64Array(l.out);
    for (let o = 0; o < l.out; o++) {
      let s = l.b[o]!;
      for (let i = 0; i < l.in; i++) s += l.w[o * l.in + i]! * a[i]!;
      z[o] = k < layers.length - 1 ? Math.max(0, s) : s;
    }
    acts.push(z);
  });
  return acts;
}

function train(frames: Float32Array): { layers: Layer[]; loss: number } {
  const layers: Layer[] = glorotLayers(SIZES, rng(5));
  const params = layers.flatMap((l) => [l.w, l.b]);
  const m1 = params.map((p) => new Float64Array(p.length)), m2 = params.map((p) => new Float64Array(p.length));
  const n = frames.length / BANDS;
  let loss = 0;
  for (let step = 1; step <= STEPS; step++) {
    const grads = params.map((p) => new Float64Array(p.length));
    loss = 0;
    for (let s = 0; s < n; s++) {
      const x = frames.subarray(s * BANDS, (s + 1) * BANDS);
      const acts = forward(layers, x);
      const y = acts[layers.length]!;
      let delta = y.map((v, i) => (2 * (v - x[i]!)) / (n * BANDS));
      for (let i = 0; i < BANDS; i++) loss += (y[i]! - x[i]!) ** 2 / (n * BANDS);
      for (let k = layers.length - 1; k >= 0; k--) {
        const l = layers[k]!, a = acts[k]!, gw = grads[2 * k]!, gb = grads[2 * k + 1]!;
        const prev = new Float64Array(l.in);
        for (let o = 0; o < l.out; o++) {
          const d = delta[o]!;
          if (d === 0) continue;
          gb[o]! += d;
          for (let i = 0; i < l.in; i++) {
            gw[o * l.in + i]! += d * a[i]!;
            prev[i]! += d * l.w[o * l.in + i]!;
          }
        }
        delta = prev.map((d, i) => (k > 0 && a[i]! <= 0 ? 0 : d));
      }
    }
    params.forEach((p, j) => {
      for (let i = 0; i < p.length; i++) {
        const g = grads[j]![i]!;
        m1[j]![i] = 0.9 * m1[j]![i]! + 0.1 * g;
        m2[j]![i] = 0.999 * m2[j]![i]! + 0.001 * g * g;
        p[i]! -= (LR * (m1[j]![i]! / (1 - 0.9 ** step))) / (Math.sqrt(m2[j]![i]! / (1 - 0.999 ** step)) + 1e-8);
      }
    });
  }
  return { layers, loss };
}

function main(): void {
  const check = process.argv.includes("--check");
  const trainFrames = normalFrames(TRAIN, SEEDS.train);
  const { layers, loss } = train(trainFrames);
  const floatBytes = floatDenseModel({ layers, inputName: "spectrum", outputName: "reconstruction" });
  const calibration = trainFrames.subarray(0, CALIBRATION * BANDS);
  const tracker = rangeTracker(SIZES.length);
  for (let s = 0; s < CALIBRATION; s++) forward(layers, calibration.subarray(s * BANDS, (s + 1) * BANDS)).forEach((a, k) => tracker.add(k, a));
  const int8Bytes = denseModel({ layers, ranges: tracker.ranges, inputName: "spectrum", outputName: "reconstruction" });
  const floatModel = Model.from(floatBytes);
  const ranges = calibrate(floatModel, [calibration]);
  const toolBytes = quantizeModel(floatModel, ranges), perChannelBytes = quantizeModel(floatModel, ranges, { perChannel: true });

  const normal = normalFrames(HELD_OUT, SEEDS.heldOutNormal), anomalous = anomalousFrames(HELD_OUT, SEEDS.heldOutAnomalous);
  const heldOut = new Float32Array([...normal, ...anomalous]);
  const rows = ([["float32 (anomaly_float.tflite)", floatBytes], ["int8 sibling (anomaly_int8.tflite)", int8Bytes], ["int8 from `tinyml quantize --per-channel`", perChannelBytes], ["int8 from `tinyml quantize` (weights per tensor)", toolBytes]] as const).map(([what, bytes]) => {
    const cmp = compareModels(floatModel, Model.from(bytes), [new Uint8Array(heldOut.buffer)]).outputs[0]!;
    const sqnr = Number.isFinite(cmp.sqnrDb) ? `${cmp.sqnrDb.toFixed(1)} dB` : "(the reference)";
    return `| ${what} | ${bytes.length} | ${auc(anomalyScores(bytes, normal), anomalyScores(bytes, anomalous)).toFixed(3)} | ${sqnr} |`;
  });
  const it = new Interpreter(Model.from(int8Bytes));
  const card = `# anomaly: the model card

An anomaly detector for machine sounds in the manner of MLPerf Tiny's anomaly-detection benchmark
(a fully connected autoencoder trained on normal sounds only; a frame's anomaly score is its mean
squared reconstruction error), much smaller, on synthetic data. It is here for the model tools:
\`tinyml quantize\` starts from its float32 model, and its int8 sibling is the bar to meet.

- **Made by** \`npx tsx models/anomaly/make.ts\` (this file is written by it; do not edit by hand).
- **Data** (\`data.ts\`, seeded): 32 log band energies (shifted and scaled to about [-1.5, 2]) of one frame of a rotating machine: a
  fundamental between bands 3 and 5 with geometrically decaying harmonics over a noise floor.
  Anomalies, in turn: ${ANOMALY_KINDS.join(", ")}. ${TRAIN} normal training frames; ${HELD_OUT} held-out
  normal and ${HELD_OUT} held-out anomalous frames from other seeds. No recorded machine: the
  generator's ranges are the model's limits.
- **Network**: ${SIZES.join("-")}, ReLU between layers, linear output; four FULLY_CONNECTED ops.
- **Training**: full-batch Adam (lr ${LR}), ${STEPS} steps, mean squared reconstruction error,
  float64; final training loss ${loss.toFixed(4)}.
- **Files**: \`anomaly_float.tflite\` (float32); \`anomaly_int8.tflite\`, its int8 sibling
  (src/cli/dense_model.ts: activations calibrated on the first ${CALIBRATION} training frames,
  weights per output channel, biases int32; arena ${it.arenaBytes} bytes, ${it.plan.macs} MACs).
- **Held-out results** through tinyml-xs (AUC: normal against anomalous frames by anomaly score;
  SQNR: the reconstruction against the float model's, \`tinyml compare\`):

| model | bytes | AUC | SQNR |
|---|---:|---:|---:|
${rows.join("\n")}

  (\`tinyml quantize\` calibrated on the same ${CALIBRATION} frames.)
`;
  const files: [string, Uint8Array | string][] = [["anomaly_float.tflite", floatBytes], ["anomaly_int8.tflite", int8Bytes], ["README.md", card]];
  for (const [name, content] of files) {
    const path = join(here, name);
    const now = Buffer.from(content);
    if (check) {
      if (!readFileSync(path).equals(now)) {
        console.error(`models/anomaly/${name} differs from what make.ts produces`);
        process.exit(1);
      }
    } else writeFileSync(path, now);
  }
  console.log(`anomaly: training loss ${loss.toFixed(4)}\n${rows.join("\n")}${check ? "\n(files match)" : ""}`);
}

main();
