/**
 * The simulator demo: the project's own int8 sine model (models/sine) run by tinyml-xs inside the
 * XS engine, drawn against the true curve, with the time per inference. Argument: the repo folder.
 */
import { Interpreter, Model, nativeKernels } from "../../src/index";
import { print, sim } from "./globals";

const repo = sim.args[0] ?? ".";
const model = Model.from(sim.readFile(`${repo}/models/sine/sine.tflite`));
const it = new Interpreter(model);
const input = it.input(0), output = it.output(0);
const WIDTH = 61, HEIGHT = 17;
const grid: string[][] = [];
for (let r = 0; r < HEIGHT; r++) grid.push(new Array<string>(WIDTH).fill(" "));
const row = (y: number) => Math.max(0, Math.min(HEIGHT - 1, Math.round(((1 - y) / 2) * (HEIGHT - 1))));
let worst = 0;
let spent = 0;
for (let c = 0; c < WIDTH; c++) {
  const x = (c / (WIDTH - 1)) * 2 * Math.PI;
  input.data[0] = Math.max(-128, Math.min(127, Math.round(x / input.scale) + input.zeroPoint));
  const t0 = sim.now();
  it.invoke();
  spent += sim.now() - t0;
  const y = output.dequantize(0);
  worst = Math.max(worst, Math.abs(y - Math.sin(x)));
  grid[row(Math.sin(x))]![c] = "·";
  grid[row(y)]![c] = "*";
}
const natives = Object.keys(nativeKernels());
print(`tinyml-xs on the XS engine (tinyml-sim): models/sine/sine.tflite, ${model.bytes.length} bytes, arena ${it.arenaBytes} bytes, ${it.plan.macs} MACs`);
print(`kernels: ${natives.length > 0 ? `native C for ${natives.join(", ")}; TypeScript for the rest` : "TypeScript"}`);
print("* = int8 model, · = sin(x), x from 0 to 2π\n");
for (const r of grid) print(`  |${r.join("")}`);
print(`  +${"-".repeat(WIDTH)}`);
print(`\nworst error ${worst.toFixed(3)}, ${((spent / WIDTH) * 1000).toFixed(1)} µs per inference inside XS`);
