/**
 * Makes models/sine/sine.tflite: a 1-16-16-1 ReLU network fitted to y = sin(x) on [0, 2π],
 * quantized to int8 (per-channel weights), written as a TFLite flatbuffer, then evaluated through
 * the tinyml-xs interpreter on held-out points; the model card (README.md) is written from those
 * figures. Deterministic: the same bytes every run.
 *
 *   npx tsx models/sine/make.ts [--check]   (--check: fail if the committed files differ)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Interpreter, Model } from "../../src/index";
import { quantizeValue } from "../../src/cli/quantize";
import { denseModel, glorotLayers, rangeTracker } from "../../src/cli/dense_model";
import { adam, backpropDense, forwardDense, layerBuffers, type TrainableLayer } from "../../src/cli/dense_training";
import { rng } from "../../hosts/sim/random";

const here = dirname(fileURLToPath(import.meta.url));
const SIZES = [1, 16, 16, 1];
const TRAIN = 1000, HELD_OUT = 200, STEPS = 4000;

type Layer = TrainableLayer;

/** The network's output for x; with `acts`, every layer's activations are pushed onto it (the input first). */
function forward(layers: Layer[], x: number, acts?: number[][]): number {
  const buffers = layerBuffers(layers);
  const y = forwardDense(layers, [x], buffers)[0]!;
  acts?.push(...buffers.map((b) => Array.from(b)));
  return y;
}

function train(xs: number[], ys: number[]): Layer[] {
  const layers: Layer[] = glorotLayers(SIZES, rng(42));
  const opt = adam(layers);
  const acts = layerBuffers(layers), deltas = layerBuffers(layers);
  for (let step = 1; step <= STEPS; step++) {
    for (let s = 0; s < xs.length; s++) {
      const y = forwardDense(layers, [xs[s]!], acts)[0]!;
      deltas[layers.length]![0] = (2 * (y - ys[s]!)) / xs.length;
      backpropDense(layers, acts, deltas, opt.grads);
    }
    opt.step(0.01);
  }
  return layers;
}

function quantizeAndWrite(layers: Layer[], xs: number[]): Uint8Array {
  // Calibrate every activation's range on the training inputs.
  const calibration = rangeTracker(SIZES.length);
  for (const x of xs) {
    const acts: number[][] = [];
    forward(layers, x, acts);
    acts.forEach((a, k) => calibration.add(k, a));
  }
  return denseModel({ layers, ranges: calibration.ranges, inputName: "x", outputName: "y" });
}

function main(): void {
  const check = process.argv.includes("--check");
  const r = rng(7);
  const xs = Array.from({ length: TRAIN }, () => r() * 2 * Math.PI);
  const ys = xs.map((x) => Math.sin(x) + (r() - 0.5) * 0.1);
  const heldX = Array.from({ length: HELD_OUT }, (_, i) => ((i + 0.5) / HELD_OUT) * 2 * Math.PI);

  const layers = train(xs, ys);
  const bytes = quantizeAndWrite(layers, xs);

  // Evaluate the int8 model through the runtime itself.
  const it = new Interpreter(Model.from(bytes));
  const inQ = { scale: it.input(0).scale, zeroPoint: it.input(0).zeroPoint };
  let maeFloat = 0, maeInt8 = 0, maxErr = 0;
  for (const x of heldX) {
    it.input(0).data[0] = quantizeValue(x, inQ);
    it.invoke();
    const y = it.output(0).dequantize(0);
    maeFloat += Math.abs(forward(layers, x) - Math.sin(x));
    maeInt8 += Math.abs(y - Math.sin(x));
    maxErr = Math.max(maxErr, Math.abs(y - Math.sin(x)));
  }
  maeFloat /= heldX.length;
  maeInt8 /= heldX.length;
  const card = `# sine: the model card

A 1-16-16-1 ReLU network that maps x in [0, 2π] to sin(x): the smallest useful model, used by
the demo (\`npm start\`) and by tests that must run without ../shared.

- **Made by** \`npx tsx models/sine/make.ts\` (this file is written by it; do not edit by hand).
- **Data**: ${TRAIN} training points x uniform in [0, 2π], y = sin(x) + uniform noise of ±0.05
  (seeded); ${HELD_OUT} held-out points evenly spaced over [0, 2π], y = sin(x).
- **Training**: full-batch Adam (lr 0.01), ${STEPS} steps, mean squared error, float64.
- **Quantization**: int8; activations per tensor (calibrated on the training inputs), weights
  per output channel, symmetric; biases int32. Three FULLY_CONNECTED ops, the first two with a
  fused RELU.
- **Size**: ${bytes.length} bytes; arena ${it.arenaBytes} bytes; ${it.plan.macs} MACs per inference.
- **Held-out accuracy** (mean absolute error against sin(x)): float ${maeFloat.toFixed(4)},
  int8 through tinyml-xs ${maeInt8.toFixed(4)} (worst point ${maxErr.toFixed(4)}).
- **Input**: int8 [1, 1], scale ${inQ.scale}, zero point ${inQ.zeroPoint}. **Output**: int8 [1, 1],
  scale ${it.output(0).scale}, zero point ${it.output(0).zeroPoint}.
- **Limits**: outside [0, 2π] the output is meaningless (the input quantization clamps).
`;
  const files: [string, Uint8Array | string][] = [["sine.tflite", bytes], ["README.md", card]];
  for (const [name, content] of files) {
    const path = join(here, name);
    if (check) {
      const old = readFileSync(path);
      const now = typeof content === "string" ? Buffer.from(content) : Buffer.from(content);
      if (!old.equals(now)) {
        console.error(`models/sine/${name} differs from what make.ts produces`);
        process.exit(1);
      }
    } else {
      writeFileSync(path, content);
    }
  }
  console.log(`sine: ${bytes.length} bytes, held-out MAE float ${maeFloat.toFixed(4)}, int8 ${maeInt8.toFixed(4)}${check ? " (files match)" : ""}`);
}

main();
