/**
 * The Espruino example: the project's int8 sine model (models/sine/sine.tflite) read from Storage,
 * run by the runtime read from Storage, on every press of the board's button and on a timer; each
 * result is printed beside sin(x). hosts/espruino/README.md says how to build it
 * (`npm run build:espruino` writes dist/espruino/example.js) and put the three files on a board.
 */
import { globalRuntime, runtimeFromStorage } from "./load_runtime";

const STEPS = 16;
// Boot code that ran `eval(require("Storage").read("tinyml.js"))` first saves variables (load_runtime.ts).
const tinyml = globalRuntime() ?? runtimeFromStorage("tinyml.js");
const modelBytes = require("Storage").readArrayBuffer("sine.tflite");
if (modelBytes === undefined) throw new Error("no Storage file 'sine.tflite': upload models/sine/sine.tflite under that name");
const it = new tinyml.Interpreter(tinyml.Model.from(modelBytes), { kernels: "portable" });
const input = it.input(0);
const output = it.output(0);
print(`sine model loaded: arena ${it.arenaBytes} bytes, ${process.memory().usage} variables in use`);

let step = 0;
/** One inference at the next x of 0..2π; prints x, the model's y and sin(x). */
function inferNext(): void {
  const x = ((step % STEPS) / STEPS) * 2 * Math.PI;
  step++;
  input.data[0] = Math.max(-128, Math.min(127, Math.round(x / input.scale) + input.zeroPoint));
  const t0 = getTime();
  it.invoke();
  const ms = (getTime() - t0) * 1000;
  print(`x=${x.toFixed(3)} q=${output.data[0]} model=${output.dequantize(0).toFixed(3)} sin=${Math.sin(x).toFixed(3)} (${ms.toFixed(1)} ms)`);
}

// The button, where the board has one; and a timer, which stops after one turn (the Linux build then exits).
if (typeof BTN !== "undefined" && BTN !== undefined) setWatch(inferNext, BTN, { repeat: true, edge: "rising", debounce: 50 });
const timer = setInterval(() => {
  inferNext();
  if (step >= STEPS) clearInterval(timer);
}, 250);
