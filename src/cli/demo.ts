/**
 * The demo: runs the project's own int8 sine model (models/sine) through tinyml-xs and draws what
 * it computes against the true curve, with the time per inference.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Interpreter, Model } from "../index";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const model = Model.from(readFileSync(join(repo, "models", "sine", "sine.tflite")));
const it = new Interpreter(model);
const input = it.input(0), output = it.output(0);
const WIDTH = 61, HEIGHT = 17;
const grid = Array.from({ length: HEIGHT }, () => new Array<string>(WIDTH).fill(" "));
const row = (y: number) => Math.round(((1 - y) / 2) * (HEIGHT - 1));
let worst = 0;
const t0 = performance.now();
for (let c = 0; c < WIDTH; c++) {
  const x = (c / (WIDTH - 1)) * 2 * Math.PI;
  input.data[0] = Math.max(-128, Math.min(127, Math.round(x / input.scale) + input.zeroPoint));
  it.invoke();
  const y = output.dequantize(0);
  worst = Math.max(worst, Math.abs(y - Math.sin(x)));
  grid[row(Math.sin(x))]![c] = "·";
  grid[Math.max(0, Math.min(HEIGHT - 1, row(y)))]![c] = "*";
}
const ms = (performance.now() - t0) / WIDTH;
console.log(`tinyml-xs demo: models/sine/sine.tflite (${model.bytes.length} bytes, arena ${it.arenaBytes} bytes, ${it.plan.macs} MACs)`);
console.log("* = int8 model through tinyml-xs, · = sin(x), x from 0 to 2π\n");
for (const r of grid) console.log(`  |${r.join("")}`);
console.log(`  +${"-".repeat(WIDTH)}`);
console.log(`\nworst error ${worst.toFixed(3)}, ${(ms * 1000).toFixed(1)} µs per inference (portable TypeScript kernels on Node)`);
