/**
 * `tinyml compress` and TFLM_DECODE: the bit packing and the decoder agree for every width and
 * channel layout; the clustering is the least-squares optimum; compressed real models compute
 * byte for byte what their binned (codebook-rounded, uncompressed) models compute; malformed
 * DECODE metadata is a ModelError naming the tensor.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { anomalousFrames, BANDS, SEEDS } from "../models/anomaly/data";
import { clusterInt8, clusterValues } from "../src/cli/cluster";
import { CompressError, compressModel, lutAncillary, packIndices } from "../src/cli/compress_model";
import { int8Accuracy } from "../src/cli/int8_accuracy";
import { readModelIR, writeModel } from "../src/cli/tflite_rewrite";
import { ModelError, UnsupportedOpsError } from "../src/errors";
import { Interpreter } from "../src/interpreter/interpreter";
import { DecodeLut } from "../src/kernels/layout";
import { decodeLut } from "../src/kernels/portable/decode_lut";
import { Model } from "../src/model/model";
import { Dcm, lutBitWidth } from "../src/ops/decode";
import { tinyml } from "./helpers/cli";
import { dequantizedModel } from "./helpers/float_model";
import { randInt, rng } from "./helpers/random";
import { manifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");

test("packIndices writes TFLM's order: most significant bit first, no gaps", (t) => {
  // 3-bit 1, 2, 3 = 001 010 011 -> 0010 1001 1000 0000
  t.deepEqual([...packIndices(Uint8Array.of(1, 2, 3), 3)], [0x29, 0x80]);
  // 4-bit: high nibble first, as TFLM's GetNextTableIndexWidth4
  t.deepEqual([...packIndices(Uint8Array.of(0xa, 0x5, 0x1), 4)], [0xa5, 0x10]);
});

test("decodeLut inverts packIndices for every width (8 included), channel layout and element size", (t) => {
  const r = rng(7);
  for (let width = 1; width <= 8; width++) {
    for (const layout of ["tensor", "axis0", "last", "shared"] as const) {
      for (const size of [1, 2, 4]) {
        const channels = layout === "tensor" ? 1 : randInt(r, 2, 5), per = randInt(r, 1, 40), count = channels * per;
        // The one-byte stride field holds at most 255: 256-entry tables are shared, or there is one.
        if (width === 8 && layout !== "tensor" && layout !== "shared") continue;
        const stride = layout === "shared" ? 0 : (1 << width) & 255;
        const tables = channels === 1 || stride === 0 ? 1 : channels;
        const values = new Uint8Array(tables * (1 << width) * size).map(() => randInt(r, 0, 255));
        const indices = new Uint8Array(count).map(() => randInt(r, 0, (1 << width) - 1));
        const ancillary = new Uint8Array(Dcm.BYTES + values.length);
        ancillary.set(values, Dcm.BYTES);
        const p = new Int32Array(DecodeLut.HEADER);
        p[DecodeLut.COUNT] = count;
        p[DecodeLut.BIT_WIDTH] = width;
        p[DecodeLut.CHANNELS] = channels;
        p[DecodeLut.CHANNEL_ELEMENTS] = per;
        p[DecodeLut.ALTERNATE] = layout === "last" ? 1 : 0;
        p[DecodeLut.STRIDE] = stride;
        p[DecodeLut.ELEMENT_BYTES] = size;
        p[DecodeLut.VALUE_OFFSET] = Dcm.BYTES;
        const out = new Uint8Array(count * size);
        decodeLut(p, packIndices(indices, width), ancillary, out);
        const want = new Uint8Array(count * size);
        for (let i = 0; i < count; i++) {
          const c = layout === "last" ? i % channels : Math.floor(i / per);
          const from = (c * stride + indices[i]!) * size;
          want.set(values.subarray(from, from + size), i * size);
        }
        t.deepEqual(out, want, `width ${width} ${layout} size ${size}`);
      }
    }
  }
});

/** The least squared error of any split of sorted weighted values into at most k runs, each run's mean passed through `represent` (default: rounded to int8), by trying them all. */
function bruteForceError(values: number[], counts: number[], k: number, represent = (mean: number) => Math.min(127, Math.max(-128, Math.round(mean)))): number {
  let best = Infinity;
  const n = values.length;
  for (let mask = 0; mask < 1 << (n - 1); mask++) {
    let runs = 1;
    for (let b = 0; b < n - 1; b++) if (mask & (1 << b)) runs++;
    if (runs > k) continue;
    let error = 0, start = 0;
    for (let i = 0; i < n; i++) {
      if (i === n - 1 || mask & (1 << i)) {
        let w = 0, s = 0;
        for (let j = start; j <= i; j++) { w += counts[j]!; s += counts[j]! * values[j]!; }
        const mean = represent(s / w);
        for (let j = start; j <= i; j++) error += counts[j]! * (values[j]! - mean) ** 2;
        start = i + 1;
      }
    }
    best = Math.min(best, error);
  }
  return best;
}

test("clusterInt8 finds codebooks at least as good as the best split, and is exact when k covers every value", (t) => {
  const r = rng(11);
  for (let trial = 0; trial < 60; trial++) {
    const distinct = randInt(r, 2, 9);
    const pool = new Set<number>();
    while (pool.size < distinct) pool.add(randInt(r, -128, 127));
    const values = [...pool].sort((a, b) => a - b);
    const weights = Int8Array.from({ length: randInt(r, distinct, 60) }, (_, i) => values[i < distinct ? i : randInt(r, 0, distinct - 1)]!);
    const counts = values.map((v) => weights.filter((w) => w === v).length);
    const k = randInt(r, 1, 4);
    const book = clusterInt8(weights, k);
    t.true(book.values.length <= k);
    t.true(book.values.every((v, i) => i === 0 || v > book.values[i - 1]!));
    // Mapping to the nearest codebook value after rounding can only do better than the runs themselves.
    t.true(book.squaredError <= bruteForceError(values, counts, k) + 1e-9, `trial ${trial}`);
    t.is(clusterInt8(weights, distinct).squaredError, 0);
  }
});

const int8 = (b: Buffer): Int8Array => new Int8Array(b.buffer, b.byteOffset, b.length);

interface RunResult {
  outputs: Buffer[];
}

/** The model's int8 output for every single-invocation golden case. */
function runCases(bytes: Uint8Array, name: string, kernels: "portable" | "auto" = "portable"): RunResult {
  const it = new Interpreter(Model.from(bytes), { kernels });
  const outputs = manifest().models[name]!.cases.filter((c) => c.invocations === 1).map((c) => {
    it.input(0).bytes.set(testdataFile(c.input));
    it.invoke();
    return Buffer.from(it.output(0).bytes);
  });
  return { outputs };
}

const CASES: { name: string; bits: number[]; perChannel: boolean }[] = [
  { name: "hello_world_int8", bits: [2, 4, 7], perChannel: false },
  { name: "kws_ref_model", bits: [2, 4, 7], perChannel: false },
  { name: "kws_ref_model", bits: [3, 5], perChannel: true },
  { name: "person_detect", bits: [2, 4, 6], perChannel: false },
  { name: "person_detect", bits: [3], perChannel: true },
];

for (const { name, bits, perChannel } of CASES) {
  withTestdata(test, `${name}${perChannel ? " per channel" : ""} at ${bits.join(", ")} bits: the compressed model's outputs are the binned model's, byte for byte`, (t) => {
    const entry = manifest().models[name]!;
    const original = new Uint8Array(readFileSync(join(testdataDir, entry.file)));
    const reference = runCases(original, name);
    for (const b of bits) {
      const r = compressModel(Model.from(original), { bits: b, perChannel });
      const compressed = Model.from(r.compressed);
      const decodes = compressed.operators.filter((op) => op.name === "CUSTOM:TFLM_DECODE").length;
      t.is(decodes, r.tensors.length, "one TFLM_DECODE per compressed tensor (each has one reader here)");
      if (name !== "hello_world_int8") t.true(r.tensors.length > 0);
      for (const c of r.tensors) t.true(c.storedBytes < c.originalBytes && c.codebookSize <= 1 << b);
      const got = runCases(r.compressed, name), binned = runCases(r.binned, name);
      got.outputs.forEach((o, k) => t.true(o.equals(binned.outputs[k]!), `${b} bits, case ${k}: compressed and binned outputs differ`));
      // The native kernels (where the host has them) give the same bytes.
      runCases(r.compressed, name, "auto").outputs.forEach((o, k) => t.true(o.equals(got.outputs[k]!), `${b} bits, case ${k}: auto kernels differ`));
      const acc = int8Accuracy(reference.outputs.map(int8), got.outputs.map(int8));
      const weightsSaved = r.tensors.reduce((s, c) => s + c.originalBytes - c.storedBytes, 0);
      t.log(`${name} ${b} bits${perChannel ? " per channel" : ""}: ${r.tensors.length} tensors, model ${original.length} -> ${r.compressed.length} B (weights -${weightsSaved} B), arena ${Interpreter.plan(Model.from(original)).arenaBytes} -> ${Interpreter.plan(compressed).arenaBytes} B; outputs vs original: SQNR ${acc.sqnrDb === null ? "exact" : `${acc.sqnrDb.toFixed(1)} dB`}, top-1 agreement ${(100 * acc.top1Agreement).toFixed(0)}% over ${got.outputs.length} cases`);
    }
  });
}

/** A compressed kws model with the ancillary data of its first DECODE changed by `edit`. */
function withAncillary(edit: (a: Uint8Array) => Uint8Array): { bytes: Uint8Array; ancillary: number; encoded: number } {
  const original = new Uint8Array(readFileSync(join(testdataDir, manifest().models.kws_ref_model!.file)));
  const compressed = Model.from(compressModel(Model.from(original), { bits: 4 }).compressed);
  const decode = compressed.operators.find((op) => op.name === "CUSTOM:TFLM_DECODE")!;
  const ir = readModelIR(compressed);
  const tensor = decode.inputs[1]!;
  ir.tensors[tensor] = { ...ir.tensors[tensor]!, data: edit(ir.tensors[tensor]!.data!.slice()) };
  ir.tensors[tensor]!.shape = [ir.tensors[tensor]!.data!.length];
  return { bytes: writeModel(ir), ancillary: tensor, encoded: decode.inputs[0]! };
}

const MALFORMED: { what: string; edit: (a: Uint8Array) => Uint8Array; code: ModelError["code"]; message: RegExp; on: "ancillary" | "encoded" }[] = [
  { what: "DCM version 2", edit: (a) => ((a[Dcm.VERSION] = 2), a), code: "BAD_FORMAT", message: /DECODE metadata version 2/, on: "ancillary" },
  { what: "LUT version 0", edit: (a) => ((a[Dcm.LUT_VERSION] = 0), a), code: "BAD_FORMAT", message: /LUT version 0/, on: "ancillary" },
  { what: "bit width 0", edit: (a) => ((a[Dcm.LUT_PARAMS] = 0x10), a), code: "BAD_FORMAT", message: /bit width 0/, on: "ancillary" },
  { what: "bit width 8, larger than the indices", edit: (a) => ((a[Dcm.LUT_PARAMS] = 0x08), a), code: "BAD_SHAPE", message: /fewer than \d+ 8-bit indices/, on: "encoded" },
  { what: "bit width larger than the indices", edit: (a) => ((a[Dcm.LUT_PARAMS] = 7), a), code: "BAD_SHAPE", message: /hold fewer than/, on: "encoded" },
  { what: "value tables cut short", edit: (a) => a.subarray(0, Dcm.BYTES + 8), code: "BAD_SHAPE", message: /value tables of 8 bytes/, on: "ancillary" },
  { what: "no metadata", edit: (a) => a.subarray(0, 10), code: "BAD_FORMAT", message: /shorter than the 16-byte DECODE metadata/, on: "ancillary" },
];

for (const m of MALFORMED) {
  withTestdata(test, `malformed DECODE metadata (${m.what}) is a ModelError ${m.code} naming the tensor`, (t) => {
    const made = withAncillary(m.edit);
    const model = Model.from(made.bytes);
    const e = t.throws(() => new Interpreter(model), { instanceOf: ModelError });
    t.is(e!.code, m.code);
    t.regex(e!.message, m.message);
    const tensor = made[m.on];
    t.is(e!.table, "Tensor");
    t.is(e!.index, tensor);
    t.true(e!.message.includes(`tensor '${model.tensor(tensor).name}'`), e!.message);
  });
}

withTestdata(test, "a Huffman-compressed tensor (decode type 1) is reported as unsupported, naming its tensor", (t) => {
  const { bytes, ancillary } = withAncillary((a) => ((a[Dcm.TYPE] = 1), a));
  const model = Model.from(bytes);
  const e = t.throws(() => new Interpreter(model), { instanceOf: UnsupportedOpsError });
  t.regex(e!.ops[0]!.details[0]!, /decode type 1 \(Huffman\)/);
  t.true(e!.ops[0]!.details[0]!.includes(`tensor '${model.tensor(ancillary).name}'`));
});

test("lutAncillary writes TFLM's DECODE metadata: LUT type, versions 1, bit width, stride, tables from byte 16", (t) => {
  const a = lutAncillary(3, 8, Int8Array.of(-1, 2));
  t.deepEqual([...a.subarray(0, 18)], [0, 1, 0, 0, 1, 3, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 2]);
  // 8 bits: 0 in TFLM's 3-bit width field, bit 3 set; wide values little-endian.
  const b = lutAncillary(8, 0, Int16Array.of(-2));
  t.deepEqual([...b.subarray(4, 7)], [1, 0x08, 0]);
  t.deepEqual([...b.subarray(16)], [0xfe, 0xff]);
  t.is(lutBitWidth(0x08), 8);
  t.is(lutBitWidth(0x0c), 4, "bits 0-2 win, as in TFLM");
  t.is(lutBitWidth(0x10), 0);
});

test("clusterValues: the exact optimum on few distinct values; on many, within 1% of the exact one", (t) => {
  const r = rng(5);
  for (let trial = 0; trial < 30; trial++) {
    const distinct = randInt(r, 2, 9);
    const pool = Array.from({ length: distinct }, () => Math.fround((r() - 0.5) * 4));
    const weights = Float64Array.from({ length: randInt(r, distinct, 60) }, (_, i) => pool[i < distinct ? i : randInt(r, 0, distinct - 1)]!);
    const k = randInt(r, 1, 4);
    const book = clusterValues(weights, k, Math.fround);
    t.true(book.values.length <= k && book.values.every((v, i) => v === Math.fround(v) && (i === 0 || v > book.values[i - 1]!)));
    const sorted = [...new Set(weights)].sort((a, b) => a - b);
    const counts = sorted.map((v) => weights.filter((w) => w === v).length);
    t.true(book.squaredError <= bruteForceError(sorted, counts, k, Math.fround) * (1 + 1e-6) + 1e-12, `trial ${trial}`);
  }
  // 4000 distinct float weights, normally distributed: the runs-then-Lloyd path against the exact program's error.
  const weights = Float64Array.from({ length: 4000 }, () => Math.fround(Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())));
  for (const k of [4, 16]) {
    const fast = clusterValues(weights, k, Math.fround).squaredError;
    const exact = exactError([...weights].sort((a, b) => a - b), k);
    t.true(fast <= exact * 1.01, `k ${k}: ${fast} against the optimum ${exact}`);
  }
});

/** The least squared error of sorted values in at most k runs: the textbook O(k n^2) program, written independently. */
function exactError(x: number[], k: number): number {
  const n = x.length, p = [0], q = [0];
  for (const v of x) { p.push(p[p.length - 1]! + v); q.push(q[q.length - 1]! + v * v); }
  const cost = (a: number, b: number) => q[b]! - q[a]! - (p[b]! - p[a]!) ** 2 / (b - a);
  let row = Array.from({ length: n + 1 }, (_, j) => (j === 0 ? 0 : cost(0, j)));
  for (let m = 2; m <= k; m++) {
    const next = row.slice();
    for (let j = m; j <= n; j++) for (let s = m - 1; s < j; s++) next[j] = Math.min(next[j]!, row[s]! + cost(s, j));
    row = next;
  }
  return row[n]!;
}

/** A float model's outputs (all their bytes) for each input. */
function runFloat(bytes: Uint8Array, inputs: Float32Array[], kernels: "portable" | "auto"): Buffer[] {
  const it = new Interpreter(Model.from(bytes), { kernels });
  return inputs.map((x) => {
    it.input(0).bytes.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    it.invoke();
    return Buffer.from(it.output(0).bytes);
  });
}

/** Float models with their real inputs: kws_ref_model dequantized (its golden inputs, dequantized), and models/anomaly's float autoencoder. */
function floatModels(): { name: string; bytes: Uint8Array; inputs: Float32Array[] }[] {
  const kws = Model.from(readFileSync(join(testdataDir, manifest().models.kws_ref_model!.file)));
  const q = kws.tensor(kws.inputs[0]!).quantization!;
  const kwsInputs = manifest().models.kws_ref_model!.cases.map((c) => Float32Array.from(int8(testdataFile(c.input)), (v) => q.scale[0]! * (v - q.zeroPoint[0]!)));
  const frames = anomalousFrames(20, SEEDS.heldOutAnomalous);
  return [
    { name: "kws_ref_model dequantized", bytes: dequantizedModel(kws), inputs: kwsInputs },
    { name: "models/anomaly float", bytes: new Uint8Array(readFileSync(join(repo, "models", "anomaly", "anomaly_float.tflite"))), inputs: Array.from({ length: 20 }, (_, i) => frames.slice(i * BANDS, (i + 1) * BANDS)) },
  ];
}

withTestdata(test, "float32 weights at 8 and 4 bits: the compressed model's outputs are the binned model's, byte for byte, with portable and native kernels", (t) => {
  for (const { name, bytes, inputs } of floatModels()) {
    for (const bits of [8, 4]) {
      const r = compressModel(Model.from(bytes), { bits });
      t.true(r.tensors.length > 0, `${name} ${bits} bits: nothing compressed`);
      for (const c of r.tensors) t.true(c.type === "float32" && c.storedBytes < c.originalBytes && c.codebookSize <= 1 << bits);
      t.is(r.warnings.length, bits === 8 ? 1 : 0);
      if (bits === 8) t.regex(r.warnings[0]!, /TFLM's DECODE reads 1- to 7-bit/);
      const binned = runFloat(r.binned, inputs, "portable");
      for (const kernels of ["portable", "auto"] as const) {
        runFloat(r.compressed, inputs, kernels).forEach((o, k) => t.true(o.equals(binned[k]!), `${name} ${bits} bits ${kernels}, input ${k}: compressed and binned outputs differ`));
      }
      const original = runFloat(bytes, inputs, "portable").map((b) => new Float32Array(b.buffer, b.byteOffset, b.length / 4));
      let signal = 0, noise = 0;
      binned.forEach((b, k) => new Float32Array(b.buffer, b.byteOffset, b.length / 4).forEach((v, i) => { signal += original[k]![i]! ** 2; noise += (v - original[k]![i]!) ** 2; }));
      t.log(`${name} ${bits} bits: ${r.tensors.length} tensors, model ${bytes.length} -> ${r.compressed.length} B; outputs against the original: SQNR ${(10 * Math.log10(signal / noise)).toFixed(1)} dB over ${inputs.length} inputs`);
    }
  }
});

withTestdata(test, "int8 weights at 8 bits are refused with CompressError INT8_AT_8_BITS saying why", (t) => {
  const kws = Model.from(readFileSync(join(testdataDir, manifest().models.kws_ref_model!.file)));
  const e = t.throws(() => compressModel(kws, { bits: 8 }), { instanceOf: CompressError });
  t.is(e!.code, "INT8_AT_8_BITS");
  t.regex(e!.message, /8-bit indices do not make int8 weights smaller.*--bits 2\.\.7/);
});

withTestdata(test, "tinyml compress writes a model that inspect shows with its flash saved; bad arguments exit 2", async (t) => {
  const tmp = tempDir("tinyml-compress-");
  const model = join(testdataDir, manifest().models.kws_ref_model!.file);
  const out = join(tmp, "kws4.tflite"), binned = join(tmp, "kws4.binned.tflite");
  const r = await tinyml(["compress", model, "--bits", "4", "--out", out, "--binned", binned, "--json"]);
  t.is(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  t.is(report.compressedBytes, readFileSync(out).length);
  t.true(report.savedBytes > 0);
  t.is(report.tensors.length, 10);
  const inspect = await tinyml(["inspect", out, "--json"]);
  t.is(inspect.code, 0, inspect.stderr);
  const summary = JSON.parse(inspect.stdout).compression;
  t.is(summary.tensors.length, 10);
  t.is(summary.decodedBytes, report.weightBytes);
  t.is(summary.storedBytes, report.compressedWeightBytes);
  t.is(summary.savedBytes, report.weightBytes - report.compressedWeightBytes);
  const text = await tinyml(["inspect", out]);
  t.regex(text.stdout, /compressed weights \(TFLM_DECODE\): 10 decoded tensor\(s\), [\d,]+ bytes stored for [\d,]+ bytes decoded: [\d,]+ bytes of flash saved/);
  t.is(JSON.parse((await tinyml(["inspect", binned, "--json"])).stdout).compression, null);
  const int8At8 = await tinyml(["compress", model, "--bits", "8", "--out", join(tmp, "k8.tflite")]);
  t.is(int8At8.code, 1);
  t.regex(int8At8.stderr, /^tinyml: .*8-bit indices do not make int8 weights smaller/);
  const float8 = join(tmp, "anomaly8.tflite");
  const wide = await tinyml(["compress", join(repo, "models", "anomaly", "anomaly_float.tflite"), "--bits", "8", "--out", float8, "--json"]);
  t.is(wide.code, 0, wide.stderr);
  t.regex(wide.stderr, /warning: .*8-bit indices: TFLM's DECODE reads 1- to 7-bit/);
  t.is(JSON.parse(wide.stdout).warnings.length, 1);
  t.true(JSON.parse((await tinyml(["inspect", float8, "--json"])).stdout).compression.tensors.every((c: { bits: number }) => c.bits === 8));
  for (const args of [["--bits", "9"], ["--bits", "1"], ["--bits", "x"], []]) {
    const bad = await tinyml(["compress", model, ...args, "--out", join(tmp, "x.tflite")]);
    t.is(bad.code, 2, `${args.join(" ")}: ${bad.stderr}`);
  }
  const again = await tinyml(["compress", out, "--bits", "4", "--out", join(tmp, "y.tflite")]);
  t.is(again.code, 1);
  t.regex(again.stderr, /already compressed/);
});
