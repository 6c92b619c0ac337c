/** `tinyml compare` and `tinyml prune` on the project's anomaly models (models/anomaly). */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { anomalousFrames, BANDS, SEEDS } from "../../models/anomaly/data";
import { buildModel, BuiltinOperator } from "../../src/cli/tflite_writer";
import { Model } from "../../src/model/model";
import { TensorType } from "../../src/model/schema";
import { tinyml } from "../helpers/cli";
import { tempDir } from "../helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tmp = tempDir("tinyml-compare-");
const floatModel = join(repo, "models", "anomaly", "anomaly_float.tflite");
const int8Model = join(repo, "models", "anomaly", "anomaly_int8.tflite");
const inputs = join(tmp, "inputs.bin");
writeFileSync(inputs, anomalousFrames(100, SEEDS.heldOutAnomalous));

interface Output { name: string; top1Agreement: number | null; maxAbsError: number; sqnrDb: number | null; identical: boolean }

async function compare(a: string, b: string, file = inputs): Promise<{ code: number; stderr: string; out?: Output }> {
  const r = await tinyml(["compare", a, b, "--inputs", file, "--json"]);
  return r.code === 0 ? { code: 0, stderr: r.stderr, out: (JSON.parse(r.stdout) as { outputs: Output[] }).outputs[0]! } : { code: r.code, stderr: r.stderr };
}

test("compare: a model against itself is identical; against its int8 sibling, errors in real units", async (t) => {
  const same = (await compare(floatModel, floatModel)).out!;
  t.deepEqual(same, { name: "reconstruction", top1Agreement: 1, maxAbsError: 0, sqnrDb: null, identical: true });
  const q = (await compare(floatModel, int8Model)).out!;
  t.false(q.identical);
  // In real units: well within the output's int8 range (255 steps of its scale), not a raw int8 difference.
  const m8 = Model.from(readFileSync(int8Model));
  const scale = m8.tensor(m8.outputs[0]!).quantization!.scale[0]!;
  t.true(q.maxAbsError > 0 && q.maxAbsError < (255 * scale) / 4, `max abs error ${q.maxAbsError}, output scale ${scale}`);
  t.true(q.sqnrDb! > 20 && q.sqnrDb! < 60, `SQNR ${q.sqnrDb}`);
  t.true(q.top1Agreement! > 0.5 && q.top1Agreement! <= 1);
  // Reversed, the int8 model is A: its int8 inputs are dequantized for the float model. The inputs file then holds int8 inputs.
  const it = Model.from(readFileSync(int8Model)).tensor(0);
  const frames = anomalousFrames(100, SEEDS.heldOutAnomalous);
  writeFileSync(join(tmp, "int8_inputs.bin"), Int8Array.from(frames, (x) => Math.max(-128, Math.min(127, Math.round(x / it.quantization!.scale[0]!) + it.quantization!.zeroPoint[0]!))));
  const back = (await compare(int8Model, floatModel, join(tmp, "int8_inputs.bin"))).out!;
  t.true(back.sqnrDb! > 20, `SQNR ${back.sqnrDb}`);
  const text = await tinyml(["compare", floatModel, int8Model, "--inputs", inputs]);
  t.is(text.code, 0);
  t.regex(text.stdout, /on 100 inputs:\n {2}reconstruction: top-1 agreement \d+\.\d\d%, max abs error [\d.e-]+, SQNR \d+\.\d\d dB/);
  t.regex(text.stderr, /compare: inputs: 100\/100/);
});

test("compare refuses inputs that do not fit model A, and models that do not match", async (t) => {
  writeFileSync(join(tmp, "short.bin"), new Float32Array(BANDS + 1));
  let r = await compare(floatModel, int8Model, join(tmp, "short.bin"));
  t.is(r.code, 1);
  t.regex(r.stderr, /input file 0 has 132 bytes, not a whole number of 128-byte float32\[1,32\] inputs/);
  r = await compare(floatModel, join(repo, "models", "sine", "sine.tflite"));
  t.is(r.code, 1);
  t.regex(r.stderr, /input 0 has 32 elements in A and 1 in B/);
  const usage = await tinyml(["compare", floatModel, "--inputs", inputs]);
  t.is(usage.code, 2);
  t.regex(usage.stderr, /compare takes two models/);
});

function weights(path: string): { values: number[]; type: number }[] {
  const m = Model.from(readFileSync(path));
  return m.operators.map((op) => {
    const w = m.tensor(op.inputs[1]!);
    const d = Uint8Array.from(w.data!);
    return { values: Array.from(w.type === TensorType.FLOAT32 ? new Float32Array(d.buffer) : new Int8Array(d.buffer)), type: w.type };
  });
}

test("prune zeroes the smallest-magnitude share of every weight tensor, and compare shows what it cost", async (t) => {
  const before = weights(floatModel);
  const sqnr: number[] = [];
  for (const sparsity of [0.25, 0.5, 0.75]) {
    const out = join(tmp, `pruned_${sparsity}.tflite`);
    const r = await tinyml(["prune", floatModel, "--sparsity", String(sparsity), "--out", out, "--json"]);
    t.is(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { zeros: number; weights: number; tensors: { elements: number; zerosAfter: number }[] };
    const after = weights(out);
    after.forEach((w, k) => {
      const original = before[k]!.values;
      const zeroed = original.filter((_, i) => w.values[i] === 0 && original[i] !== 0).map(Math.abs);
      const kept = original.filter((_, i) => w.values[i] !== 0).map(Math.abs);
      t.is(zeroed.length + original.filter((v) => v === 0).length, Math.floor(sparsity * original.length));
      t.true(Math.max(...zeroed) <= Math.min(...kept), "the zeroed weights are the smallest");
      t.deepEqual(w.values.filter((v) => v !== 0), original.filter((_, i) => w.values[i] !== 0), "the rest unchanged");
      t.is(json.tensors[k]!.zerosAfter, w.values.filter((v) => v === 0).length);
    });
    const m = Model.from(readFileSync(out)), o = Model.from(readFileSync(floatModel));
    for (const op of m.operators) t.deepEqual(Uint8Array.from(m.tensor(op.inputs[2]!).data!), Uint8Array.from(o.tensor(op.inputs[2]!).data!), "biases unchanged");
    sqnr.push((await compare(floatModel, out)).out!.sqnrDb!);
  }
  t.log(`SQNR against the float model at sparsity 0.25 / 0.5 / 0.75: ${sqnr.map((s) => s.toFixed(2)).join(" / ")} dB`);
  t.true(sqnr[0]! > sqnr[1]! && sqnr[1]! > sqnr[2]!, "more pruning, more error");
  // Int8 weights prune too; sparsity 0 changes nothing.
  const int8Out = join(tmp, "pruned_int8.tflite");
  t.is((await tinyml(["prune", int8Model, "--sparsity", "0.5", "--out", int8Out])).code, 0);
  t.true(weights(int8Out).every((w, k) => w.values.filter((v) => v === 0).length >= Math.floor(0.5 * before[k]!.values.length)));
  const none = join(tmp, "pruned_none.tflite");
  t.is((await tinyml(["prune", floatModel, "--sparsity", "0", "--out", none])).code, 0);
  t.true(readFileSync(none).equals(readFileSync(floatModel)));
});

test("prune refuses a bad sparsity and a model without weights to prune", async (t) => {
  for (const s of ["1.5", "-0.1", "half", ""]) {
    const r = await tinyml(["prune", floatModel, `--sparsity=${s}`, "--out", join(tmp, "x.tflite")]);
    t.is(r.code, 2, s);
    t.regex(r.stderr, /--sparsity must be a number in \[0, 1\]/);
  }
  const r = await tinyml(["prune", join(repo, "models", "sine", "README.md"), "--sparsity", "0.5", "--out", join(tmp, "x.tflite")]);
  t.is(r.code, 1);
  t.regex(r.stderr, /README\.md: /);
  const exp = join(tmp, "exp.tflite");
  writeFileSync(exp, buildModel({ tensors: [{ shape: [1, 4], type: TensorType.FLOAT32 }, { shape: [1, 4], type: TensorType.FLOAT32 }], operators: [{ op: BuiltinOperator.EXP, inputs: [0], outputs: [1] }], inputs: [0], outputs: [1] }));
  const none = await tinyml(["prune", exp, "--sparsity", "0.5", "--out", join(tmp, "x.tflite")]);
  t.is(none.code, 1);
  t.regex(none.stderr, /UNSUPPORTED_MODEL: the model has no constant weights of FULLY_CONNECTED, CONV_2D or DEPTHWISE_CONV_2D to prune/);
});
