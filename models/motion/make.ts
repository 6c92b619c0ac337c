/**
 * Makes models/motion/motion.tflite: an activity classifier (still, walking, running, shaking) for
 * 2 s windows of 3-axis accelerometer data at 25 Hz. Windows come from the seeded motion generator
 * the simulated chips use (hosts/sim/devices/motion_source.ts), features from src/motion/features.ts
 * (the code the firmware runs), then a 12-16-16-4 ReLU network with softmax is trained in plain
 * TypeScript (full-batch Adam, cross-entropy), its input standardization folded into the first
 * layer, quantized to int8 and evaluated through the tinyml-xs interpreter on held-back windows
 * drawn with other seeds. The model card (README.md) is written from those figures. Deterministic.
 *
 *   npx tsx models/motion/make.ts [--check]   (--check: fail if the committed files differ)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Interpreter, Model } from "../../src/index";
import { quantizeValue } from "../../src/cli/quantize";
import { denseModel, glorotLayers, rangeTracker } from "../../src/cli/dense_model";
import { adam, backpropDense, forwardDense, layerBuffers, type TrainableLayer } from "../../src/cli/dense_training";
import { MOTION_FEATURE_COUNT, MOTION_FEATURE_NAMES, MOTION_LABELS, MOTION_RATE_HZ, MOTION_WINDOW, MotionFeatures } from "../../src/motion/features";
import { ACTIVITIES, ActivityMotion } from "../../hosts/sim/devices/motion_source";
import { rng } from "../../hosts/sim/random";

const here = dirname(fileURLToPath(import.meta.url));
const F = MOTION_FEATURE_COUNT, K = MOTION_LABELS.length;
const SIZES = [F, 16, 16, K];
const TRAIN_PER_CLASS = 400, HELD_PER_CLASS = 200, STEPS = 1500;
/** Sample resolution of the data: 4 mg, a LIS3DH at ±8 g in high resolution mode (an MPU-6050 at ±8 g is finer). */
const RESOLUTION = (4 / 1000) * 9.80665;

if (ACTIVITIES.join() !== MOTION_LABELS.join()) throw new Error("motion_source's activities and the model's labels differ");

interface Data { x: Float32Array[]; y: number[] }

/** Windows of each activity, each from its own motion (own parameters and orientation), starting at a random time. */
function windows(perClass: number, seed: number): Data {
  const r = rng(seed);
  const fx = new MotionFeatures(MOTION_WINDOW, MOTION_RATE_HZ);
  const xyz = new Float32Array(3 * MOTION_WINDOW);
  const a = new Float64Array(3);
  const data: Data = { x: [], y: [] };
  for (let k = 0; k < K; k++) {
    for (let w = 0; w < perClass; w++) {
      const motion = new ActivityMotion(MOTION_LABELS[k]!, Math.floor(r() * 2 ** 32));
      const t0 = r() * 30;
      for (let i = 0; i < MOTION_WINDOW; i++) {
        motion.at(t0 + i / MOTION_RATE_HZ, a);
        for (let j = 0; j < 3; j++) xyz[3 * i + j] = Math.round(a[j]! / RESOLUTION) * RESOLUTION;
      }
      data.x.push(fx.compute(xyz, new Float32Array(F)));
      data.y.push(k);
    }
  }
  return data;
}

type Layer = TrainableLayer;

const forward = forwardDense;

function softmax(z: ArrayLike<number>, p: Float64Array): void {
  let m = -Infinity;
  for (let i = 0; i < K; i++) m = Math.max(m, z[i]!);
  let s = 0;
  for (let i = 0; i < K; i++) s += p[i] = Math.exp(z[i]! - m);
  for (let i = 0; i < K; i++) p[i]! /= s;
}

function train(data: Data, mean: Float64Array, std: Float64Array): { layers: Layer[]; loss: number } {
  const layers: Layer[] = glorotLayers(SIZES, rng(42));
  const xs = data.x.map((x) => Float64Array.from(x, (v, i) => (v - mean[i]!) / std[i]!));
  const opt = adam(layers);
  const acts = layerBuffers(layers), deltas = layerBuffers(layers);
  const p = new Float64Array(K);
  let loss = 0;
  for (let step = 1; step <= STEPS; step++) {
    loss = 0;
    for (let s = 0; s < xs.length; s++) {
      softmax(forward(layers, xs[s]!, acts), p);
      loss -= Math.log(Math.max(1e-12, p[data.y[s]!]!));
      const top = deltas[layers.length]!;
      for (let i = 0; i < K; i++) top[i] = (p[i]! - (i === data.y[s] ? 1 : 0)) / xs.length;
      backpropDense(layers, acts, deltas, opt.grads);
    }
    loss /= xs.length;
    opt.step(0.01, 1e-4);
  }
  // Fold the standardization into the first layer: w' = w / std, b' = b - sum(w * mean / std).
  const first = layers[0]!;
  for (let o = 0; o < first.out; o++) {
    for (let i = 0; i < first.in; i++) {
      first.w[o * first.in + i]! /= std[i]!;
      first.b[o]! -= first.w[o * first.in + i]! * mean[i]!;
    }
  }
  return { layers, loss };
}

function quantizeAndWrite(layers: Layer[], xs: Float32Array[]): Uint8Array {
  // Calibrate every activation's range on the training windows.
  const calibration = rangeTracker(SIZES.length);
  const acts = SIZES.map((n) => new Float64Array(n));
  for (const x of xs) {
    forward(layers, x, acts);
    acts.forEach((a, k) => calibration.add(k, a));
  }
  return denseModel({ layers, ranges: calibration.ranges, inputName: "features", outputName: "logits", softmaxName: "probabilities" });
}

function main(): void {
  const check = process.argv.includes("--check");
  const started = Date.now();
  const trainData = windows(TRAIN_PER_CLASS, 2024);
  const held = windows(HELD_PER_CLASS, 777);
  const mean = new Float64Array(F), std = new Float64Array(F);
  for (const x of trainData.x) for (let i = 0; i < F; i++) mean[i]! += x[i]! / trainData.x.length;
  for (const x of trainData.x) for (let i = 0; i < F; i++) std[i]! += (x[i]! - mean[i]!) ** 2 / trainData.x.length;
  for (let i = 0; i < F; i++) std[i] = Math.sqrt(std[i]!) || 1;

  const { layers, loss } = train(trainData, mean, std);
  const bytes = quantizeAndWrite(layers, trainData.x);

  // Held-back accuracy: float (the folded float network) and int8 through the runtime itself.
  const it = new Interpreter(Model.from(bytes));
  const input = it.input(0), output = it.output(0);
  const inQ = { scale: input.scale, zeroPoint: input.zeroPoint };
  const acts = SIZES.map((n) => new Float64Array(n));
  const confusion = MOTION_LABELS.map(() => new Array<number>(K).fill(0));
  let rightFloat = 0, rightInt8 = 0, rightTrain = 0;
  const argmax = (v: ArrayLike<number>) => {
    let best = 0;
    for (let i = 1; i < K; i++) if (v[i]! > v[best]!) best = i;
    return best;
  };
  const classify = (x: Float32Array) => {
    for (let i = 0; i < F; i++) input.data[i] = quantizeValue(x[i]!, inQ);
    it.invoke();
    return argmax(output.data);
  };
  held.x.forEach((x, s) => {
    if (argmax(forward(layers, x, acts)) === held.y[s]) rightFloat++;
    const c = classify(x);
    confusion[held.y[s]!]![c]!++;
    if (c === held.y[s]) rightInt8++;
  });
  trainData.x.forEach((x, s) => {
    if (classify(x) === trainData.y[s]) rightTrain++;
  });
  const accFloat = rightFloat / held.x.length, accInt8 = rightInt8 / held.x.length, accTrain = rightTrain / trainData.x.length;
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const table = [
    `| true \\ predicted | ${MOTION_LABELS.join(" | ")} | recall |`,
    `|---|${MOTION_LABELS.map(() => "---:|").join("")}---:|`,
    ...confusion.map((row, k) => `| ${MOTION_LABELS[k]} | ${row.join(" | ")} | ${pct(row[k]! / HELD_PER_CLASS)} |`),
  ].join("\n");
  const card = `# motion: the model card

An activity classifier for a 3-axis accelerometer: **still, walking, running, shaking** from a 2 s
window sampled at ${MOTION_RATE_HZ} Hz, used by the motion firmware (\`firmware/motion\`, \`npm start -- --motion\`).

- **Made by** \`npx tsx models/motion/make.ts\` (this file is written by it; do not edit by hand).
- **Data**: synthetic, from the seeded motion generator the simulated LIS3DH and MPU-6050 use
  (\`hosts/sim/devices/motion_source.ts\`): every window is its own motion with its parameters
  drawn at random (device orientation uniform over the sphere, cadence, amplitudes, harmonics,
  body wobble, noise 0.01-0.03 g): still = gravity with a tremor of a few mg; walking = 1.5-2.2
  steps/s, 0.15-0.45 g vertical; running = 2.3-3.2 steps/s, 0.7-1.6 g with harmonics; shaking =
  3.5-7 Hz, 0.8-2.5 g along a direction fixed to the device. Samples rounded to 4 mg (a LIS3DH at
  ±8 g). ${TRAIN_PER_CLASS} training windows per class; ${HELD_PER_CLASS} held-back windows per
  class from another seed (motions never seen in training). No recorded human data: accuracy on
  real wearers will be lower, and the generator's ranges are the model's limits.
- **Features** (\`src/motion/features.ts\`, shared with the firmware, ${F} values, independent of
  the device's orientation): ${MOTION_FEATURE_NAMES.join("; ")}.
- **Training**: ${SIZES.join("-")} ReLU network, softmax cross-entropy, full-batch Adam (lr 0.01,
  weight decay 1e-4), ${STEPS} steps on standardized features (final training loss
  ${loss.toFixed(4)}); the standardization is folded into the first layer, so the model takes the
  raw features.
- **Quantization**: int8; activations per tensor (calibrated on the training windows), weights
  per output channel, symmetric; biases int32. Three FULLY_CONNECTED ops (two with a fused RELU)
  and an int8 SOFTMAX (output scale 1/256, zero point -128).
- **Size**: ${bytes.length} bytes; arena ${it.arenaBytes} bytes; ${it.plan.macs} MACs per inference.
- **Held-back accuracy** (${held.x.length} windows): float ${pct(accFloat)}, **int8 through
  tinyml-xs ${pct(accInt8)}** (training windows, int8: ${pct(accTrain)}).

${table}

- **Input**: int8 [1, ${F}], scale ${inQ.scale}, zero point ${inQ.zeroPoint} (the features as
  computed, quantized). **Output**: int8 [1, ${K}] probabilities in the order
  ${MOTION_LABELS.join(", ")}, scale 1/256, zero point -128.
- **Limits**: windows that straddle two activities get either label (the firmware reports an
  activity once two consecutive windows agree); other motions (cycling, vehicles, falls) are
  outside the data and get one of the four labels.
`;
  const files: [string, Uint8Array | string][] = [["motion.tflite", bytes], ["README.md", card]];
  for (const [name, content] of files) {
    const path = join(here, name);
    if (check) {
      let old: Buffer;
      try {
        old = readFileSync(path);
      } catch {
        console.error(`models/motion/${name} is missing`);
        process.exit(1);
      }
      if (!old.equals(Buffer.from(content))) {
        console.error(`models/motion/${name} differs from what make.ts produces`);
        process.exit(1);
      }
    } else {
      writeFileSync(path, content);
    }
  }
  console.log(`motion: ${bytes.length} bytes, held-back accuracy float ${pct(accFloat)}, int8 ${pct(accInt8)}, loss ${loss.toFixed(4)}, ${((Date.now() - started) / 1000).toFixed(1)} s${check ? " (files match)" : ""}`);
}

main();
