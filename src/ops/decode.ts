/**
 * CUSTOM:TFLM_DECODE — TFLM's DECODE operator (tensorflow/lite/micro/kernels/decode.cc, 2025): it
 * turns compressed constant tensors into the tensors the next op reads. Inputs come in pairs (the
 * encoded tensor, its ancillary data tensor), one output per pair, decoded on every invoke into
 * the arena (the planner places each output for the short span from the DECODE to its consumer).
 *
 * The ancillary data starts with TFLM's 16-byte DECODE Common Metadata (DCM): byte 0 the decode
 * type, byte 1 the DCM version (1). This runtime decodes the LUT type (0): bytes 4 (LUT version,
 * 1), 5 (low 3 bits: index bit width 1..7) and 6 (value table stride, in elements), then the value
 * tables from byte 16, one per channel of the output's quantization (axis 0 or the last axis).
 */
import { ModelError, type ModelErrorCode } from "../errors";
import { DecodeLut } from "../kernels/layout";
import type { TensorSpec } from "../model/model";
import { BuiltinOperator, TensorType, tensorTypeName, tensorTypeSize } from "../model/schema";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

export const DECODE_CUSTOM_CODE = "TFLM_DECODE";

/** Byte offsets of the DECODE Common Metadata and the LUT fields within it. */
export const Dcm = Object.freeze({
  BYTES: 16,
  TYPE: 0,
  VERSION: 1,
  LUT_VERSION: 4,
  LUT_PARAMS: 5,
  LUT_STRIDE: 6,
} as const);

/** DCM decode types (byte 0). */
export const DecodeType = Object.freeze({ LUT: 0, HUFFMAN: 1, PRUNING: 2 } as const);
const DECODE_TYPE_NAMES = ["LUT", "Huffman", "pruning"];

/** Byte 5 of a LUT's metadata: bits 0-2 the index width 1..7 (TFLM's field); 8 is 0 there with bit 3 set. */
export const LUT_WIDTH_8 = 0x08;

/** The index bit width byte 5 of a LUT's metadata holds (0: none valid). */
export function lutBitWidth(params: number): number {
  const width = params & 7;
  return width === 0 && (params & LUT_WIDTH_8) !== 0 ? 8 : width;
}

/** Byte 5 of a LUT's metadata for indices of `bits` bits (1..8). */
export function lutParams(bits: number): number {
  return bits === 8 ? LUT_WIDTH_8 : bits;
}

/** The element types TFLM's LUT decoding writes. */
const LUT_TYPES: readonly number[] = [TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.INT64, TensorType.FLOAT32, TensorType.BOOL];

/** A ModelError about one tensor of a DECODE operator, naming it. */
function tensorError(ctx: OpContext, code: ModelErrorCode, t: TensorSpec, message: string): never {
  throw new ModelError(code, `${ctx.op.name}: tensor '${t.name}': ${message}`, { table: "Tensor", index: t.index });
}

/** Checks one (encoded, ancillary) -> output pair and packs its DecodeLut constants. */
function prepareLut(ctx: OpContext, encoded: TensorSpec, ancillary: TensorSpec, output: TensorSpec): Int32Array {
  const target = `(decoded into '${output.name}')`;
  const anc = ancillary.data;
  if (anc === null) tensorError(ctx, "BAD_FORMAT", ancillary, `the ancillary data ${target} must be a constant tensor`);
  if (encoded.data === null) tensorError(ctx, "BAD_FORMAT", encoded, `the encoded data ${target} must be a constant tensor`);
  if (anc.length < Dcm.BYTES) tensorError(ctx, "BAD_FORMAT", ancillary, `ancillary data of ${anc.length} bytes ${target} is shorter than the ${Dcm.BYTES}-byte DECODE metadata`);
  const type = anc[Dcm.TYPE]!;
  if (anc[Dcm.VERSION] !== 1) tensorError(ctx, "BAD_FORMAT", ancillary, `DECODE metadata version ${anc[Dcm.VERSION]} ${target}; version 1 is supported`);
  if (type !== DecodeType.LUT) {
    const name = DECODE_TYPE_NAMES[type] ?? (type >= 128 ? `custom ${type}` : `reserved ${type}`);
    tensorError(ctx, "UNSUPPORTED_OP", ancillary, `decode type ${type} (${name}) ${target}; the LUT type (0) is supported`);
  }
  if (anc[Dcm.LUT_VERSION] !== 1) tensorError(ctx, "BAD_FORMAT", ancillary, `LUT version ${anc[Dcm.LUT_VERSION]} ${target}; version 1 is supported`);
  const width = lutBitWidth(anc[Dcm.LUT_PARAMS]!);
  if (width === 0) tensorError(ctx, "BAD_FORMAT", ancillary, `LUT index bit width 0 ${target}; 1..7 (and 8, beyond TFLM) are valid`);
  const stride = anc[Dcm.LUT_STRIDE]!;
  if (output.data !== null) tensorError(ctx, "BAD_FORMAT", output, "a DECODE output must not be a constant tensor");
  if (!LUT_TYPES.includes(output.type)) tensorError(ctx, "BAD_TYPE", output, `LUT decoding into ${tensorTypeName(output.type)} is not supported`);
  const size = tensorTypeSize(output.type);
  const count = output.elements;
  // Channels: those of the output's quantization, along axis 0 or (more than one) the last axis, as TFLM.
  let channels = 1, alternate = 0;
  const q = output.quantization;
  if (q !== null && q.scale.length > 0) {
    channels = q.scale.length;
    if (q.quantizedDimension === output.shape.length - 1 && channels > 1) alternate = 1;
    else if (q.quantizedDimension !== 0) tensorError(ctx, "BAD_QUANTIZATION", output, `per-channel LUTs along axis ${q.quantizedDimension}; axis 0 or the last axis are supported`);
  }
  if (count % channels !== 0) tensorError(ctx, "BAD_SHAPE", output, `${count} elements are not ${channels} equal channels`);
  const encodedBytes = Math.ceil((count * width) / 8);
  if (encoded.data.length < encodedBytes) tensorError(ctx, "BAD_SHAPE", encoded, `${encoded.data.length} bytes hold fewer than ${count} ${width}-bit indices (${encodedBytes} bytes) ${target}`);
  // Every index of every channel must land inside the value tables.
  const tableElements = (channels - 1) * stride + (1 << width);
  if (Dcm.BYTES + tableElements * size > anc.length) {
    tensorError(ctx, "BAD_SHAPE", ancillary, `value tables of ${anc.length - Dcm.BYTES} bytes ${target}; ${channels} channel(s) of ${width}-bit indices, stride ${stride}, need ${tableElements * size}`);
  }
  const p = new Int32Array(DecodeLut.HEADER);
  p[DecodeLut.COUNT] = count;
  p[DecodeLut.BIT_WIDTH] = width;
  p[DecodeLut.CHANNELS] = channels;
  p[DecodeLut.CHANNEL_ELEMENTS] = count / channels;
  p[DecodeLut.ALTERNATE] = alternate;
  p[DecodeLut.STRIDE] = stride;
  p[DecodeLut.ELEMENT_BYTES] = size;
  p[DecodeLut.VALUE_OFFSET] = Dcm.BYTES;
  return p;
}

/** Runs each of a DECODE's bound decodings in turn. */
function runEach(runs: readonly (() => void)[]): void {
  for (let i = 0; i < runs.length; i++) runs[i]!();
}

export const decode: OpRegistration = {
  name: `CUSTOM:${DECODE_CUSTOM_CODE}`,
  builtinCode: BuiltinOperator.CUSTOM,
  customCode: DECODE_CUSTOM_CODE,
  maxVersion: 1,
  prepare(ctx: OpContext): PreparedOp {
    const outputs = ctx.outputCount;
    if (outputs === 0 || ctx.inputCount !== 2 * outputs) ctx.fail("BAD_FORMAT", `expects two inputs (encoded, ancillary) per output; has ${ctx.inputCount} inputs, ${outputs} outputs`);
    const pairs: { p: Int32Array; encoded: TensorSpec; ancillary: TensorSpec; output: TensorSpec }[] = [];
    let macs = 0;
    for (let i = 0; i < outputs; i++) {
      const encoded = ctx.input(2 * i), ancillary = ctx.input(2 * i + 1), output = ctx.output(i);
      const p = prepareLut(ctx, encoded, ancillary, output);
      pairs.push({ p, encoded, ancillary, output });
      macs += output.elements;
    }
    const k = ctx.kernels;
    return {
      macs,
      bind(a) {
        const runs = pairs.map(({ p, encoded, ancillary, output }) => k.decodeLut.bind(null, p, a.bytes(encoded), a.bytes(ancillary), a.bytes(output)));
        return runs.length === 1 ? runs[0]! : runEach.bind(null, runs);
      },
    };
  },
};
