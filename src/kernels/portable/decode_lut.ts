/**
 * TFLM_DECODE's LUT decoding (layout DecodeLut): bit-packed indices into per-channel value tables,
 * written out as the tensor the consuming op reads. Works on bytes, so one loop serves every
 * element type; int8 (one byte an element) has its own loop.
 */
import { DecodeLut } from "../layout";

/** The BIT_WIDTH-bit index (1..8) starting at bit `bit` of `encoded`, big-endian bit order. */
function indexAt(encoded: Uint8Array, bit: number, width: number, mask: number): number {
  const byte = bit >> 3;
  // An index of up to 8 bits spans at most two bytes; past the end reads as 0 (the bits are not used).
  const two = (encoded[byte]! << 8) | (byte + 1 < encoded.length ? encoded[byte + 1]! : 0);
  return (two >> (16 - width - (bit & 7))) & mask;
}

export function decodeLut(p: Int32Array, encoded: Uint8Array, ancillary: Uint8Array, output: Uint8Array): void {
  const count = p[DecodeLut.COUNT]!, width = p[DecodeLut.BIT_WIDTH]!, channels = p[DecodeLut.CHANNELS]!;
  const stride = p[DecodeLut.STRIDE]!, size = p[DecodeLut.ELEMENT_BYTES]!, values = p[DecodeLut.VALUE_OFFSET]!;
  const mask = (1 << width) - 1;
  const alternate = p[DecodeLut.ALTERNATE]! !== 0;
  const perChannel = p[DecodeLut.CHANNEL_ELEMENTS]!;
  let bit = 0;
  if (size === 1) {
    if (alternate) {
      for (let i = 0, c = 0; i < count; i++, bit += width) {
        output[i] = ancillary[values + c * stride + indexAt(encoded, bit, width, mask)]!;
        if (++c === channels) c = 0;
      }
      return;
    }
    for (let c = 0, i = 0; c < channels; c++) {
      const table = values + c * stride;
      for (let j = 0; j < perChannel; j++, i++, bit += width) output[i] = ancillary[table + indexAt(encoded, bit, width, mask)]!;
    }
    return;
  }
  for (let i = 0; i < count; i++, bit += width) {
    const c = alternate ? i % channels : Math.floor(i / perChannel);
    const from = values + (c * stride + indexAt(encoded, bit, width, mask)) * size, to = i * size;
    for (let k = 0; k < size; k++) output[to + k] = ancillary[from + k]!;
  }
}
