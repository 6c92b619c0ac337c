/** `tinyml run --host sim` reproduces every golden output from inside XS; `npm start` runs the demo in the sim. */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { ensureSim } from "../hosts/sim/build.mjs";
import { tinyml } from "./helpers/cli";
import { ALL_MODELS, manifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tmp = mkdtempSync(join(tmpdir(), "tinyml-sim-cli-"));

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

test("npm start runs the sine demo inside the XS engine", async (t) => {
  const out = await new Promise<string>((done, fail) =>
    execFile(process.execPath, ["--import=tsx", join(repo, "src", "cli", "start.ts")], { cwd: repo }, (err, stdout, stderr) => (err ? fail(new Error(stderr)) : done(stdout))),
  );
  t.regex(out, /tinyml-xs on the XS engine/);
  t.regex(out, /worst error 0\.0\d/);
  t.regex(out, /µs per inference inside XS/);
});
