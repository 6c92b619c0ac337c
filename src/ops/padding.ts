/** Output sizes and padding of windowed ops (conv, depthwise, pooling), as TFLM computes them. */
import { Padding } from "../model/schema";
import type { OpContext } from "./op";

/** The window geometry every host accepts: the native kernels' bounds (TINYML_MAX_DIM, TINYML_MAX_PAD). */
export const MAX_WINDOW_DIM = 0x3fffffff;
export const MAX_PADDING = 0xffffff;

/**
 * Fails (BAD_FORMAT) unless one axis of a window is within those bounds: stride and dilation,
 * the padding, and the last input coordinate the window reaches, (out - 1) * stride + (filter - 1) * dilation.
 */
export function checkWindowAxis(ctx: OpContext, axis: string, out: number, stride: number, filter: number, dilation: number, pad: number): void {
  if (stride > MAX_WINDOW_DIM || dilation > MAX_WINDOW_DIM) ctx.fail("BAD_FORMAT", `${axis} stride ${stride} / dilation ${dilation} exceed ${MAX_WINDOW_DIM}`);
  if (pad > MAX_PADDING) ctx.fail("BAD_FORMAT", `${axis} padding ${pad} exceeds ${MAX_PADDING}`);
  if ((out - 1) * stride + (filter - 1) * dilation > MAX_WINDOW_DIM) ctx.fail("BAD_FORMAT", `${axis} window reaches beyond ${MAX_WINDOW_DIM}`);
}

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
