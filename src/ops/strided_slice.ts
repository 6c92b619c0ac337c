/**
 * STRIDED_SLICE for any fixed-size element type, up to 5-D: constant begin/end/strides (int32 or
 * int64), begin_mask, end_mask, shrink_axis_mask, negative indices and strides, and the offset
 * option, with TFLM's start/stop clamping rules. TFLM micro forces ellipsis_mask and
 * new_axis_mask to 0 (it silently ignores them), so models using them are refused here.
 */
import { BuiltinOperator } from "../model/schema";
import { constantInts, expectSameType, planCopy, runCopy, shapeText, stridesOf, unitFormat, unitsView } from "./movement";
import { type OpContext, type OpRegistration, type PreparedOp, optBool, optInt } from "./op";

const Opt = Object.freeze({ beginMask: 0, endMask: 1, ellipsisMask: 2, newAxisMask: 3, shrinkAxisMask: 4, offset: 5 } as const);

/** TFLM's reference strided slice works on shapes padded to 5 dimensions. */
const MAX_RANK = 5;

function clampInt(v: number, lo: number, hi: number): number {
  return v > hi ? hi : v < lo ? lo : v;
}

/** One axis of a slice: where it starts, its step, how many elements it takes. */
export interface AxisSlice {
  start: number;
  stride: number;
  count: number;
}

/**
 * The elements one axis takes, as TFLM's reference computes start and stop: negative indices
 * count from the end, then clamp to [0, size] going forward or [-1, size - 1] going backward,
 * and the masks replace the index by the first/last one of the iteration direction.
 */
export function sliceAxis(size: number, begin: number, end: number, stride: number, beginMask: boolean, endMask: boolean, offset: boolean): AxisSlice {
  let start = begin;
  if (start < 0) start += size;
  start = stride > 0 ? clampInt(start, 0, size) : clampInt(start, -1, size - 1);
  if (beginMask) start = stride > 0 ? 0 : size - 1;
  // With the offset option, end is relative to the (adjusted) start.
  let stop = offset ? end + start : end;
  if (stop < 0) stop += size;
  stop = stride > 0 ? clampInt(stop, 0, size) : clampInt(stop, -1, size - 1);
  if (endMask) stop = stride > 0 ? size : -1;
  // Same as TFLM's ceil((stop - start) / stride) clamped at 0, in exact integers.
  const span = stride > 0 ? stop - start : start - stop;
  const step = Math.abs(stride);
  const count = span <= 0 ? 0 : Math.floor((span + step - 1) / step);
  return { start, stride, count };
}

export const stridedSlice: OpRegistration = {
  name: "STRIDED_SLICE",
  builtinCode: BuiltinOperator.STRIDED_SLICE,
  maxVersion: 8,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(4, 4, 1);
    const input = ctx.input(0), output = ctx.output(0);
    expectSameType(ctx, input, output);
    const fmt = unitFormat(ctx, input, "input");
    const rank = input.shape.length;
    if (rank > MAX_RANK) ctx.fail("BAD_SHAPE", `input has rank ${rank}; at most ${MAX_RANK} is supported`);
    const o = ctx.options;
    if (optInt(o, Opt.ellipsisMask, 0) !== 0) ctx.fail("UNSUPPORTED_OP", "ellipsis_mask is not supported (TFLM micro ignores it)");
    if (optInt(o, Opt.newAxisMask, 0) !== 0) ctx.fail("UNSUPPORTED_OP", "new_axis_mask is not supported (TFLM micro ignores it)");
    const beginMask = optInt(o, Opt.beginMask, 0), endMask = optInt(o, Opt.endMask, 0), shrinkMask = optInt(o, Opt.shrinkAxisMask, 0);
    const offset = optBool(o, Opt.offset, false);
    const vectors = ["begin", "end", "strides"].map((what, i) => {
      const t = ctx.input(i + 1);
      const v = constantInts(ctx, t, what, true);
      if (v.length !== rank || t.shape.length > 1) ctx.fail("BAD_SHAPE", `${what} ${shapeText(t.shape)} must be a vector of ${rank} values`);
      return v;
    });
    const [begins, ends, strides] = vectors as [number[], number[], number[]];

    const inStrides = stridesOf(input.shape);
    const counts: number[] = [], srcSteps: number[] = [], kept: number[] = [];
    let srcBase = 0;
    for (let a = 0; a < rank; a++) {
      const size = input.shape[a]!, stride = strides[a]!, bit = 1 << a;
      if (stride === 0) ctx.fail("BAD_FORMAT", `stride of axis ${a} is 0`);
      const shrink = (shrinkMask & bit) !== 0;
      const s = sliceAxis(size, begins[a]!, ends[a]!, stride, (beginMask & bit) !== 0, (endMask & bit) !== 0, offset);
      if (shrink) {
        // TFLM takes the one element [start, start + 1) stepping by the stride: nothing at all when
        // the stride is negative or the index is past the end, which leaves the output unwritten.
        if (stride < 0) ctx.fail("BAD_FORMAT", `axis ${a} is shrunk with a negative stride`);
        if (s.start >= size) ctx.fail("BAD_SHAPE", `index ${begins[a]} of shrunk axis ${a} is out of range for size ${size}`);
        s.count = 1;
      } else {
        kept.push(s.count);
      }
      counts.push(s.count);
      srcSteps.push(s.count > 0 ? stride * inStrides[a]! : 0);
      srcBase += s.count > 0 ? s.start * inStrides[a]! : 0;
    }
    if (kept.length !== output.shape.length || kept.some((d, i) => d !== output.shape[i])) {
      ctx.fail("BAD_SHAPE", `output is ${shapeText(output.shape)}, the slice of ${shapeText(input.shape)} is ${shapeText(kept)}`);
    }
    const plan = planCopy(fmt, counts, srcSteps, stridesOf(counts), srcBase, 0);
    return {
      macs: 0,
      bind(a) {
        const x = unitsView(a.bytes(input), fmt.unitBytes), y = unitsView(a.bytes(output), fmt.unitBytes);
        return () => runCopy(plan, x, y);
      },
    };
  },
};
