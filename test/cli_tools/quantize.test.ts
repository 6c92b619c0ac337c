/**
 * `tinyml quantize` on real float models: hello_world_float (../shared/testdata) and the project's
 * anomaly autoencoder (models/anomaly). Each result is measured against its float model with
 * `tinyml compare` beside the model's int8 sibling (hello_world_int8; anomaly_int8.tflite) on the
 * same inputs, and must be at least as close; quantized models run byte for byte alike on Node and
 * inside the XS simulator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { ensureSim } from "../../hosts/sim/build.mjs";
import { anomalousFrames, BANDS, normalFrames, SEEDS } from "../../models/anomaly/data";
import { anomalyScores, auc } from "../../models/anomaly/evaluate";
import { buildModel, BuiltinOperator, TensorType } from "../../src/cli/tflite_writer";
import { Model } from "../../src/model/model";
import { tinyml } from "../helpers/cli";
import { dequantizedModel } from "../helpers/float_model";
import { haveTestdata, testdataDir, withTestdata } from "../helpers/testdata";
import { rng } from "../../hosts/sim/random";
import { tempDir } from "../helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tmp = tempDir("tinyml-quantize-");
const anomalyFloat = join(repo, "models", "anomaly", "anomaly_float.tflite");
const anomalyInt8 = join(repo, "models", "anomaly", "anomaly_int8.tflite");
const helloFloat = join(testdataDir, "models", "hello_world_float.tflite");
const helloInt8 = join(testdataDir, "models", "hello_world_int8.tflite");

function floatFile(name: string, values: Float32Array): string {
  const path = join(tmp, name);
  writeFileSync(path, values);
  return path;
}

/** hello_world's domain: x in [0, 2π]; calibration and evaluation points differ. */
const helloCalibration = floatFile("hello_cal.bin", Float32Array.from({ length: 200 }, (_, i) => ((i + 0.5) / 200) * 2 * Math.PI));
const helloEval = floatFile("hello_eval.bin", Float32Array.from({ length: 1000 }, (_, i) => ((i + 0.25) / 1000) * 2 * Math.PI));
/** The anomaly model's calibration frames are the first 200 training frames, as its sibling's were. */
const anomalyCalibration = floatFile("anomaly_cal.bin", normalFrames(200, SEEDS.train));
const heldNormal = normalFrames(300, SEEDS.heldOutNormal), heldAnomalous = anomalousFrames(300, SEEDS.heldOutAnomalous);
const anomalyEval = floatFile("anomaly_eval.bin", new Float32Array([...heldNormal, ...heldAnomalous]));

interface CompareJson { inputs: number; outputs: { name: string; top1Agreement: number | null; maxAbsError: number; sqnrDb: number | null; identical: boolean }[] }

async function compareJson(t: import("ava").ExecutionContext, a: string, b: string, inputs: string): Promise<CompareJson["outputs"][number]> {
  const r = await tinyml(["compare", a, b, "--inputs", inputs, "--json"]);
  t.is(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as CompareJson;
  t.is(json.outputs.length, 1);
  return json.outputs[0]!;
}

async function quantize(t: import("ava").ExecutionContext, model: string, calibration: string, out: string, extra: string[] = []): Promise<Model> {
  const r = await tinyml(["quantize", model, "--calibration", calibration, "--out", out, ...extra]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr, /quantize: calibration inputs: \d+\/\d+/, "progress on stderr");
  return Model.from(readFileSync(out));
}

/** Every non-constant tensor int8, every weight int8 with zero point 0, every bias int32. */
function assertFullInteger(t: import("ava").ExecutionContext, m: Model, perChannel: boolean): void {
  for (const op of m.operators) {
    t.is(op.name, "FULLY_CONNECTED");
    const [input, weights, bias] = op.inputs as [number, number, number];
    t.is(m.tensor(input).type, TensorType.INT8);
    t.is(m.tensor(op.outputs[0]!).type, TensorType.INT8);
    const w = m.tensor(weights), b = m.tensor(bias);
    t.is(w.type, TensorType.INT8);
    t.is(b.type, TensorType.INT32);
    t.is(w.quantization!.scale.length, perChannel ? w.shape[0]! : 1);
    t.true(w.quantization!.zeroPoint.every((z) => z === 0));
    t.true(Int8Array.from(w.data!).every((v) => v >= -127));
  }
}

withTestdata(test, "quantize hello_world_float: full-integer, and at least as close to the float model as hello_world_int8", async (t) => {
  for (const perChannel of [false, true]) {
    const out = join(tmp, `hello_q${perChannel ? "_pc" : ""}.tflite`);
    const m = await quantize(t, helloFloat, helloCalibration, out, perChannel ? ["--per-channel"] : []);
    assertFullInteger(t, m, perChannel);
    const ours = await compareJson(t, helloFloat, out, helloEval);
    const sibling = await compareJson(t, helloFloat, helloInt8, helloEval);
    t.log(`hello_world ${perChannel ? "--per-channel" : "per tensor"}: SQNR ${ours.sqnrDb!.toFixed(2)} dB, max abs error ${ours.maxAbsError.toFixed(4)}; hello_world_int8: ${sibling.sqnrDb!.toFixed(2)} dB, ${sibling.maxAbsError.toFixed(4)}`);
    t.true(ours.sqnrDb! >= sibling.sqnrDb!, "SQNR against the float model");
    t.true(ours.maxAbsError <= sibling.maxAbsError, "max abs error against the float model");
    t.is(ours.top1Agreement, null, "one-element output: no top-1");
  }
});

test("quantize models/anomaly: --per-channel is as close to the float model as its int8 sibling (0.05 dB, 0.001 AUC), per tensor within 0.01 AUC", async (t) => {
  const sibling = await compareJson(t, anomalyFloat, anomalyInt8, anomalyEval);
  const siblingAuc = auc(anomalyScores(readFileSync(anomalyInt8), heldNormal), anomalyScores(readFileSync(anomalyInt8), heldAnomalous));
  for (const perChannel of [true, false]) {
    const out = join(tmp, `anomaly_q${perChannel ? "_pc" : ""}.tflite`);
    const m = await quantize(t, anomalyFloat, anomalyCalibration, out, perChannel ? ["--per-channel"] : []);
    assertFullInteger(t, m, perChannel);
    const ours = await compareJson(t, anomalyFloat, out, anomalyEval);
    const bytes = readFileSync(out);
    const ourAuc = auc(anomalyScores(bytes, heldNormal), anomalyScores(bytes, heldAnomalous));
    t.log(`anomaly ${perChannel ? "--per-channel" : "per tensor"}: SQNR ${ours.sqnrDb!.toFixed(2)} dB, AUC ${ourAuc.toFixed(4)}; sibling ${sibling.sqnrDb!.toFixed(2)} dB, AUC ${siblingAuc.toFixed(4)}; top-1 agreement ${ours.top1Agreement}`);
    t.is(typeof ours.top1Agreement, "number");
    if (perChannel) {
      // The sibling's ranges come from a float64 forward pass, ours from the float32 model: equal within 0.05 dB.
      t.true(ours.sqnrDb! >= sibling.sqnrDb! - 0.05);
      t.true(ourAuc >= siblingAuc - 0.001);
    } else {
      t.true(ourAuc >= siblingAuc - 0.01);
    }
  }
});

/**
 * A float DS-CNN: kws_ref_model (MLPerf Tiny's keyword spotting) with every weight dequantized
 * (test/helpers/float_model.ts), so CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D, RESHAPE, FULLY_CONNECTED
 * and SOFTMAX are quantized; its int8 sibling is kws_ref_model itself. The test data holds one real
 * input (golden case 5): calibration and evaluation inputs are two seeded sets of variations of it
 * (shifted in time by up to 2 frames, scaled by 0.8-1.2, noise of +-2).
 */
function kwsFloat(): { path: string; calibration: string; evaluation: string } {
  const int8 = Model.from(readFileSync(join(testdataDir, "models", "kws_ref_model.tflite")));
  const path = join(tmp, "kws_float.tflite");
  writeFileSync(path, dequantizedModel(int8));
  const input = int8.tensor(int8.inputs[0]!), scale = input.quantization!.scale[0]!, zp = input.quantization!.zeroPoint[0]!;
  const real = Float32Array.from(new Int8Array(Uint8Array.from(readFileSync(join(testdataDir, "golden", "kws_ref_model", "case5.input.bin"))).buffer), (q) => scale * (q - zp));
  const [frames, features] = [input.shape[1]!, input.shape[2]!];
  const variations = (n: number, seed: number) => {
    const r = rng(seed), out = new Float32Array(n * real.length);
    for (let i = 0; i < n; i++) {
      const shift = Math.floor(r() * 5) - 2, gain = 0.8 + 0.4 * r();
      for (let f = 0; f < frames; f++) for (let c = 0; c < features; c++) out[i * real.length + f * features + c] = real[Math.min(frames - 1, Math.max(0, f + shift)) * features + c]! * gain + (r() - 0.5) * 4;
    }
    return out;
  };
  return { path, calibration: floatFile("kws_cal.bin", variations(200, 21)), evaluation: floatFile("kws_eval.bin", variations(60, 22)) };
}

withTestdata(test, "quantize a float DS-CNN (kws_ref_model dequantized): top-1 agreement and SQNR against the float model at least kws_ref_model's", async (t) => {
  const kws = kwsFloat();
  const out = join(tmp, "kws_q.tflite");
  const m = await quantize(t, kws.path, kws.calibration, out);
  t.deepEqual([...new Set(m.operators.map((op) => op.name))].sort(), ["AVERAGE_POOL_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "RESHAPE", "SOFTMAX"]);
  for (const op of m.operators) if (op.name === "CONV_2D" || op.name === "DEPTHWISE_CONV_2D") t.true(m.tensor(op.inputs[1]!).quantization!.scale.length > 1, "convolution weights per channel");
  const ours = await compareJson(t, kws.path, out, kws.evaluation);
  const sibling = await compareJson(t, kws.path, join(testdataDir, "models", "kws_ref_model.tflite"), kws.evaluation);
  t.log(`kws: ours top-1 ${ours.top1Agreement}, SQNR ${ours.sqnrDb!.toFixed(2)} dB; kws_ref_model top-1 ${sibling.top1Agreement}, SQNR ${sibling.sqnrDb!.toFixed(2)} dB`);
  t.true(ours.top1Agreement! >= sibling.top1Agreement!);
  t.true(ours.sqnrDb! >= sibling.sqnrDb!);
});

test("quantized models run byte for byte alike on Node and inside the XS simulator", async (t) => {
  await ensureSim({ quiet: true });
  const cases: [string, string, Float32Array][] = [[anomalyFloat, anomalyCalibration, heldAnomalous.subarray(0, 40 * BANDS)]];
  if (haveTestdata) {
    cases.push([helloFloat, helloCalibration, Float32Array.from({ length: 50 }, (_, i) => (i / 50) * 2 * Math.PI)]);
    const kws = kwsFloat();
    cases.push([kws.path, kws.calibration, new Float32Array(readFileSync(kws.evaluation).buffer.slice(0, 10 * 490 * 4))]);
  }
  for (const [model, calibration, inputs] of cases) {
    const q = join(tmp, "sim_q.tflite");
    const m = await quantize(t, model, calibration, q, ["--per-channel"]);
    const inp = m.tensor(m.inputs[0]!);
    const scale = inp.quantization!.scale[0]!, zp = inp.quantization!.zeroPoint[0]!;
    const n = inputs.length / inp.elements;
    const raw = join(tmp, "sim_in.bin");
    writeFileSync(raw, Int8Array.from(inputs, (x) => Math.max(-128, Math.min(127, Math.round(x / scale) + zp))));
    const outs: Buffer[] = [];
    for (const host of ["node", "sim"]) {
      const out = join(tmp, `sim_out_${host}.bin`);
      const r = await tinyml(["run", q, "--host", host, "--input", raw, "--output", out, "--invocations", String(n)]);
      t.is(r.code, 0, r.stderr);
      outs.push(readFileSync(out));
    }
    t.is(outs[0]!.length, n * m.tensor(m.outputs[0]!).elements);
    t.true(outs[0]!.equals(outs[1]!), `${model}: Node and simulator outputs differ`);
  }
});

test("quantize --json describes the result: its size and the int8 parameters of its inputs and outputs", async (t) => {
  const out = join(tmp, "anomaly_json.tflite");
  const r = await tinyml(["quantize", anomalyFloat, "--calibration", anomalyCalibration, "--out", out, "--json"]);
  t.is(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { bytes: number; floatBytes: number; calibrationInputs: number; inputs: { name: string; scale: number; zeroPoint: number }[]; outputs: { name: string; scale: number; zeroPoint: number }[] };
  const m = Model.from(readFileSync(out));
  t.is(json.bytes, readFileSync(out).length);
  t.is(json.floatBytes, readFileSync(anomalyFloat).length);
  t.is(json.calibrationInputs, 200);
  t.deepEqual(json.inputs, [{ name: "spectrum", shape: [1, BANDS], scale: m.tensor(m.inputs[0]!).quantization!.scale[0]!, zeroPoint: m.tensor(m.inputs[0]!).quantization!.zeroPoint[0]! }]);
  t.is(json.outputs[0]!.name, "reconstruction");
});

test("quantize refuses bad input with a message naming the problem", async (t) => {
  const cases: [string[], number, RegExp][] = [
    [["quantize", anomalyInt8, "--calibration", anomalyCalibration, "--out", join(tmp, "x.tflite")], 1, /BAD_TYPE: input 'spectrum' is int8, not float32: quantize takes a float32 model/],
    [["quantize", anomalyFloat, "--calibration", floatFile("short.bin", new Float32Array(BANDS + 3)), "--out", join(tmp, "x.tflite")], 1, /calibration set 0 holds 35 float32 values, not a whole number of 32-value inputs/],
    [["quantize", anomalyFloat, "--calibration", floatFile("nan.bin", new Float32Array(BANDS).fill(NaN)), "--out", join(tmp, "x.tflite")], 1, /calibration input 0 of set 0 holds NaN/],
    [["quantize", anomalyFloat, "--calibration", join(tmp, "absent.bin"), "--out", join(tmp, "x.tflite")], 1, /cannot read calibration set 0 .*ENOENT/],
    [["quantize", anomalyFloat, "--out", join(tmp, "x.tflite")], 2, /quantize needs --calibration/],
    [["quantize", anomalyFloat, "--calibration", anomalyCalibration], 2, /quantize needs --out/],
    [["quantize", join(repo, "README.md"), "--calibration", anomalyCalibration, "--out", join(tmp, "x.tflite")], 1, /README\.md: not a \.tflite model \(no .TFL3. file identifier\): (BAD_FORMAT|TRUNCATED)/],
  ];
  for (const [args, code, message] of cases) {
    const r = await tinyml(args);
    t.is(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    t.regex(r.stderr, message);
    t.notRegex(r.stderr, /\n\s+at /, "no stack trace");
  }
  // An op quantize does not handle (EXP) is named.
  const exp = buildModel({
    tensors: [{ shape: [1, 4], type: TensorType.FLOAT32, name: "x" }, { shape: [1, 4], type: TensorType.FLOAT32, name: "y" }],
    operators: [{ op: BuiltinOperator.EXP, inputs: [0], outputs: [1] }],
    inputs: [0],
    outputs: [1],
  });
  const expPath = join(tmp, "exp.tflite");
  writeFileSync(expPath, exp);
  const r = await tinyml(["quantize", expPath, "--calibration", floatFile("four.bin", new Float32Array([0.5, 1, 1.5, 2])), "--out", join(tmp, "x.tflite")]);
  t.is(r.code, 1);
  t.regex(r.stderr, /UNSUPPORTED_OP: EXP cannot be quantized/);
});
