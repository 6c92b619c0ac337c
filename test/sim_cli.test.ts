/** `tinyml run --host sim` reproduces every golden output from inside XS; `npm start` runs the demos in the sim. */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { ensureSim } from "../hosts/sim/build.mjs";
import { npmStart, tinyml } from "./helpers/cli";
import { ALL_MODELS, manifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tmp = tempDir("tinyml-sim-cli-");

test.before(async () => {
  await ensureSim({ quiet: true });
});

for (const name of ALL_MODELS) {
  withTestdata(test, `tinyml run --host sim ${name}: every golden case byte for byte`, async (t) => {
    const m = manifest().models[name]!;
    for (const c of m.cases) {
      const out = join(tmp, `${name}.${c.id}.out`);
      const r = await tinyml(["run", join(testdataDir, m.file), "--host", "sim", "--input", join(testdataDir, c.input), "--output", out, "--invocations", String(c.invocations)]);
      t.is(r.code, 0, r.stderr);
      const got = readFileSync(out), want = testdataFile(c.output);
      if (m.outputs[0]!.dtype === "float32") {
        const g = new Float32Array(Uint8Array.from(got).buffer), w = new Float32Array(Uint8Array.from(want).buffer);
        g.forEach((v, i) => t.true(Math.abs(v - w[i]!) <= 1e-6 * Math.abs(w[i]!), `case ${c.id}`));
      } else {
        t.true(got.equals(want), `case ${c.id} differs`);
      }
    }
  });
}

test("tinyml run --host sim checks the input size before starting the sim", async (t) => {
  const r = await tinyml(["run", join(repo, "models", "sine", "sine.tflite"), "--host", "sim", "--input", join(repo, "models", "sine", "README.md"), "--output", join(tmp, "x")]);
  t.is(r.code, 1);
  t.regex(r.stderr, /input 0 .* has \d+ bytes; the tensor int8\[1,1\] takes 1 bytes/);
});

test("npm start runs the motion firmware inside the XS engine, without the shared test data", async (t) => {
  const r = await npmStart([], { ...process.env, TINYML_TESTDATA: join(tmp, "no-testdata") });
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^found LIS3DH at 0x18$/m);
  t.deepEqual([...r.stdout.matchAll(/^activity: (\w+)/gm)].map((m) => m[1]), ["still", "walking", "running", "shaking"], r.stdout);
  t.regex(r.stdout, /^window \d+ t=[\d.]+s: \w+ \d+% \| fifo [\d.]+ ms \(\d+ samples, \d+ reads\) features [\d.]+ ms inference [\d.]+ ms/m);
  t.regex(r.stdout, /^done: 22\.0 s simulated/m);
});

test("npm start -- --sine runs the sine demo inside the XS engine", async (t) => {
  const r = await npmStart(["--sine"]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /tinyml-xs on the XS engine/);
  t.regex(r.stdout, /worst error 0\.0\d/);
  t.regex(r.stdout, /µs per inference inside XS/);
});

withTestdata(test, "npm start -- --kws hears yes and no in TFLM's clips, with each stage's latency", async (t) => {
  const r = await npmStart(["--kws"]);
  t.is(r.code, 0, r.stderr);
  const heard = [...r.stdout.matchAll(/^heard "(\w+)" score \d+ at (\d+) ms \| latency: preprocess [\d.]+ ms\/frame, inference [\d.]+ ms, recognize [\d.]+ ms$/gm)];
  const words = heard.filter((m) => m[1] === "yes" || m[1] === "no");
  t.deepEqual(words.map((m) => m[1]), ["yes", "no"], r.stdout);
  // yes plays from 1000 to 2000 ms, no from 3000 to 4000 ms; a word is heard within a second of its end.
  t.true(Number(words[0]![2]) >= 1000 && Number(words[0]![2]) <= 3000, r.stdout);
  t.true(Number(words[1]![2]) >= 3000 && Number(words[1]![2]) <= 5000, r.stdout);
});

test("npm start: a bad argument is a usage error, and --kws without the models says where they come from", async (t) => {
  const bad = await npmStart(["--bogus"]);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /unknown argument --bogus/);
  const both = await npmStart(["--kws", "--sine"]);
  t.is(both.code, 2);
  t.regex(both.stderr, /pick one demo/);
  const missing = await npmStart(["--kws"], { ...process.env, TINYML_TESTDATA: join(tmp, "no-testdata") });
  t.is(missing.code, 2);
  t.regex(missing.stderr, /needs TFLM's micro_speech files/);
});
