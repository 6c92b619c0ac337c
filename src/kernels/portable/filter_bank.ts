/**
 * SignalFilterBank: TFLM's FilterbankAccumulateChannels. Each spectrum bin of a channel's band is
 * weighted into that channel and "unweighted" (by 1 - weight) into the next one, accumulated in
 * uint64 (the weights are int16 converted to uint64, so everything wraps modulo 2^64). Channel 0 is
 * TFLM's scratch and is dropped: `output` gets channels 1..NUM_CHANNELS as uint64 values stored
 * little-endian as (low, high) uint32 pairs. Band layout packed in `p` (layout FilterBank).
 */
import { FilterBank } from "../layout";

const TWO_32 = 4294967296;

export function filterBankUint32(p: Int32Array, input: Uint32Array, weights: Int16Array, unweights: Int16Array, output: Uint32Array): void {
  const n = p[FilterBank.NUM_CHANNELS]! + 1;
  const starts = FilterBank.HEADER, weightStarts = starts + n, widths = weightStarts + n;
  // Two uint64 accumulators, each as exact doubles in [0, 2^32): the weighted and the unweighted sum.
  let wLo = 0, wHi = 0, uLo = 0, uHi = 0;
  for (let i = 0; i < n; i++) {
    const f0 = p[starts + i]!, w0 = p[weightStarts + i]!, width = p[widths + i]!;
    for (let j = 0; j < width; j++) {
      const x = input[f0 + j]!;
      // |weight * x| < 2^47: exact; its floor-division by 2^32 splits it into 64-bit two's complement words.
      let prod = weights[w0 + j]! * x;
      let hi = Math.floor(prod / TWO_32);
      wLo += prod - hi * TWO_32;
      if (wLo >= TWO_32) {
        wLo -= TWO_32;
        hi += 1;
      }
      wHi = (wHi + hi) >>> 0;
      prod = unweights[w0 + j]! * x;
      hi = Math.floor(prod / TWO_32);
      uLo += prod - hi * TWO_32;
      if (uLo >= TWO_32) {
        uLo -= TWO_32;
        hi += 1;
      }
      uHi = (uHi + hi) >>> 0;
    }
    if (i > 0) {
      output[2 * (i - 1)] = wLo;
      output[2 * (i - 1) + 1] = wHi;
    }
    wLo = uLo;
    wHi = uHi;
    uLo = 0;
    uHi = 0;
  }
}
