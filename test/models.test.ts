/** The project's own models: reproducible from their scripts, accurate, and the demo runs them. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { Interpreter, Model } from "../src/index";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function run(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ["--import=tsx", ...args], { cwd: repo }, (err, stdout, stderr) => done({ code: err === null ? 0 : 1, out: stdout + stderr }));
  });
}

test("models/sine is what models/sine/make.ts produces", async (t) => {
  const r = await run(["models/sine/make.ts", "--check"]);
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
  const r = await run(["src/cli/demo.ts"]);
  t.is(r.code, 0, r.out);
  t.regex(r.out, /worst error 0\.0\d/);
  t.regex(r.out, /µs per inference/);
});
