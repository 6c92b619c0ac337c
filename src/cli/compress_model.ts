/**
 * Weight compression in TFLM's format (tensorflow/lite/micro/compression, DECODE operator, 2025):
 * each int8 weight tensor of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED is clustered to a
 * codebook of at most 2^bits values (per tensor, or per quantization channel), its elements
 * replaced by bit-packed indices (a uint8 tensor), and a TFLM_DECODE operator inserted before each
 * op that reads it, whose ancillary tensor holds the DECODE metadata and the value tables.
 *
 * Also made: the "binned" model, the original with each compressed tensor's weights replaced by
 * their codebook values, in the standard format: the compressed model must compute exactly what
 * it computes.
 */
import type { Model } from "../model/model";
import { BuiltinOperator, TensorType } from "../model/schema";
import { DECODE_CUSTOM_CODE, Dcm, DecodeType } from "../ops/decode";
import { clusterInt8 } from "./cluster";
import { type ModelIR, type OperatorIR, readModelIR, type TensorIR, writeModel } from "./tflite_rewrite";

export interface CompressOptions {
  /** Index bits, 2..7 (TFLM's LUT format stores 1..7). */
  bits: number;
  /** One codebook per quantization channel (else one per tensor). */
  perChannel?: boolean;
  /** Called before each weight tensor is clustered. */
  progress?: (done: number, total: number, name: string) => void;
}

export interface CompressedTensor {
  tensor: number;
  name: string;
  elements: number;
  /** Value tables stored (1, or one per channel). */
  tables: number;
  /** Largest number of distinct values in a table. */
  codebookSize: number;
  bits: number;
  originalBytes: number;
  /** Bit-packed indices plus the ancillary data (metadata and value tables). */
  storedBytes: number;
  /** Signal to quantization-noise ratio of the int8 weights after clustering (Infinity: exact). */
  weightSqnrDb: number;
}

export interface CompressResult {
  compressed: Uint8Array;
  binned: Uint8Array;
  tensors: CompressedTensor[];
  skipped: { tensor: number; name: string; reason: string }[];
}

export class CompressError extends Error {}

export const MIN_BITS = 2;
export const MAX_BITS = 7;

/** Ops whose input 1 (the weights) may be compressed. */
const WEIGHT_OPS: readonly number[] = [BuiltinOperator.CONV_2D, BuiltinOperator.DEPTHWISE_CONV_2D, BuiltinOperator.FULLY_CONNECTED];

/** Indices packed `bits` bits each, most significant bit first, without gaps (TFLM's order). */
export function packIndices(indices: Uint8Array, bits: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((indices.length * bits) / 8));
  let bit = 0;
  for (let i = 0; i < indices.length; i++) {
    for (let b = bits - 1; b >= 0; b--, bit++) if ((indices[i]! >> b) & 1) out[bit >> 3]! |= 0x80 >> (bit & 7);
  }
  return out;
}

/** The 16-byte DECODE metadata of a LUT-compressed tensor, then its value tables. */
export function lutAncillary(bits: number, stride: number, tables: Int8Array): Uint8Array {
  const a = new Uint8Array(Dcm.BYTES + tables.length);
  a[Dcm.TYPE] = DecodeType.LUT;
  a[Dcm.VERSION] = 1;
  a[Dcm.LUT_VERSION] = 1;
  a[Dcm.LUT_PARAMS] = bits;
  a[Dcm.LUT_STRIDE] = stride;
  a.set(new Uint8Array(tables.buffer, tables.byteOffset, tables.length), Dcm.BYTES);
  return a;
}

/** The element indices of each channel, as TFLM's decoder walks them (axis 0: runs; last axis: every channels-th). */
function channelElements(count: number, channels: number, lastAxis: boolean): Int32Array[] {
  const per = count / channels;
  return Array.from({ length: channels }, (_, c) => Int32Array.from({ length: per }, (_, j) => (lastAxis ? j * channels + c : c * per + j)));
}

function sqnrDb(signal: Int8Array, binned: Int8Array): number {
  let s = 0, n = 0;
  for (let i = 0; i < signal.length; i++) {
    s += signal[i]! * signal[i]!;
    const d = signal[i]! - binned[i]!;
    n += d * d;
  }
  return n === 0 ? Infinity : 10 * Math.log10(s / n);
}

interface Encoded {
  binned: Int8Array;
  encoded: Uint8Array;
  ancillary: Uint8Array;
  tables: number;
  codebookSize: number;
}

/** Clusters one tensor's weights and encodes them, or says why it is left as it is. */
function encodeTensor(t: TensorIR, bits: number, perChannel: boolean): Encoded | string {
  const weights = new Int8Array(t.data!.buffer, t.data!.byteOffset, t.data!.byteLength);
  const q = t.quantization;
  // TFLM's decoder takes its channels from the quantization (axis 0, or the last axis when there are several).
  const channels = q === null ? 1 : Math.max(1, q.scale.length);
  const rank = t.shape.length;
  const lastAxis = channels > 1 && q!.quantizedDimension === rank - 1;
  if (channels > 1 && !lastAxis && q!.quantizedDimension !== 0) return `quantized along axis ${q!.quantizedDimension}, which TFLM's LUT decoding does not handle`;
  if (weights.length % channels !== 0) return `${weights.length} elements are not ${channels} equal channels`;
  const size = 1 << bits;
  const binned = new Int8Array(weights.length);
  const indices = new Uint8Array(weights.length);
  let tables: Int8Array, stride: number, codebookSize = 0;
  if (perChannel && channels > 1) {
    stride = size;
    tables = new Int8Array(channels * size);
    channelElements(weights.length, channels, lastAxis).forEach((elems, c) => {
      const book = clusterInt8(Int8Array.from(elems, (i) => weights[i]!), size);
      tables.set(book.values, c * size);
      codebookSize = Math.max(codebookSize, book.values.length);
      elems.forEach((i, j) => {
        indices[i] = book.indices[j]!;
        binned[i] = book.values[book.indices[j]!]!;
      });
    });
  } else {
    const book = clusterInt8(weights, size);
    // Several channels share the one table: stride 0.
    stride = channels > 1 ? 0 : size;
    tables = new Int8Array(size);
    tables.set(book.values);
    codebookSize = book.values.length;
    indices.set(book.indices);
    for (let i = 0; i < weights.length; i++) binned[i] = book.values[book.indices[i]!]!;
  }
  const encoded = packIndices(indices, bits);
  const ancillary = lutAncillary(bits, stride, tables);
  if (encoded.length + ancillary.length >= weights.length) return `${weights.length} bytes would take ${encoded.length + ancillary.length} compressed`;
  return { binned, encoded, ancillary, tables: stride === 0 ? 1 : channels, codebookSize };
}

/** Compresses every weight tensor it can; the compressed and the binned model, and what was done. */
export function compressModel(model: Model, options: CompressOptions): CompressResult {
  const { bits } = options;
  if (!(Number.isInteger(bits) && bits >= MIN_BITS && bits <= MAX_BITS)) throw new CompressError(`--bits must be ${MIN_BITS}..${MAX_BITS} (TFLM's LUT indices are 1 to 7 bits; int8 weights at 8 bits are not compressed), not ${bits}`);
  const ir = readModelIR(model);
  if (ir.operators.some((op) => op.customCode === DECODE_CUSTOM_CODE)) throw new CompressError("the model is already compressed (it has TFLM_DECODE operators)");
  // Candidates: constant int8 tensors read only as the weights of conv, depthwise and fully connected ops.
  const uses = ir.tensors.map(() => ({ weight: 0, other: 0 }));
  for (const op of ir.operators) {
    op.inputs.forEach((t, pos) => {
      if (t < 0) return;
      if (pos === 1 && WEIGHT_OPS.includes(op.builtinCode)) uses[t]!.weight++;
      else uses[t]!.other++;
    });
  }
  for (const t of ir.outputs) uses[t]!.other++;
  const tensors: CompressedTensor[] = [];
  const skipped: CompressResult["skipped"] = [];
  const encodings = new Map<number, Encoded>();
  const total = uses.filter((u) => u.weight > 0).length;
  let done = 0;
  ir.tensors.forEach((t, index) => {
    if (uses[index]!.weight === 0 || t.data === null) return;
    options.progress?.(++done, total, t.name);
    if (t.type !== TensorType.INT8) return skipped.push({ tensor: index, name: t.name, reason: "not int8" });
    if (uses[index]!.other > 0) return skipped.push({ tensor: index, name: t.name, reason: "also read as something other than weights" });
    const e = encodeTensor(t, bits, options.perChannel === true);
    if (typeof e === "string") return skipped.push({ tensor: index, name: t.name, reason: e });
    encodings.set(index, e);
    tensors.push({
      tensor: index,
      name: t.name,
      elements: t.data.length,
      tables: e.tables,
      codebookSize: e.codebookSize,
      bits,
      originalBytes: t.data.length,
      storedBytes: e.encoded.length + e.ancillary.length,
      weightSqnrDb: sqnrDb(new Int8Array(t.data.buffer, t.data.byteOffset, t.data.length), e.binned),
    });
  });
  const binnedIR: ModelIR = { ...ir, tensors: ir.tensors.map((t, i) => (encodings.has(i) ? { ...t, data: new Uint8Array(encodings.get(i)!.binned.buffer) } : t)) };
  return { compressed: writeModel(withDecodeOps(ir, encodings)), binned: writeModel(binnedIR), tensors, skipped };
}

/** The model with each encoded tensor stored as indices, and a TFLM_DECODE before each op that reads it. */
function withDecodeOps(ir: ModelIR, encodings: Map<number, Encoded>): ModelIR {
  const tensors = ir.tensors.slice();
  const ancillaryOf = new Map<number, number>();
  for (const [index, e] of encodings) {
    const t = ir.tensors[index]!;
    // As TFLM's compressor: the tensor keeps its index and now holds the packed indices as uint8.
    tensors[index] = { name: t.name, type: TensorType.UINT8, shape: [e.encoded.length], data: e.encoded, quantization: null, isVariable: false };
    ancillaryOf.set(index, tensors.push({ name: `${t.name}_ancillary`, type: TensorType.UINT8, shape: [e.ancillary.length], data: e.ancillary, quantization: null, isVariable: false }) - 1);
  }
  const operators: OperatorIR[] = [];
  for (const op of ir.operators) {
    const inputs = op.inputs.slice();
    inputs.forEach((t, pos) => {
      const ancillary = ancillaryOf.get(t);
      if (ancillary === undefined) return;
      // One DECODE per consumer, right before it, as TFLM inserts them: its output lives only until the op has run.
      const original = ir.tensors[t]!;
      const decoded = tensors.push({ ...original, name: `${original.name}_decoded`, data: null }) - 1;
      operators.push({ builtinCode: BuiltinOperator.CUSTOM, customCode: DECODE_CUSTOM_CODE, version: 1, inputs: [t, ancillary], outputs: [decoded], intermediates: [], optionsType: 0, options: null, customOptions: null });
      inputs[pos] = decoded;
    });
    operators.push({ ...op, inputs });
  }
  return { ...ir, tensors, operators };
}
