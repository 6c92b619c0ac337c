/**
 * Shared by the data-movement ops (PAD, CONCATENATION, STRIDED_SLICE, TRANSPOSE, SQUEEZE...):
 * elements moved as 1, 2 or 4-byte "units" whatever their type, strided copies planned once at
 * prepare time and run without allocating, and constant index tensors read from the model bytes.
 */
import type { TensorSpec } from "../model/model";
import { TensorType, tensorTypeName, tensorTypeSize } from "../model/schema";
import type { OpContext } from "./op";

/** The typed views elements are moved through: values are copied, never interpreted. */
export type Units = Uint8Array | Uint16Array | Uint32Array;

/** How a type's elements move: as `unitBytes`-byte units, `perElement` of them per element (8-byte types are two 4-byte units). */
export interface UnitFormat {
  readonly unitBytes: 1 | 2 | 4;
  readonly perElement: number;
}

/** The unit format of a tensor type, failing (BAD_TYPE) for types without a fixed element size. */
export function unitFormat(ctx: OpContext, t: TensorSpec, what: string): UnitFormat {
  const size = tensorTypeSize(t.type);
  if (size <= 0) ctx.fail("BAD_TYPE", `${what} '${t.name}' has type ${tensorTypeName(t.type)}, which has no fixed element size`);
  const unitBytes = size >= 4 ? 4 : (size as 1 | 2);
  return { unitBytes, perElement: size / unitBytes };
}

/**
 * A units view of the same memory as `bytes`. Arena views are 16-byte aligned; a constant whose
 * view is not aligned to the unit (possible for types the interpreter does not align, such as
 * complex64) is viewed through a one-time copy, which is fine as constants are only read.
 */
export function unitsView(bytes: Uint8Array, unitBytes: 1 | 2 | 4): Units {
  if (unitBytes === 1) return bytes;
  if (bytes.byteOffset % unitBytes !== 0) bytes = bytes.slice();
  if (unitBytes === 2) return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
}

/** Fails unless input and output have the same type. */
export function expectSameType(ctx: OpContext, input: TensorSpec, output: TensorSpec): void {
  if (input.type !== output.type) ctx.fail("BAD_TYPE", `input and output types differ (${tensorTypeName(input.type)} vs ${tensorTypeName(output.type)})`);
}

/** A tensor's per-tensor scale and zero point, 0 and 0 when it is not quantized (as TFLM's params read). */
export function quantOf(t: TensorSpec): { scale: number; zeroPoint: number } {
  const q = t.quantization;
  return q === null || q.scale.length === 0 ? { scale: 0, zeroPoint: 0 } : { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0]! };
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * The values of a constant int32 (or, with allowInt64, int64) tensor, read from the model bytes.
 * int64 values outside the int32 range saturate to it (every index rule clamps such values anyway).
 */
export function constantInts(ctx: OpContext, t: TensorSpec, what: string, allowInt64: boolean): number[] {
  if (t.type !== TensorType.INT32 && !(allowInt64 && t.type === TensorType.INT64)) {
    ctx.fail("BAD_TYPE", `${what} '${t.name}' must be int32${allowInt64 ? " or int64" : ""}, is ${tensorTypeName(t.type)}`);
  }
  // An empty tensor has no buffer to be constant with.
  if (t.elements === 0) return [];
  const data = ctx.expectConstant(t, what);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Array<number>(t.elements);
  for (let i = 0; i < t.elements; i++) {
    if (t.type === TensorType.INT32) {
      out[i] = view.getInt32(4 * i, true);
    } else {
      const v = view.getInt32(8 * i + 4, true) * 4294967296 + view.getUint32(8 * i, true);
      out[i] = v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : v;
    }
  }
  return out;
}

/** Row-major strides (in elements) of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Shape as text for messages. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * A strided copy planned at prepare time: for every index (i0..ir) of `counts`, in row-major
 * order, dst[dstBase + sum(i * dstStep)] = src[srcBase + sum(i * srcStep)]. Steps are in units.
 */
export interface CopyPlan {
  readonly rank: number;
  readonly counts: Int32Array;
  readonly srcSteps: Int32Array;
  readonly dstSteps: Int32Array;
  readonly srcBase: number;
  readonly dstBase: number;
  /** Units copied (0: nothing to do). */
  readonly total: number;
  /** The odometer, reused by every run. */
  readonly index: Int32Array;
}

/**
 * Plans a strided copy of elements; steps and bases are in elements and become units here (each
 * element gets a trailing axis of `perElement` contiguous units). Axes of count 1 are dropped and
 * axes contiguous in both source and destination are merged, so plain runs copy in one loop.
 */
export function planCopy(
  fmt: UnitFormat,
  counts: readonly number[],
  srcSteps: readonly number[],
  dstSteps: readonly number[],
  srcBase: number,
  dstBase: number,
): CopyPlan {
  const c: number[] = [], s: number[] = [], d: number[] = [];
  let total = fmt.perElement;
  const push = (n: number, ss: number, ds: number) => {
    total *= n;
    if (n === 1) return;
    const k = c.length - 1;
    // Merge with the previous axis when stepping it is the same as running this one further.
    if (k >= 0 && s[k] === ss * n && d[k] === ds * n) {
      c[k] = c[k]! * n;
      s[k] = ss;
      d[k] = ds;
      return;
    }
    c.push(n);
    s.push(ss);
    d.push(ds);
  };
  const p = fmt.perElement;
  for (let i = 0; i < counts.length; i++) push(counts[i]!, srcSteps[i]! * p, dstSteps[i]! * p);
  push(p, 1, 1);
  if (c.length === 0) {
    c.push(1);
    s.push(1);
    d.push(1);
  }
  return {
    rank: c.length,
    counts: Int32Array.from(c),
    srcSteps: Int32Array.from(s),
    dstSteps: Int32Array.from(d),
    srcBase: srcBase * p,
    dstBase: dstBase * p,
    total,
    index: new Int32Array(c.length),
  };
}

/** Runs a planned copy. Allocates nothing. */
export function runCopy(plan: CopyPlan, src: Units, dst: Units): void {
  if (plan.total === 0) return;
  const last = plan.rank - 1;
  const counts = plan.counts, srcSteps = plan.srcSteps, dstSteps = plan.dstSteps, index = plan.index;
  const n = counts[last]!, ss = srcSteps[last]!, ds = dstSteps[last]!;
  index.fill(0);
  let si = plan.srcBase, di = plan.dstBase;
  for (;;) {
    if (ss === 1 && ds === 1) {
      for (let k = 0; k < n; k++) dst[di + k] = src[si + k]!;
    } else {
      for (let k = 0, a = si, b = di; k < n; k++, a += ss, b += ds) dst[b] = src[a]!;
    }
    let axis = last - 1;
    for (; axis >= 0; axis--) {
      si += srcSteps[axis]!;
      di += dstSteps[axis]!;
      if (++index[axis]! < counts[axis]!) break;
      si -= srcSteps[axis]! * counts[axis]!;
      di -= dstSteps[axis]! * counts[axis]!;
      index[axis] = 0;
    }
    if (axis < 0) return;
  }
}

/**
 * A function copying a whole tensor's bytes to another of the same size, made at bind time. Within
 * one buffer (the arena) it uses copyWithin: TypedArray.prototype.set clones its source when both
 * share a buffer, which would allocate on every invoke. A no-op when they are the same memory.
 */
export function byteCopier(src: Uint8Array, dst: Uint8Array): () => void {
  if (src.buffer !== dst.buffer) return () => dst.set(src);
  if (src.byteOffset === dst.byteOffset) return () => {};
  const whole = new Uint8Array(dst.buffer as ArrayBuffer);
  const from = src.byteOffset, to = from + src.byteLength, at = dst.byteOffset;
  return () => {
    whole.copyWithin(at, from, to);
  };
}
