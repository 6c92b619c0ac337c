/**
 * A small RIFF/WAVE reader for what keyword spotting needs: 16-bit PCM, mono. Runs on XS (no Node
 * API, no TextDecoder). The samples are a zero-copy Int16Array view of the file bytes when the data
 * chunk starts at an even offset (it does in every ordinary file), else one copy. Samples are
 * little-endian, as in the file; XS targets (Xtensa, Cortex-M, x86) are little-endian too.
 *
 * Anything else (compressed formats, 8/24/32-bit or float PCM, several channels, a truncated or
 * malformed file) raises a WavError with a code, never a stray RangeError.
 */
import { nameError } from "../errors";

export type WavErrorCode =
  | "NOT_WAV" // no "RIFF....WAVE" header
  | "TRUNCATED" // a chunk runs past the end of the bytes
  | "BAD_FORMAT" // the "fmt " chunk is missing, too short or inconsistent, or there is no "data" chunk
  | "UNSUPPORTED"; // a valid WAV this reader does not take (not PCM, not 16-bit, not mono)

export class WavError extends Error {
  readonly code: WavErrorCode;
  constructor(code: WavErrorCode, message: string) {
    super(`${code}: ${message}`);
    nameError(this, "WavError");
    this.code = code;
  }
}

export interface Wav {
  sampleRate: number;
  /** Always 1 (anything else is rejected). */
  channels: number;
  /** Always 16 (anything else is rejected). */
  bitsPerSample: number;
  samples: Int16Array;
  /** Duration in milliseconds. */
  durationMs: number;
}

const PCM = 1;
const EXTENSIBLE = 0xfffe;

function tag(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

/** Parses a WAV file: an ArrayBuffer or a view of one (e.g. the bytes of a Resource or a file). */
export function parseWav(source: ArrayBuffer | ArrayBufferView): Wav {
  const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer as ArrayBuffer, source.byteOffset, source.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  if (n < 12 || tag(bytes, 0) !== "RIFF" || tag(bytes, 8) !== "WAVE") throw new WavError("NOT_WAV", "the bytes do not start with a RIFF/WAVE header");
  // The RIFF size may understate or overstate the file (streaming writers): chunks are bounded by the bytes we have.
  let format = -1, channels = 0, sampleRate = 0, bitsPerSample = 0, blockAlign = 0;
  let dataAt = -1, dataBytes = 0;
  let at = 12;
  while (at + 8 <= n) {
    const id = tag(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (size > n - body) throw new WavError("TRUNCATED", `chunk '${id}' at byte ${at} declares ${size} bytes but only ${n - body} follow`);
    if (id === "fmt ") {
      if (size < 16) throw new WavError("BAD_FORMAT", `the fmt chunk has ${size} bytes (at least 16 needed)`);
      format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      blockAlign = view.getUint16(body + 12, true);
      bitsPerSample = view.getUint16(body + 14, true);
      if (format === EXTENSIBLE) {
        // WAVE_FORMAT_EXTENSIBLE: cbSize (2), valid bits (2), channel mask (4), then the sub-format GUID whose first 2 bytes are the format.
        if (size < 40) throw new WavError("BAD_FORMAT", `an extensible fmt chunk has ${size} bytes (40 needed)`);
        format = view.getUint16(body + 24, true);
      }
    } else if (id === "data") {
      if (dataAt === -1) {
        dataAt = body;
        dataBytes = size;
      }
    }
    at = body + size + (size & 1); // chunks are padded to an even size
  }
  if (format === -1) throw new WavError("BAD_FORMAT", "no fmt chunk");
  if (dataAt === -1) throw new WavError("BAD_FORMAT", "no data chunk");
  if (format !== PCM) throw new WavError("UNSUPPORTED", `audio format ${format} (only 1, integer PCM, is supported)`);
  if (bitsPerSample !== 16) throw new WavError("UNSUPPORTED", `${bitsPerSample} bits per sample (only 16 is supported)`);
  if (channels !== 1) throw new WavError("UNSUPPORTED", `${channels} channels (only mono is supported)`);
  if (sampleRate === 0) throw new WavError("BAD_FORMAT", "sample rate 0");
  if (blockAlign !== 2) throw new WavError("BAD_FORMAT", `block align ${blockAlign} for 16-bit mono (2 expected)`);
  if ((dataBytes & 1) !== 0) throw new WavError("BAD_FORMAT", `the data chunk has an odd size (${dataBytes} bytes) for 16-bit samples`);
  const count = dataBytes >> 1;
  const offset = bytes.byteOffset + dataAt;
  let samples: Int16Array;
  if ((offset & 1) === 0) {
    samples = new Int16Array(bytes.buffer, offset, count);
  } else {
    samples = new Int16Array(count);
    for (let i = 0; i < count; i++) samples[i] = view.getInt16(dataAt + 2 * i, true);
  }
  return { sampleRate, channels, bitsPerSample, samples, durationMs: (count * 1000) / sampleRate };
}
