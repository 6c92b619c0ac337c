/**
 * The reductions over constant axes, as TFLM micro's reduce kernels: MEAN and SUM (float32, and
 * int8 through the meanInt8 kernel with TFLM's QuantizedMeanOrSum arithmetic), REDUCE_MAX and
 * REDUCE_MIN (float32, int8 with identical input/output quantization). keep_dims keeps reduced
 * dimensions as 1s; the model's output shape must be exactly the reduced shape.
 */
import { quantizeMultiplier } from "../math/fixed_point";
import { Mean } from "../kernels/layout";
import type { TensorSpec } from "../model/model";
import { BuiltinOperator, TensorType } from "../model/schema";
import { constantInts, expectSameType, quantOf, shapeText, stridesOf } from "./movement";
import { type OpContext, type OpRegistration, type PreparedOp, optBool } from "./op";

const Opt = Object.freeze({ keepDims: 0 } as const);

const Kind = Object.freeze({ MEAN: 0, SUM: 1, MAX: 2, MIN: 3 } as const);
type Kind = (typeof Kind)[keyof typeof Kind];

/** Largest finite float32 (std::numeric_limits<float>::max()): TFLM's initial value of REDUCE_MIN, negated for REDUCE_MAX. */
const FLT_MAX = 3.4028234663852886e38;

interface Reduction {
  /** The packed Mean layout (groups, count; quantization filled in by the caller). */
  p: Int32Array;
  count: number;
  /** The axis tensor's raw values (TFLM's special 4-D float path looks at them as written). */
  rawAxes: number[];
  keepDims: boolean;
}

/** Validates the axes and the output shape and lays the input out as kept and reduced groups. */
function planReduction(ctx: OpContext, input: TensorSpec, axisTensor: TensorSpec, output: TensorSpec): Reduction {
  const rank = input.shape.length;
  // TFLM requires an int32 axis tensor.
  const rawAxes = constantInts(ctx, axisTensor, "axis", false);
  const reduced = new Array<boolean>(rank).fill(false);
  // TFLM's ResolveAxis ignores the axes of a scalar input; elsewhere negative axes count from the end, duplicates once.
  if (rank > 0) {
    for (const a of rawAxes) {
      const r = a < 0 ? a + rank : a;
      if (r < 0 || r >= rank) ctx.fail("BAD_SHAPE", `axis ${a} is out of range for rank ${rank}`);
      reduced[r] = true;
    }
  }
  const keepDims = optBool(ctx.options, Opt.keepDims, false);
  const expected: number[] = [];
  input.shape.forEach((d, i) => {
    if (!reduced[i]) expected.push(d);
    else if (keepDims) expected.push(1);
  });
  if (expected.length !== output.shape.length || expected.some((d, i) => d !== output.shape[i])) {
    ctx.fail("BAD_SHAPE", `output is ${shapeText(output.shape)}, reducing ${shapeText(input.shape)} over [${rawAxes.join(", ")}]${keepDims ? " keeping dims" : ""} gives ${shapeText(expected)}`);
  }

  // Groups of adjacent dimensions of one kind (size-1 dimensions dropped): row-major runs.
  const strides = stridesOf(input.shape);
  const kept: [number, number][] = [], red: [number, number][] = [];
  let count = 1, lastKind = -1;
  for (let i = 0; i < rank; i++) {
    const size = input.shape[i]!;
    if (reduced[i]) count *= size;
    if (size === 1) continue;
    const groups = reduced[i] ? red : kept;
    const kind = reduced[i] ? 1 : 0;
    if (kind === lastKind) {
      const g = groups[groups.length - 1]!;
      g[0] *= size;
      g[1] = strides[i]!;
    } else {
      groups.push([size, strides[i]!]);
    }
    lastKind = kind;
  }
  if (kept.length > 4 || red.length > 4) ctx.fail("BAD_SHAPE", `reducing ${shapeText(input.shape)} over [${rawAxes.join(", ")}] alternates too often`);
  // An empty input: TFLM's integer path writes 0s, its sums stay 0.
  if (input.elements === 0) count = 0;
  const p = new Int32Array(Mean.HEADER);
  p[Mean.COUNT] = count;
  const fill = (at: number, groups: [number, number][]) => {
    const pad = 4 - groups.length;
    for (let g = 0; g < 4; g++) {
      const grp = g < pad ? null : groups[g - pad]!;
      p[at + g] = grp === null ? 1 : grp[0];
      p[at + 4 + g] = grp === null ? 0 : grp[1];
    }
  };
  fill(Mean.KEPT, kept);
  fill(Mean.REDUCED, red);
  return { p, count, rawAxes, keepDims };
}

/**
 * TFLM's QuantizedMeanOrSum constants: the multiplier of input_scale / output_scale and, for MEAN,
 * the division by the count folded into it: shift = min(floor(log2(count)), 32, 31 + shift),
 * multiplier = (multiplier << shift) / count in 64-bit integers (truncating), shift -= shift.
 */
export function meanMultiplier(inputScale: number, outputScale: number, count: number, isMean: boolean): { multiplier: number; shift: number } {
  const q = quantizeMultiplier(inputScale / outputScale);
  if (!isMean || count <= 0) return q;
  let s = Math.floor(Math.log2(count));
  // log2 of an integer can round up just below a power of two: step back to the exact floor.
  while (s > 0 && 2 ** s > count) s--;
  while (2 ** (s + 1) <= count) s++;
  s = Math.min(s, 32, 31 + q.shift);
  if (s < 0) s = 0;
  return { multiplier: shiftedQuotient(q.multiplier, s, count), shift: q.shift - s };
}

/**
 * (m << s) / count in 64-bit integers, truncating toward zero, without BigInt (Espruino has none):
 * one bit of the shift at a time, the remainder always below count. Exact for |m| < 2^31, s <= 32 and
 * count < 2^52 while the quotient stays below 2^53 (meanMultiplier's is below 2^31: 2^s <= count).
 */
export function shiftedQuotient(m: number, s: number, count: number): number {
  const a = Math.abs(m);
  let q = Math.floor(a / count);
  let r = a - q * count;
  for (let i = 0; i < s; i++) {
    q *= 2;
    r *= 2;
    if (r >= count) {
      r -= count;
      q++;
    }
  }
  return m < 0 ? -q : q;
}

/** The float (and int8 max/min) reductions over the Mean layout, in TFLM's order of accumulation. */
function reduceValues(p: Int32Array, x: Float32Array | Int8Array, y: Float32Array | Int8Array, kind: Kind, init: number, divisor: number): void {
  const f = Math.fround;
  const empty = p[Mean.COUNT] === 0;
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
          let acc = init;
          if (!empty) {
            for (let b0 = 0; b0 < r0; b0++) {
              for (let b1 = 0; b1 < r1; b1++) {
                for (let b2 = 0; b2 < r2; b2++) {
                  const row = base + b0 * rs0 + b1 * rs1 + b2 * rs2;
                  if (kind === Kind.MAX) {
                    for (let b3 = 0, i = row; b3 < r3; b3++, i += rs3) { const v = x[i]!; if (v > acc) acc = v; }
                  } else if (kind === Kind.MIN) {
                    for (let b3 = 0, i = row; b3 < r3; b3++, i += rs3) { const v = x[i]!; if (v < acc) acc = v; }
                  } else {
                    for (let b3 = 0, i = row; b3 < r3; b3++, i += rs3) acc = f(acc + x[i]!);
                  }
                }
              }
            }
          }
          y[o++] = divisor === 1 ? acc : f(acc / divisor);
        }
      }
    }
  }
}

function prepareReduce(ctx: OpContext, kind: Kind): PreparedOp {
  ctx.expectCounts(2, 2, 1);
  const input = ctx.input(0), axisTensor = ctx.input(1), output = ctx.output(0);
  if (kind === Kind.MEAN) ctx.expectType(input, "input", TensorType.FLOAT32, TensorType.INT8, TensorType.INT16);
  else ctx.expectType(input, "input", TensorType.FLOAT32, TensorType.INT8);
  expectSameType(ctx, input, output);
  const { p, count, rawAxes, keepDims } = planReduction(ctx, input, axisTensor, output);
  const k = ctx.kernels;
  const macs = input.elements;

  // Current TFLM runs every int8 MEAN through QuantizedMeanOrSum; older versions had a 4-D H,W path
  // (until Nov 2022) and an integer-division path for equal input/output quantization (until Apr 2023).
  const int16 = input.type === TensorType.INT16;
  if (int16 || (input.type === TensorType.INT8 && (kind === Kind.MEAN || kind === Kind.SUM))) {
    const inQ = ctx.quant(input, "input"), outQ = ctx.quant(output, "output");
    if (!(outQ.scale > 0)) ctx.fail("BAD_QUANTIZATION", `output '${output.name}' has scale ${outQ.scale}`);
    const m = meanMultiplier(inQ.scale, outQ.scale, count, kind === Kind.MEAN);
    // (sum - zp * count) is formed in int64 and cast to int32 by TFLM: the same value modulo 2^32,
    // which is what Math.imul gives.
    p[Mean.INPUT_ZP_SUM] = Math.imul(inQ.zeroPoint, count);
    p[Mean.OUTPUT_OFFSET] = outQ.zeroPoint;
    p[Mean.MULTIPLIER] = m.multiplier;
    p[Mean.SHIFT] = m.shift;
    p[Mean.ACT_MIN] = int16 ? -32768 : -128;
    p[Mean.ACT_MAX] = int16 ? 32767 : 127;
    if (int16) {
      return {
        macs,
        bind(a) {
          return k.meanInt16.bind(null, p, a.int16(input), a.int16(output));
        },
      };
    }
    return {
      macs,
      bind(a) {
        const x = a.int8(input), y = a.int8(output);
        return () => k.meanInt8(p, x, y);
      },
    };
  }

  if (input.type === TensorType.INT8) {
    // TFLM: int8 max/min need the output quantized exactly like the input.
    const iq = quantOf(input), oq = quantOf(output);
    if (iq.scale !== oq.scale || iq.zeroPoint !== oq.zeroPoint) ctx.fail("BAD_QUANTIZATION", "input and output quantization differ");
    const init = kind === Kind.MAX ? -128 : 127;
    return {
      macs,
      bind(a) {
        const x = a.int8(input), y = a.int8(output);
        return () => reduceValues(p, x, y, kind, init, 1);
      },
    };
  }

  let init = 0, divisor = 1;
  if (kind === Kind.MAX) init = -FLT_MAX;
  if (kind === Kind.MIN) init = FLT_MAX;
  if (kind === Kind.MEAN) {
    // Sum / float(count); an empty reduction keeps the 0 sums, except TFLM's special 4-D path for
    // keep_dims over axes {1, 2} as written, which divides 0 by 0.
    const special = keepDims && input.shape.length === 4 && rawAxes.length === 2 && ((rawAxes[0] === 1 && rawAxes[1] === 2) || (rawAxes[0] === 2 && rawAxes[1] === 1));
    if (count > 0) divisor = Math.fround(count);
    else if (special) divisor = 0;
  }
  return {
    macs,
    bind(a) {
      const x = a.float32(input), y = a.float32(output);
      return () => reduceValues(p, x, y, kind, init, divisor);
    },
  };
}

export const mean: OpRegistration = {
  name: "MEAN",
  builtinCode: BuiltinOperator.MEAN,
  maxVersion: 3,
  prepare: (ctx) => prepareReduce(ctx, Kind.MEAN),
};

export const sum: OpRegistration = {
  name: "SUM",
  builtinCode: BuiltinOperator.SUM,
  maxVersion: 2,
  prepare: (ctx) => prepareReduce(ctx, Kind.SUM),
};

export const reduceMax: OpRegistration = {
  name: "REDUCE_MAX",
  builtinCode: BuiltinOperator.REDUCE_MAX,
  maxVersion: 3,
  prepare: (ctx) => prepareReduce(ctx, Kind.MAX),
};

export const reduceMin: OpRegistration = {
  name: "REDUCE_MIN",
  builtinCode: BuiltinOperator.REDUCE_MIN,
  maxVersion: 3,
  prepare: (ctx) => prepareReduce(ctx, Kind.MIN),
};
