/**
 * Weight compression in TFLM's format (tensorflow/lite/micro/compression, DECODE operator, 2025):
 * each weight tensor (int8, int16, int32 or float32) of CONV_2D, DEPTHWISE_CONV_2D and
 * FULLY_CONNECTED is clustered to a codebook of at most 2^bits values (per tensor, or per
 * quantization channel), its elements replaced by bit-packed indices (a uint8 tensor), and a
 * TFLM_DECODE operator inserted before each op that reads it, whose ancillary tensor holds the
 * DECODE metadata and the value tables. 8-bit indices go beyond TFLM's 1..7 (see src/ops/decode.ts)
 * and are for wider elements only: for int8 weights they save nothing.
 *
 * Also made: the "binned" model, the original with each compressed tensor's weights replaced by
 * their codebook values, in the standard format: the compressed model must compute exactly what
 * it computes.
 */
import type { Model } from "../model/model";
import { BuiltinOperator, TensorType, tensorTypeName } from "../model/schema";
import { DECODE_CUSTOM_CODE, Dcm, DecodeType, lutParams } from "../ops/decode";
import { clusterInt8, clusterValues } from "./cluster";
import { type ModelIR, type OperatorIR, readModelIR, type TensorIR, writeModel } from "./tflite_rewrite";

export interface CompressOptions {
  /** Index bits, 2..8 (TFLM's LUT format stores 1..7; 8 is for int16, int32 and float32 weights). */
  bits: number;
  /** One codebook per quantization channel (else one per tensor). */
  perChannel?: boolean;
  /** Called before each weight tensor is clustered. */
  progress?: (done: number, total: number, name: string) => void;
}

export interface CompressedTensor {
  tensor: number;
  name: string;
  /** The weights' element type (int8, int16, int32, float32). */
  type: string;
  elements: number;
  /** Value tables stored (1, or one per channel). */
  tables: number;
  /** Largest number of distinct values in a table. */
  codebookSize: number;
  bits: number;
  originalBytes: number;
  /** Bit-packed indices plus the ancillary data (metadata and value tables). */
  storedBytes: number;
  /** Signal to quantization-noise ratio of the weights after clustering (Infinity: exact). */
  weightSqnrDb: number;
}

export interface CompressResult {
  compressed: Uint8Array;
  binned: Uint8Array;
  tensors: CompressedTensor[];
  skipped: { tensor: number; name: string; reason: string }[];
  /** What the user must know about the result (8-bit indices: TFLM cannot decode them). */
  warnings: string[];
}

export type CompressErrorCode = "BAD_BITS" | "ALREADY_COMPRESSED" | "INT8_AT_8_BITS";

/** A model or request compress cannot serve; `code` says which. */
export class CompressError extends Error {
  constructor(readonly code: CompressErrorCode, message: string) {
    super(message);
  }
}

export const MIN_BITS = 2;
export const MAX_BITS = 8;
/** The widest index TFLM's LUT decoder reads (a 3-bit field). */
export const TFLM_MAX_BITS = 7;

/** How each weight element type is read, clustered and written back. */
interface ElementType {
  name: string;
  bytes: number;
  read(data: Uint8Array): Float64Array;
  write(values: Float64Array): Uint8Array;
  /** The codebook of at most k values for these weights. */
  cluster(weights: Float64Array, k: number): { values: Float64Array; indices: Uint8Array };
}

function elementType(name: string, bytes: number, View: Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor | Float32ArrayConstructor, represent: (x: number) => number): ElementType {
  return {
    name,
    bytes,
    // A copy: the tensor's bytes need not be aligned for the view.
    read: (data) => Float64Array.from(new View(data.slice().buffer)),
    write: (values) => new Uint8Array(View.from(values).buffer),
    cluster: (weights, k) => clusterValues(weights, k, represent),
  };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(x)));

const ELEMENT_TYPES = new Map<number, ElementType>([
  [TensorType.INT8, { ...elementType("int8", 1, Int8Array, (x) => clamp(x, -128, 127)), cluster: (weights, k) => {
    // int8: the exact optimum over the 256 possible values.
    const book = clusterInt8(Int8Array.from(weights), k);
    return { values: Float64Array.from(book.values), indices: book.indices };
  } }],
  [TensorType.INT16, elementType("int16", 2, Int16Array, (x) => clamp(x, -32768, 32767))],
  [TensorType.INT32, elementType("int32", 4, Int32Array, (x) => clamp(x, -2147483648, 2147483647))],
  [TensorType.FLOAT32, elementType("float32", 4, Float32Array, Math.fround)],
]);

const INT8_AT_8_BITS = "int8: 8-bit indices would take as many bytes as the values";

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

/** The 16-byte DECODE metadata of a LUT-compressed tensor, then its value tables (their bytes, little-endian). */
export function lutAncillary(bits: number, stride: number, tables: ArrayBufferView): Uint8Array {
  const a = new Uint8Array(Dcm.BYTES + tables.byteLength);
  a[Dcm.TYPE] = DecodeType.LUT;
  a[Dcm.VERSION] = 1;
  a[Dcm.LUT_VERSION] = 1;
  a[Dcm.LUT_PARAMS] = lutParams(bits);
  a[Dcm.LUT_STRIDE] = stride;
  a.set(new Uint8Array(tables.buffer, tables.byteOffset, tables.byteLength), Dcm.BYTES);
  return a;
}

/** The element indices of each channel, as TFLM's decoder walks them (axis 0: runs; last axis: every channels-th). */
function channelElements(count: number, channels: number, lastAxis: boolean): Int32Array[] {
  const per = count / channels;
  return Array.from({ length: channels }, (_, c) => Int32Array.from({ length: per }, (_, j) => (lastAxis ? j * channels + c : c * per + j)));
}

function sqnrDb(signal: Float64Array, binned: Float64Array): number {
  let s = 0, n = 0;
  for (let i = 0; i < signal.length; i++) {
    s += signal[i]! * signal[i]!;
    const d = signal[i]! - binned[i]!;
    n += d * d;
  }
  return n === 0 ? Infinity : 10 * Math.log10(s / n);
}

interface Encoded {
  /** The clustered weights, in the tensor's element type. */
  binned: Uint8Array;
  sqnrDb: number;
  encoded: Uint8Array;
  ancillary: Uint8Array;
  tables: number;
  codebookSize: number;
}

/** Clusters one tensor's weights and encodes them, or says why it is left as it is. */
function encodeTensor(t: TensorIR, type: ElementType, bits: number, perChannel: boolean): Encoded | string {
  const weights = type.read(t.data!);
  const q = t.quantization;
  // TFLM's decoder takes its channels from the quantization (axis 0, or the last axis when there are several).
  const channels = q === null ? 1 : Math.max(1, q.scale.length);
  const rank = t.shape.length;
  const lastAxis = channels > 1 && q!.quantizedDimension === rank - 1;
  if (channels > 1 && !lastAxis && q!.quantizedDimension !== 0) return `quantized along axis ${q!.quantizedDimension}, which TFLM's LUT decoding does not handle`;
  if (weights.length % channels !== 0) return `${weights.length} elements are not ${channels} equal channels`;
  const size = 1 << bits;
  const binned = new Float64Array(weights.length);
  const indices = new Uint8Array(weights.length);
  let tables: Float64Array, stride: number, codebookSize = 0;
  if (perChannel && channels > 1) {
    // The metadata's stride is one byte: 256-entry tables cannot follow one another.
    if (size > 255) return `per-channel tables of ${size} values need a stride the one-byte stride field cannot hold (compress it per tensor)`;
    stride = size;
    tables = new Float64Array(channels * size);
    channelElements(weights.length, channels, lastAxis).forEach((elems, c) => {
      const book = type.cluster(Float64Array.from(elems, (i) => weights[i]!), size);
      tables.set(book.values, c * size);
      codebookSize = Math.max(codebookSize, book.values.length);
      elems.forEach((i, j) => {
        indices[i] = book.indices[j]!;
        binned[i] = book.values[book.indices[j]!]!;
      });
    });
  } else {
    const book = type.cluster(weights, size);
    // Several channels share the one table: stride 0.
    stride = channels > 1 ? 0 : size & 255;
    tables = new Float64Array(size);
    tables.set(book.values);
    codebookSize = book.values.length;
    indices.set(book.indices);
    for (let i = 0; i < weights.length; i++) binned[i] = book.values[book.indices[i]!]!;
  }
  const encoded = packIndices(indices, bits);
  const ancillary = lutAncillary(bits, stride, type.write(tables));
  if (encoded.length + ancillary.length >= t.data!.length) return `${t.data!.length} bytes would take ${encoded.length + ancillary.length} compressed`;
  return { binned: type.write(binned), sqnrDb: sqnrDb(weights, binned), encoded, ancillary, tables: stride === 0 ? 1 : channels, codebookSize };
}

/** Compresses every weight tensor it can; the compressed and the binned model, and what was done. */
export function compressModel(model: Model, options: CompressOptions): CompressResult {
  const { bits } = options;
  if (!(Number.isInteger(bits) && bits >= MIN_BITS && bits <= MAX_BITS)) throw new CompressError("BAD_BITS", `--bits must be ${MIN_BITS}..${MAX_BITS}, not ${bits}`);
  const ir = readModelIR(model);
  if (ir.operators.some((op) => op.customCode === DECODE_CUSTOM_CODE)) throw new CompressError("ALREADY_COMPRESSED", "the model is already compressed (it has TFLM_DECODE operators)");
  // Candidates: constant tensors read only as the weights of conv, depthwise and fully connected ops.
  const uses = ir.tensors.map(() => ({ weight: 0, other: 0 }));
  for (const op of ir.operators) {
    op.inputs.forEach((t, pos) => {
      if (t < 0) return;
      if (pos === 1 && WEIGHT_OPS.includes(op.builtinCode)) uses[t]!.weight++;
      else uses[t]!.other++;
    });
  }
  for (const t of ir.outputs) uses[t]!.other++;
  // 8-bit indices shrink only wider elements: a model whose weights are all int8 is refused before any work.
  const candidates = ir.tensors.filter((t, i) => uses[i]!.weight > 0 && t.data !== null);
  const int8 = candidates.filter((t) => t.type === TensorType.INT8);
  if (bits === 8 && int8.length > 0 && !candidates.some((t) => t.type !== TensorType.INT8 && ELEMENT_TYPES.has(t.type))) {
    throw new CompressError("INT8_AT_8_BITS", `8-bit indices do not make int8 weights smaller (an index byte for each value byte, and the value table on top): '${int8[0]!.name}'${int8.length > 1 ? ` and ${int8.length - 1} more weight tensor(s) are` : " is"} int8; compress int8 weights with --bits 2..7 (8 is for int16, int32 and float32 weights)`);
  }
  const tensors: CompressedTensor[] = [];
  const skipped: CompressResult["skipped"] = [];
  const encodings = new Map<number, Encoded>();
  const total = candidates.length;
  let done = 0;
  ir.tensors.forEach((t, index) => {
    if (uses[index]!.weight === 0 || t.data === null) return;
    options.progress?.(++done, total, t.name);
    const type = ELEMENT_TYPES.get(t.type);
    if (type === undefined) return skipped.push({ tensor: index, name: t.name, reason: `${tensorTypeName(t.type)}, not int8, int16, int32 or float32` });
    if (type.bytes === 1 && bits === 8) return skipped.push({ tensor: index, name: t.name, reason: INT8_AT_8_BITS });
    if (uses[index]!.other > 0) return skipped.push({ tensor: index, name: t.name, reason: "also read as something other than weights" });
    const e = encodeTensor(t, type, bits, options.perChannel === true);
    if (typeof e === "string") return skipped.push({ tensor: index, name: t.name, reason: e });
    encodings.set(index, e);
    tensors.push({
      tensor: index,
      name: t.name,
      type: type.name,
      elements: t.data.length / type.bytes,
      tables: e.tables,
      codebookSize: e.codebookSize,
      bits,
      originalBytes: t.data.length,
      storedBytes: e.encoded.length + e.ancillary.length,
      weightSqnrDb: e.sqnrDb,
    });
  });
  const warnings = bits > TFLM_MAX_BITS && tensors.length > 0
    ? [`${tensors.length} tensor(s) use ${bits}-bit indices: TFLM's DECODE reads 1- to ${TFLM_MAX_BITS}-bit LUT indices (a 3-bit field), so this model runs on tinyml-xs but not on TFLM`]
    : [];
  const binnedIR: ModelIR = { ...ir, tensors: ir.tensors.map((t, i) => (encodings.has(i) ? { ...t, data: encodings.get(i)!.binned } : t)) };
  return { compressed: writeModel(withDecodeOps(ir, encodings)), binned: writeModel(binnedIR), tensors, skipped, warnings };
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
