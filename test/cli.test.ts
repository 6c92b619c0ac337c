/** The tinyml command line: run reproduces every golden output; inspect reports; failures are clear. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { tinyml } from "./helpers/cli";
import { BuiltinOperator, buildModel, TensorType } from "./helpers/model_builder";
import { ALL_MODELS, manifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

const tmp = tempDir("tinyml-cli-");

for (const name of ALL_MODELS) {
  withTestdata(test, `tinyml run ${name}: every golden case byte for byte`, async (t) => {
    const m = manifest().models[name]!;
    for (const c of m.cases) {
      const out = join(tmp, `${name}.${c.id}.out`);
      const args = ["run", join(testdataDir, m.file), "--input", join(testdataDir, c.input), "--output", out];
      if (c.invocations > 1) args.push("--invocations", String(c.invocations));
      const r = await tinyml(args);
      t.is(r.code, 0, r.stderr);
      const got = readFileSync(out);
      const want = testdataFile(c.output);
      if (m.outputs[0]!.dtype === "float32") {
        const g = new Float32Array(got.buffer, got.byteOffset, got.length / 4), w = new Float32Array(want.buffer.slice(want.byteOffset, want.byteOffset + want.length));
        g.forEach((v, i) => t.true(Math.abs(v - w[i]!) <= 1e-6 * Math.abs(w[i]!), `case ${c.id}`));
      } else {
        t.true(got.equals(want), `case ${c.id} differs`);
      }
    }
  });
}

withTestdata(test, "tinyml inspect --json has arenaBytes, macs, ops and unsupported", async (t) => {
  const m = manifest().models.person_detect!;
  const r = await tinyml(["inspect", join(testdataDir, m.file), "--json"]);
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.true(j.arenaBytes > 0 && j.arenaBytes <= m.arena_used_bytes);
  t.true(j.macs > 7_000_000);
  t.is(j.ops.length, m.ops.reduce((s, o) => s + o.count, 0));
  t.deepEqual(j.unsupported, []);
  t.true(j.ops.every((o: { parameterBytes: number }) => o.parameterBytes >= 0));
});

test("tinyml inspect lists unsupported ops", async (t) => {
  const path = join(tmp, "custom.tflite");
  writeFileSync(path, buildModel({
    tensors: [{ shape: [2], type: TensorType.FLOAT32 }, { shape: [2], type: TensorType.FLOAT32 }, { shape: [2], type: TensorType.FLOAT32 }],
    operators: [{ op: "CUSTOM:Frobnicate", inputs: [0], outputs: [1] }, { op: BuiltinOperator.LSTM, inputs: [1], outputs: [2] }],
    inputs: [0],
    outputs: [2],
  }));
  const r = await tinyml(["inspect", path, "--json"]);
  const j = JSON.parse(r.stdout);
  t.deepEqual(j.unsupported.map((u: { op: string }) => u.op), ["CUSTOM:Frobnicate", "LSTM"]);
  t.is(j.arenaBytes, null);
  const text = await tinyml(["inspect", path]);
  t.regex(text.stdout, /UNSUPPORTED/);
  const run = await tinyml(["run", path, "--input", path, "--output", join(tmp, "x")]);
  t.is(run.code, 1);
  t.regex(run.stderr, /2 unsupported ops: CUSTOM:Frobnicate v1 .*LSTM v1/);
});

test("tinyml fails clearly: missing model, malformed model, wrong input size, usage", async (t) => {
  const missing = await tinyml(["run", join(tmp, "nope.tflite"), "--input", "a", "--output", "b"]);
  t.is(missing.code, 1);
  t.regex(missing.stderr, /cannot read model .*ENOENT/);

  const junk = join(tmp, "junk.tflite");
  writeFileSync(junk, Buffer.from("this is not a model at all"));
  const bad = await tinyml(["inspect", junk]);
  t.is(bad.code, 1);
  t.regex(bad.stderr, /junk\.tflite: not a \.tflite model \(no .TFL3. file identifier\): (TRUNCATED|BAD_FORMAT)/);

  const model = join(tmp, "fc.tflite");
  writeFileSync(model, buildModel({
    tensors: [{ shape: [1, 2], type: TensorType.FLOAT32 }, { shape: [1, 2], type: TensorType.FLOAT32, data: new Float32Array([1, 2]) }, { shape: [1, 1], type: TensorType.FLOAT32 }],
    operators: [{ op: BuiltinOperator.FULLY_CONNECTED, inputs: [0, 1], outputs: [2] }],
    inputs: [0],
    outputs: [2],
  }));
  const input = join(tmp, "in.bin");
  writeFileSync(input, Buffer.alloc(12));
  const size = await tinyml(["run", model, "--input", input, "--output", join(tmp, "o.bin")]);
  t.is(size.code, 1);
  t.regex(size.stderr, /has 12 bytes; the tensor float32\[1,2\] takes 8 bytes/);

  writeFileSync(input, Buffer.from(new Float32Array([3, 4]).buffer));
  const ok = await tinyml(["run", model, "--input", input, "--output", join(tmp, "o.bin"), "--profile"]);
  t.is(ok.code, 0, ok.stderr);
  t.deepEqual([...new Float32Array(Uint8Array.from(readFileSync(join(tmp, "o.bin"))).buffer)], [11]);
  t.regex(ok.stderr, /FULLY_CONNECTED/);

  const usage = await tinyml(["frobnicate"]);
  t.is(usage.code, 2);
  t.regex(usage.stderr, /unknown command 'frobnicate'/);
  const noOut = await tinyml(["run", model, "--input", input]);
  t.is(noOut.code, 2);
  t.regex(noOut.stderr, /1 output\(s\); 0 --output given/);
  const badN = await tinyml(["run", model, "--input", input, "--output", "x", "--invocations", "0"]);
  t.is(badN.code, 2);
});
