/** BATCH_MATMUL kernels in portable TypeScript: TFLM's reference sums (k ascending), int8 requantized as its fully connected, float32 in float32. */
import { BatchMatMul } from "../layout";
import { multiplyByQuantizedMultiplier } from "../../math/fixed_point";

export function batchMatMulInt8(p: Int32Array, lhs: Int8Array, rhs: Int8Array, output: Int8Array): void {
  const batches = p[BatchMatMul.BATCHES]!, rows = p[BatchMatMul.ROWS]!, depth = p[BatchMatMul.DEPTH]!, cols = p[BatchMatMul.COLS]!;
  const adjX = p[BatchMatMul.ADJ_X]! !== 0, adjY = p[BatchMatMul.ADJ_Y]! !== 0;
  const lo = p[BatchMatMul.LHS_OFFSET]!, ro = p[BatchMatMul.RHS_OFFSET]!, oo = p[BatchMatMul.OUTPUT_OFFSET]!;
  const m = p[BatchMatMul.MULTIPLIER]!, s = p[BatchMatMul.SHIFT]!, min = p[BatchMatMul.ACT_MIN]!, max = p[BatchMatMul.ACT_MAX]!;
  // Element (i, k) of lhs and (k, j) of rhs: steps along i / k and k / j.
  const li = adjX ? 1 : depth, lk = adjX ? rows : 1, rk = adjY ? 1 : cols, rj = adjY ? depth : 1;
  for (let b = 0; b < batches; b++) {
    const lBase = p[BatchMatMul.HEADER + b]!, rBase = p[BatchMatMul.HEADER + batches + b]!, oBase = b * rows * cols;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        let acc = 0;
        for (let k = 0; k < depth; k++) acc += (lhs[lBase + i * li + k * lk]! + lo) * (rhs[rBase + k * rk + j * rj]! + ro);
        const v = multiplyByQuantizedMultiplier(acc | 0, m, s) + oo;
        output[oBase + i * cols + j] = v < min ? min : v > max ? max : v;
      }
    }
  }
}

export function batchMatMulFloat32(p: Int32Array, lhs: Float32Array, rhs: Float32Array, output: Float32Array): void {
  const batches = p[BatchMatMul.BATCHES]!, rows = p[BatchMatMul.ROWS]!, depth = p[BatchMatMul.DEPTH]!, cols = p[BatchMatMul.COLS]!;
  const adjX = p[BatchMatMul.ADJ_X]! !== 0, adjY = p[BatchMatMul.ADJ_Y]! !== 0;
  const li = adjX ? 1 : depth, lk = adjX ? rows : 1, rk = adjY ? 1 : cols, rj = adjY ? depth : 1;
  const f = Math.fround;
  for (let b = 0; b < batches; b++) {
    const lBase = p[BatchMatMul.HEADER + b]!, rBase = p[BatchMatMul.HEADER + batches + b]!, oBase = b * rows * cols;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        let acc = 0;
        for (let k = 0; k < depth; k++) acc = f(acc + f(lhs[lBase + i * li + k * lk]! * rhs[rBase + k * rk + j * rj]!));
        output[oBase + i * cols + j] = acc;
      }
    }
  }
}
