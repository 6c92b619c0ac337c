/** The project's own models: reproducible from their scripts, accurate, and the demo runs them. */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { Interpreter, Model } from "../src/index";
import { runScript } from "./helpers/cli";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

test("models/sine is what models/sine/make.ts produces", async (t) => {
  const r = await runScript(["models/sine/make.ts", "--check"]);
  t.is(r.code, 0, r.out);
  t.regex(r.out, /files match/);
});

test("the sine model follows sin(x) on [0, 2π]", (t) => {
  const it = new Interpreter(Model.from(readFileSync(join(repo, "models", "sine", "sine.tflite"))));
  const x = it.input(0), y = it.output(0);
  let sum = 0;
  for (let i = 0; i < 100; i++) {
    const v = ((i + 0.5) / 100) * 2 * Math.PI;
    x.data[0] = Math.max(-128, Math.min(127, Math.round(v / x.scale) + x.zeroPoint));
    it.invoke();
    sum += Math.abs(y.dequantize(0) - Math.sin(v));
  }
  t.true(sum / 100 < 0.05, `mean error ${sum / 100}`);
});

test("the demo runs and draws the curve", async (t) => {
  const r = await runScript(["src/cli/demo.ts"]);
  t.is(r.code, 0, r.out);
  t.regex(r.out, /worst error 0\.0\d/);
  t.regex(r.out, /µs per inference/);
});
