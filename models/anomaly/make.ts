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
import { adam, backpropDense, forwardDense, layerBuffers, type TrainableLayer } from "../../src/cli/dense_training";
import { calibrate } from "../../src/cli/quantize/calibrate";
import { quantizeModel } from "../../src/cli/quantize/quantize_model";
import { compareModels } from "../../src/cli/compare/compare_models";
import { rng } from "../../hosts/sim/random";
import { anomalousFrames, ANOMALY_KINDS, BANDS, normalFrames, SEEDS } from "./data";
import { anomalyScores, auc } from "./evaluate";

const here = dirname(fileURLToPath(import.meta.url));
const SIZES = [BANDS, 16, 8, 16, BANDS];
const TRAIN = 600, CALIBRATION = 200, HELD_OUT = 300, STEPS = 2000, LR = 0.01;

type Layer = TrainableLayer;

/** Activations of every layer (input first); ReLU between layers, linear output. */
function forward(layers: Layer[], x: ArrayLike<number>): Float64Array[] {
  const acts = layerBuffers(layers);
  forwardDense(layers, x, acts);
  return acts;
}

function train(frames: Float32Array): { layers: Layer[]; loss: number } {
  const layers: Layer[] = glorotLayers(SIZES, rng(5));
  const opt = adam(layers);
  const acts = layerBuffers(layers), deltas = layerBuffers(layers);
  const n = frames.length / BANDS;
  let loss = 0;
  for (let step = 1; step <= STEPS; step++) {
    loss = 0;
    for (let s = 0; s < n; s++) {
      const x = frames.subarray(s * BANDS, (s + 1) * BANDS);
      const y = forwardDense(layers, x, acts), top = deltas[layers.length]!;
      for (let i = 0; i < BANDS; i++) {
        top[i] = (2 * (y[i]! - x[i]!)) / (n * BANDS);
        loss += (y[i]! - x[i]!) ** 2 / (n * BANDS);
      }
      backpropDense(layers, acts, deltas, opt.grads);
    }
    opt.step(LR);
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
