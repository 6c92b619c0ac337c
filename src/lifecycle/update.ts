/**
 * The update file: a model, its identity and version, a self-test pair, and an Ed25519 signature
 * of the header, which binds the model and the vectors by their SHA-256.
 *
 * Layout (all integers little-endian):
 *
 *   offset  size  field
 *   0       4     magic "TMLU"
 *   4       2     format version (3)
 *   6       2     header length (128)
 *   8       4     flags: bit 0 = allow downgrade (install even if not newer than the active model)
 *   12      4     model version (unsigned; a newer model has a higher number)
 *   16      4     model length M (bytes of the .tflite)
 *   20      4     self-test input length I (the model's input tensors' bytes, in input order)
 *   24      4     self-test output length O (the expected output tensors' bytes, in output order)
 *   28      4     total length of the update file (= 192 + align16(M) + I + O)
 *   32      32    model id: ASCII [A-Za-z0-9._-], 1 to 32 characters, NUL-padded
 *   64      32    SHA-256 of the model bytes
 *   96      32    SHA-256 of the self-test vectors (input then output: the I + O bytes as they lie in the file)
 *   128     64    Ed25519 signature (RFC 8032) of the 128-byte header
 *   192     M     the model (.tflite), 16-byte aligned in the file and in flash
 *   ...           zero padding to a multiple of 16
 *           I     self-test input
 *           O     self-test expected output (bit-exact)
 *
 * The signature covers the header only: a constant-cost verification instead of hashing the whole
 * file with SHA-512 in JavaScript. It is as strong as signing every byte: the signed header holds
 * the SHA-256 of the model and of the vectors, the padding must be zero, and the lengths are
 * signed, so changing any byte either breaks the signature or needs a second input with the same
 * SHA-256 (collision resistance).
 *
 * Format 3 puts the signature right after the header, so a device checks it on the first 192
 * bytes (UPDATE_HEAD_BYTES), before it erases anything: an unsigned or forged header changes
 * nothing in flash. Formats 1 and 2 (the signature at the end) are refused.
 *
 * The store keeps the file verbatim in a slot, so the signed header and vectors stay with the model.
 */
import { bytesEqual, sha256, sign, SIGNATURE_BYTES, verifySignature } from "./crypto";
import { UpdateError } from "./update_error";

export const UPDATE_MAGIC = 0x554c4d54; // "TMLU" read as a little-endian u32
export const UPDATE_FORMAT = 3;
export const UPDATE_HEADER_BYTES = 128;
/** The header and its signature: what a device needs to decide whether to accept an update at all. */
export const UPDATE_HEAD_BYTES = UPDATE_HEADER_BYTES + SIGNATURE_BYTES;
export const MODEL_ID_BYTES = 32;
export const FLAG_ALLOW_DOWNGRADE = 1;
/** Largest model this format describes (a sanity bound, not a device limit). */
const MAX_SECTION = 0x40000000;

export interface UpdateHeader {
  format: number;
  flags: number;
  allowDowngrade: boolean;
  modelId: string;
  modelVersion: number;
  modelLength: number;
  selfTestInputLength: number;
  selfTestOutputLength: number;
  totalLength: number;
  modelSha256: Uint8Array;
  /** SHA-256 of the self-test input followed by the expected output. */
  selfTestSha256: Uint8Array;
}

export interface UpdateLayout {
  modelOffset: number;
  inputOffset: number;
  outputOffset: number;
  signatureOffset: number;
  totalLength: number;
}

const align16 = (n: number) => (n + 15) & ~15;

export function updateLayout(modelLength: number, inputLength: number, outputLength: number): UpdateLayout {
  const signatureOffset = UPDATE_HEADER_BYTES;
  const modelOffset = UPDATE_HEAD_BYTES;
  const inputOffset = modelOffset + align16(modelLength);
  const outputOffset = inputOffset + inputLength;
  return { modelOffset, inputOffset, outputOffset, signatureOffset, totalLength: outputOffset + outputLength };
}

export function validModelId(id: string): boolean {
  return /^[A-Za-z0-9._-]{1,32}$/.test(id);
}

/** Parses and checks the first 128 bytes of an update; UpdateError BAD_HEADER when they are not a header this runtime knows. */
export function parseUpdateHeader(bytes: Uint8Array): UpdateHeader {
  if (bytes.length < UPDATE_HEADER_BYTES) throw new UpdateError("BAD_HEADER", `an update header has ${UPDATE_HEADER_BYTES} bytes; got ${bytes.length}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, UPDATE_HEADER_BYTES);
  if (v.getUint32(0, true) !== UPDATE_MAGIC) throw new UpdateError("BAD_HEADER", "not a tinyml-xs update (bad magic)");
  const format = v.getUint16(4, true);
  if (format === 1 || format === 2) throw new UpdateError("BAD_HEADER", `update format ${format} (the signature at the end) is no longer read; repack it with \`tinyml pack\` (format ${UPDATE_FORMAT})`);
  if (format !== UPDATE_FORMAT) throw new UpdateError("BAD_HEADER", `update format ${format}; this runtime reads format ${UPDATE_FORMAT}`);
  if (v.getUint16(6, true) !== UPDATE_HEADER_BYTES) throw new UpdateError("BAD_HEADER", `header length ${v.getUint16(6, true)}, expected ${UPDATE_HEADER_BYTES}`);
  const flags = v.getUint32(8, true);
  if ((flags & ~FLAG_ALLOW_DOWNGRADE) !== 0) throw new UpdateError("BAD_HEADER", `unknown flags 0x${flags.toString(16)}`);
  const modelVersion = v.getUint32(12, true);
  const modelLength = v.getUint32(16, true);
  const selfTestInputLength = v.getUint32(20, true);
  const selfTestOutputLength = v.getUint32(24, true);
  const totalLength = v.getUint32(28, true);
  if (modelLength === 0 || modelLength > MAX_SECTION || selfTestInputLength > MAX_SECTION || selfTestOutputLength > MAX_SECTION) throw new UpdateError("BAD_HEADER", "section lengths out of range");
  if (updateLayout(modelLength, selfTestInputLength, selfTestOutputLength).totalLength !== totalLength) throw new UpdateError("BAD_HEADER", `total length ${totalLength} disagrees with the section lengths`);
  let modelId = "";
  for (let i = 0; i < MODEL_ID_BYTES; i++) {
    const c = bytes[32 + i]!;
    if (c === 0) {
      for (let j = i; j < MODEL_ID_BYTES; j++) if (bytes[32 + j] !== 0) throw new UpdateError("BAD_HEADER", "model id is not NUL-padded");
      break;
    }
    modelId += String.fromCharCode(c);
  }
  if (!validModelId(modelId)) throw new UpdateError("BAD_HEADER", `bad model id '${modelId}'`);
  return {
    format, flags, allowDowngrade: (flags & FLAG_ALLOW_DOWNGRADE) !== 0, modelId, modelVersion, modelLength,
    selfTestInputLength, selfTestOutputLength, totalLength, modelSha256: bytes.slice(64, 96), selfTestSha256: bytes.slice(96, 128),
  };
}

export interface PackOptions {
  model: Uint8Array;
  modelId: string;
  modelVersion: number;
  selfTestInput: Uint8Array;
  selfTestOutput: Uint8Array;
  allowDowngrade?: boolean;
  /** 32-byte Ed25519 secret key. */
  secretKey: Uint8Array;
}

/** Builds a signed update file (format 2: the signature covers the header, which holds both hashes). */
export function packUpdate(o: PackOptions): Uint8Array {
  if (!validModelId(o.modelId)) throw new UpdateError("BAD_HEADER", `model id '${o.modelId}' must be 1 to 32 characters of [A-Za-z0-9._-]`);
  if (!(Number.isInteger(o.modelVersion) && o.modelVersion >= 0 && o.modelVersion <= 0xffffffff)) throw new UpdateError("BAD_HEADER", `model version ${o.modelVersion} is not a 32-bit unsigned integer`);
  if (o.model.length === 0) throw new UpdateError("BAD_HEADER", "empty model");
  const layout = updateLayout(o.model.length, o.selfTestInput.length, o.selfTestOutput.length);
  const out = new Uint8Array(layout.totalLength);
  const v = new DataView(out.buffer);
  v.setUint32(0, UPDATE_MAGIC, true);
  v.setUint16(4, UPDATE_FORMAT, true);
  v.setUint16(6, UPDATE_HEADER_BYTES, true);
  v.setUint32(8, o.allowDowngrade === true ? FLAG_ALLOW_DOWNGRADE : 0, true);
  v.setUint32(12, o.modelVersion, true);
  v.setUint32(16, o.model.length, true);
  v.setUint32(20, o.selfTestInput.length, true);
  v.setUint32(24, o.selfTestOutput.length, true);
  v.setUint32(28, layout.totalLength, true);
  for (let i = 0; i < o.modelId.length; i++) out[32 + i] = o.modelId.charCodeAt(i);
  out.set(o.model, layout.modelOffset);
  out.set(o.selfTestInput, layout.inputOffset);
  out.set(o.selfTestOutput, layout.outputOffset);
  out.set(sha256(o.model), 64);
  out.set(sha256(out.subarray(layout.inputOffset, layout.totalLength)), 96);
  out.set(sign(out.subarray(0, UPDATE_HEADER_BYTES), o.secretKey), layout.signatureOffset);
  return out;
}

export interface CheckedUpdate {
  header: UpdateHeader;
  layout: UpdateLayout;
  /** Views into the update bytes (zero-copy: into flash when the update was mapped from a slot). */
  model: Uint8Array;
  selfTestInput: Uint8Array;
  selfTestOutput: Uint8Array;
  /** Index in trustedKeys of the key that signed it. */
  keyIndex: number;
}

/**
 * Checks the head of an update (its first UPDATE_HEAD_BYTES): the header, then the Ed25519
 * signature of the header against any of the trusted public keys. Throws UpdateError BAD_HEADER
 * or BAD_SIGNATURE. This is all a device needs before it spends flash on an update.
 */
export function checkUpdateHead(bytes: Uint8Array, trustedKeys: readonly Uint8Array[]): { header: UpdateHeader; keyIndex: number } {
  if (bytes.length < UPDATE_HEAD_BYTES) throw new UpdateError("BAD_HEADER", `an update begins with its ${UPDATE_HEADER_BYTES}-byte header and ${SIGNATURE_BYTES}-byte signature; got ${bytes.length} bytes`);
  const header = parseUpdateHeader(bytes);
  const signed = bytes.subarray(0, UPDATE_HEADER_BYTES);
  const signature = bytes.subarray(UPDATE_HEADER_BYTES, UPDATE_HEAD_BYTES);
  const keyIndex = trustedKeys.findIndex((k) => verifySignature(signature, signed, k));
  if (keyIndex < 0) throw new UpdateError("BAD_SIGNATURE", trustedKeys.length === 0 ? "no trusted keys" : "the header's signature does not verify with any trusted key");
  return { header, keyIndex };
}

/**
 * Checks a whole update: header, exact length, the Ed25519 signature of the header against any of
 * the trusted public keys, then the SHA-256 of the model and of the self-test vectors it names,
 * and the zero padding. Throws UpdateError (BAD_HEADER, INCOMPLETE, OUT_OF_RANGE, BAD_SIGNATURE,
 * HASH_MISMATCH, SELFTEST_HASH_MISMATCH). Does not look inside the model (see validate.ts).
 */
export function checkUpdate(bytes: Uint8Array, trustedKeys: readonly Uint8Array[]): CheckedUpdate {
  const header = parseUpdateHeader(bytes);
  if (bytes.length < header.totalLength) throw new UpdateError("INCOMPLETE", `the update has ${bytes.length} of its ${header.totalLength} bytes`);
  if (bytes.length > header.totalLength) throw new UpdateError("OUT_OF_RANGE", `${bytes.length - header.totalLength} bytes beyond the update's ${header.totalLength}`);
  const layout = updateLayout(header.modelLength, header.selfTestInputLength, header.selfTestOutputLength);
  // The signature first: the hashes below are only worth comparing against an authentic header.
  const { keyIndex } = checkUpdateHead(bytes, trustedKeys);
  const model = bytes.subarray(layout.modelOffset, layout.modelOffset + header.modelLength);
  if (!bytesEqual(sha256(model), header.modelSha256)) throw new UpdateError("HASH_MISMATCH", "SHA-256 of the model differs from the signed header's");
  // Input and output are adjacent in the file: one hash over both, as pack computed it.
  if (!bytesEqual(sha256(bytes.subarray(layout.inputOffset, layout.totalLength)), header.selfTestSha256)) throw new UpdateError("SELFTEST_HASH_MISMATCH", "SHA-256 of the self-test vectors differs from the signed header's");
  // No hash covers the padding: requiring zeros leaves no byte of the file unbound.
  for (let i = layout.modelOffset + header.modelLength; i < layout.inputOffset; i++) if (bytes[i] !== 0) throw new UpdateError("BAD_HEADER", "padding after the model is not zero");
  return {
    header, layout, model, keyIndex,
    selfTestInput: bytes.subarray(layout.inputOffset, layout.outputOffset),
    selfTestOutput: bytes.subarray(layout.outputOffset, layout.totalLength),
  };
}
