/**
 * A compressed model on the emulated Cortex-M4 (the whole-stack image: XS, the runtime, the natives
 * with their Arm DSP paths): kws_ref_model compressed to 4 bits gives, for every golden input, the
 * bytes its binned model gives on Node; so does models/anomaly's float autoencoder with its float32
 * weights at 8 bits (the indices TFLM's decoder cannot read). Needs gcc-arm-none-eabi, libnewlib-arm-none-eabi and
 * qemu-system-arm: where they are missing the test skips with a notice, except under CI=true.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { anomalousFrames, BANDS, SEEDS } from "../models/anomaly/data";
import { imageToolsMissing } from "../hosts/cortex-m/qemu/xs/runner";
import { compressModel } from "../src/cli/compress_model";
import { Interpreter } from "../src/interpreter/interpreter";
import { Model } from "../src/model/model";
import { type CliResult, tinyml } from "./helpers/cli";
import { haveTestdata, inCI, manifest, testdataDir, testdataFile } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

const missing = imageToolsMissing();
const ready = missing === null && haveTestdata;
if (!ready && !inCI) console.log(`NOTICE: the compressed model on the Cortex-M4 image is skipped: ${missing ?? `no test data at ${testdataDir}`}.`);

/** Runs a model on the image over `n` inputs (one file); the run and its output bytes. */
async function onImage(compressed: Uint8Array, inputs: Uint8Array, n: number, profile: boolean): Promise<{ run: CliResult; output: Buffer }> {
  const dir = tempDir("tinyml-m4-compress-");
  try {
    const model = join(dir, "model.tflite"), input = join(dir, "in.bin"), output = join(dir, "out.bin");
    writeFileSync(model, compressed);
    writeFileSync(input, inputs);
    const run = await tinyml(["run", model, "--host", "cortex-m4", "--input", input, "--output", output, "--invocations", String(n), ...(profile ? ["--profile"] : [])]);
    return { run, output: run.code === 0 ? readFileSync(output) : Buffer.alloc(0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(ready || inCI ? test : test.skip)("kws_ref_model compressed to 4 bits: on the Cortex-M4 image, the binned model's outputs byte for byte", async (t) => {
  if (!ready) return t.fail(`CI=true but ${missing ?? "the test data is missing"}`);
  t.timeout(20 * 60_000, "the image builds on first use");
  const entry = manifest().models.kws_ref_model!;
  const r = compressModel(Model.from(new Uint8Array(readFileSync(join(testdataDir, entry.file)))), { bits: 4 });
  const cases = entry.cases.filter((c) => c.invocations === 1);
  const it = new Interpreter(Model.from(r.binned));
  const want = Buffer.concat(cases.map((c) => {
    it.input(0).bytes.set(testdataFile(c.input));
    it.invoke();
    return Buffer.from(it.output(0).bytes);
  }));
  const { run, output } = await onImage(r.compressed, Buffer.concat(cases.map((c) => testdataFile(c.input))), cases.length, true);
  t.is(run.code, 0, run.stderr.slice(0, 2000));
  t.true(output.equals(want), "outputs differ from the binned model's on Node");
  // What decoding costs there: the DECODE ops' estimated cycles against all ops' (cm4count's profile).
  const cycles = (line: string) => Number(/([\d,]+) est\. cycles/.exec(line)![1]!.replace(/,/g, ""));
  const lines = run.stderr.split("\n").filter((l) => / est\. cycles /.test(l) && /^\s+\d+ /.test(l));
  const decode = lines.filter((l) => l.includes("CUSTOM:TFLM_DECODE")).reduce((sum, l) => sum + cycles(l), 0);
  const total = lines.reduce((sum, l) => sum + cycles(l), 0);
  t.true(decode > 0 && total > decode);
  t.log(`TFLM_DECODE: ${decode} of ${total} estimated cycles per inference (${((100 * decode) / total).toFixed(1)}%)`);
});

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");

(ready || inCI ? test : test.skip)("models/anomaly's float model compressed to 8 bits: on the Cortex-M4 image, the binned model's outputs byte for byte", async (t) => {
  if (!ready) return t.fail(`CI=true but ${missing ?? "the test data is missing"}`);
  t.timeout(20 * 60_000, "the image builds on first use");
  const r = compressModel(Model.from(new Uint8Array(readFileSync(join(repo, "models", "anomaly", "anomaly_float.tflite")))), { bits: 8 });
  t.true(r.tensors.length > 0 && r.tensors.every((c) => c.bits === 8 && c.type === "float32"));
  const inputs = anomalousFrames(10, SEEDS.heldOutAnomalous);
  const it = new Interpreter(Model.from(r.binned));
  const want = Buffer.concat(Array.from({ length: 10 }, (_, i) => {
    it.input(0).bytes.set(new Uint8Array(inputs.buffer, i * BANDS * 4, BANDS * 4));
    it.invoke();
    return Buffer.from(it.output(0).bytes);
  }));
  const { run, output } = await onImage(r.compressed, new Uint8Array(inputs.buffer), 10, false);
  t.is(run.code, 0, run.stderr.slice(0, 2000));
  t.true(output.equals(want), "outputs differ from the binned model's on Node");
});
