/** Output sizes and padding of windowed ops (conv, depthwise, pooling), as TFLM computes them. */
import { Padding } from "../model/schema";

export function computeOutSize(padding: number, inSize: number, filterSize: number, stride: number, dilation = 1): number {
  const effective = (filterSize - 1) * dilation + 1;
  if (stride <= 0) return 0;
  return padding === Padding.SAME ? Math.floor((inSize + stride - 1) / stride) : Math.floor((inSize + stride - effective) / stride);
}

/** Padding before the first element: half the total, rounded down (the extra one goes after). */
export function computePadding(stride: number, dilation: number, inSize: number, filterSize: number, outSize: number): number {
  const effective = (filterSize - 1) * dilation + 1;
  const total = Math.max(0, (outSize - 1) * stride + effective - inSize);
  return Math.floor(total / 2);
}
