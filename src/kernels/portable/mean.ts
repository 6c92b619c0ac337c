/**
 * MEAN / SUM int8 and MEAN int16 kernels in portable TypeScript: TFLM's QuantizedMeanOrSum. Each output is the
 * int32 sum of its input values, minus input_zero_point * count, times the layer's multiplier
 * (MultiplyByQuantizedMultiplier, double rounding), plus the output zero point, clamped.
 */
import { multiplyByQuantizedMultiplier } from "../../math/fixed_point";
import { Mean } from "../layout";

export function meanInt8(p: Int32Array, input: Int8Array, output: Int8Array): void {
  meanQuantized(p, input, output);
}

/** int16 (TFLM's QuantizedMeanOrSum<int16_t, int32_t>: the same int32 sums, clamped to ACT_MIN..ACT_MAX). */
export function meanInt16(p: Int32Array, input: Int16Array, output: Int16Array): void {
  meanQuantized(p, input, output);
}

function meanQuantized(p: Int32Array, input: Int8Array | Int16Array, output: Int8Array | Int16Array): void {
  if (p[Mean.COUNT] === 0) {
    // TFLM returns early with every output 0 (not the zero point) when the input is empty.
    output.fill(0);
    return;
  }
  const zpSum = p[Mean.INPUT_ZP_SUM]!, outOffset = p[Mean.OUTPUT_OFFSET]!;
  const mult = p[Mean.MULTIPLIER]!, shift = p[Mean.SHIFT]!;
  const actMin = p[Mean.ACT_MIN]!, actMax = p[Mean.ACT_MAX]!;
  const K = Mean.KEPT, R = Mean.REDUCED;
  const k0 = p[K]!, k1 = p[K + 1]!, k2 = p[K + 2]!, k3 = p[K + 3]!;
  const ks0 = p[K + 4]!, ks1 = p[K + 5]!, ks2 = p[K + 6]!, ks3 = p[K + 7]!;
  const r0 = p[R]!, r1 = p[R + 1]!, r2 = p[R + 2]!, r3 = p[R + 3]!;
  const rs0 = p[R + 4]!, rs1 = p[R + 5]!, rs2 = p[R + 6]!, rs3 = p[R + 7]!;
  let o = 0;
  for (let a0 = 0; a0 < k0; a0++) {
    for (let a1 = 0; a1 < k1; a1++) {
      for (let a2 = 0; a2 < k2; a2++) {
        for (let a3 = 0; a3 < k3; a3++) {
          const base = a0 * ks0 + a1 * ks1 + a2 * ks2 + a3 * ks3;
          // Summed exactly in a double; the int32 wrap-around TFLM would have is applied below.
          let sum = 0;
          for (let b0 = 0; b0 < r0; b0++) {
            for (let b1 = 0; b1 < r1; b1++) {
              for (let b2 = 0; b2 < r2; b2++) {
                const row = base + b0 * rs0 + b1 * rs1 + b2 * rs2;
                for (let b3 = 0, i = row; b3 < r3; b3++, i += rs3) sum += input[i]!;
              }
            }
          }
          let v = multiplyByQuantizedMultiplier((sum - zpSum) | 0, mult, shift) + outOffset;
          v = v < actMin ? actMin : v > actMax ? actMax : v;
          output[o++] = v;
        }
      }
    }
  }
}
