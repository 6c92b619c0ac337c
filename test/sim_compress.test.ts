/**
 * Compressed models inside the XS engine: `tinyml run --host sim` (the XS simulator with its native
 * kernels) gives, for every golden input, the bytes the binned model gives on Node: int8 weights at
 * 2 to 5 bits, float32 weights at 8 bits (the native decoder with 8-bit indices and 4-byte values).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { ensureSim } from "../hosts/sim/build.mjs";
import { compressModel } from "../src/cli/compress_model";
import { Interpreter } from "../src/interpreter/interpreter";
import { Model } from "../src/model/model";
import { tinyml } from "./helpers/cli";
import { dequantizedModel } from "./helpers/float_model";
import { manifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

const tmp = tempDir("tinyml-sim-compress-");

test.before(async () => {
  await ensureSim({ quiet: true });
});

const CASES = [
  { name: "hello_world_int8", bits: 3, perChannel: false },
  { name: "kws_ref_model", bits: 4, perChannel: false },
  { name: "kws_ref_model", bits: 3, perChannel: true },
  { name: "person_detect", bits: 2, perChannel: false },
  { name: "person_detect", bits: 5, perChannel: true },
];

for (const { name, bits, perChannel } of CASES) {
  withTestdata(test, `${name} compressed to ${bits} bits${perChannel ? " per channel" : ""}: inside XS, the binned model's outputs byte for byte`, async (t) => {
    const entry = manifest().models[name]!;
    const r = compressModel(Model.from(new Uint8Array(readFileSync(join(testdataDir, entry.file)))), { bits, perChannel });
    t.true(r.tensors.length > 0);
    const file = join(tmp, `${name}.${bits}.${perChannel}.tflite`);
    writeFileSync(file, r.compressed);
    // Every single-invocation case, one after the other through one interpreter.
    const cases = entry.cases.filter((c) => c.invocations === 1);
    const inputs = Buffer.concat(cases.map((c) => testdataFile(c.input)));
    const it = new Interpreter(Model.from(r.binned));
    const want = Buffer.concat(cases.map((c) => {
      it.input(0).bytes.set(testdataFile(c.input));
      it.invoke();
      return Buffer.from(it.output(0).bytes);
    }));
    const input = `${file}.in`, out = `${file}.out`;
    writeFileSync(input, inputs);
    const run = await tinyml(["run", file, "--host", "sim", "--input", input, "--output", out, "--invocations", String(cases.length)]);
    t.is(run.code, 0, run.stderr);
    t.true(readFileSync(out).equals(want), "outputs differ from the binned model's on Node");
  });
}

withTestdata(test, "kws_ref_model dequantized to float32, compressed to 8 bits (beyond TFLM's 7): inside XS, the binned model's outputs byte for byte", async (t) => {
  const entry = manifest().models.kws_ref_model!;
  const kws = Model.from(new Uint8Array(readFileSync(join(testdataDir, entry.file))));
  const r = compressModel(Model.from(dequantizedModel(kws)), { bits: 8 });
  t.true(r.tensors.length > 0 && r.tensors.every((c) => c.type === "float32" && c.bits === 8));
  const file = join(tmp, "kws_float.8.tflite");
  writeFileSync(file, r.compressed);
  const q = kws.tensor(kws.inputs[0]!).quantization!;
  const inputs = entry.cases.map((c) => Float32Array.from(new Int8Array(Uint8Array.from(testdataFile(c.input)).buffer), (v) => q.scale[0]! * (v - q.zeroPoint[0]!)));
  const it = new Interpreter(Model.from(r.binned));
  const want = Buffer.concat(inputs.map((x) => {
    it.input(0).bytes.set(new Uint8Array(x.buffer));
    it.invoke();
    return Buffer.from(it.output(0).bytes);
  }));
  const input = `${file}.in`, out = `${file}.out`;
  writeFileSync(input, Buffer.concat(inputs.map((x) => new Uint8Array(x.buffer))));
  const run = await tinyml(["run", file, "--host", "sim", "--input", input, "--output", out, "--invocations", String(inputs.length)]);
  t.is(run.code, 0, run.stderr);
  t.true(readFileSync(out).equals(want), "outputs differ from the binned model's on Node");
});
