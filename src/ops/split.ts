/**
 * SPLIT and SPLIT_V: one tensor cut along an axis into several outputs (SPLIT: equal parts;
 * SPLIT_V: the sizes of a constant size_splits, one of which may be -1 for the rest), for any
 * fixed-size element type. The axis is a constant tensor, as TFLM requires.
 */
import type { TensorSpec } from "../model/model";
import { BuiltinOperator } from "../model/schema";
import { type CopyPlan, constantInts, expectSameType, planCopy, runCopy, shapeText, unitFormat, unitsView } from "./movement";
import { type OpContext, type OpRegistration, type PreparedOp, optInt } from "./op";

/** The constant axis of a split, resolved against the input's rank. */
export function constantAxis(ctx: OpContext, t: TensorSpec, rank: number): number {
  const values = constantInts(ctx, t, "axis", false);
  if (values.length !== 1) ctx.fail("BAD_SHAPE", `axis '${t.name}' must hold one value, holds ${values.length}`);
  const axis = values[0]! < 0 ? values[0]! + rank : values[0]!;
  if (axis < 0 || axis >= rank) ctx.fail("BAD_SHAPE", `axis ${values[0]} is out of range for rank ${rank}`);
  return axis;
}

/**
 * Plans the copies of `input` into `outputs` along `axis`, output k taking sizes[k] positions;
 * each output must have the input's shape with sizes[k] at the axis (or, with `dropAxis`, without
 * the axis, sizes all 1: UNPACK).
 */
export function splitOp(ctx: OpContext, input: TensorSpec, outputs: readonly TensorSpec[], axis: number, sizes: readonly number[], dropAxis: boolean): PreparedOp {
  const fmt = unitFormat(ctx, input, "input");
  const shape = input.shape;
  let outer = 1, inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const plans: CopyPlan[] = [];
  let offset = 0;
  outputs.forEach((out, k) => {
    expectSameType(ctx, input, out);
    const expected = dropAxis ? shape.filter((_, d) => d !== axis) : shape.map((n, d) => (d === axis ? sizes[k]! : n));
    if (out.shape.length !== expected.length || out.shape.some((n, d) => n !== expected[d])) ctx.fail("BAD_SHAPE", `output ${k} '${out.name}' is ${shapeText(out.shape)}, expected ${shapeText(expected)}`);
    const chunk = sizes[k]! * inner;
    plans.push(planCopy(fmt, [outer, chunk], [shape[axis]! * inner, 1], [chunk, 1], offset, 0));
    offset += chunk;
  });
  return {
    macs: 0,
    bind(a) {
      const x = unitsView(a.bytes(input), fmt.unitBytes);
      const ys = outputs.map((t) => unitsView(a.bytes(t), fmt.unitBytes));
      const n = plans.length;
      return () => {
        for (let k = 0; k < n; k++) runCopy(plans[k]!, x, ys[k]!);
      };
    },
  };
}

function outputsOf(ctx: OpContext): TensorSpec[] {
  return Array.from({ length: ctx.outputCount }, (_, k) => ctx.output(k));
}

export const split: OpRegistration = {
  name: "SPLIT",
  builtinCode: BuiltinOperator.SPLIT,
  maxVersion: 4,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(2, 2, Math.max(1, ctx.outputCount));
    const input = ctx.input(1), outputs = outputsOf(ctx);
    const axis = constantAxis(ctx, ctx.input(0), input.shape.length);
    const n = optInt(ctx.options, 0, outputs.length);
    if (n !== outputs.length) ctx.fail("BAD_FORMAT", `num_splits ${n} differs from the ${outputs.length} outputs`);
    const size = input.shape[axis]!;
    if (size % n !== 0) ctx.fail("BAD_SHAPE", `dimension ${axis} of ${shapeText(input.shape)} does not split into ${n} equal parts`);
    return splitOp(ctx, input, outputs, axis, outputs.map(() => size / n), false);
  },
};

export const splitV: OpRegistration = {
  name: "SPLIT_V",
  builtinCode: BuiltinOperator.SPLIT_V,
  maxVersion: 2,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(3, 3, Math.max(1, ctx.outputCount));
    const input = ctx.input(0), outputs = outputsOf(ctx);
    const axis = constantAxis(ctx, ctx.input(2), input.shape.length);
    const sizes = constantInts(ctx, ctx.input(1), "size_splits", true);
    if (sizes.length !== outputs.length) ctx.fail("BAD_SHAPE", `size_splits holds ${sizes.length} sizes for ${outputs.length} outputs`);
    const unknown = sizes.filter((s) => s === -1).length;
    if (unknown > 1 || sizes.some((s) => s < -1)) ctx.fail("BAD_SHAPE", `size_splits [${sizes.join(", ")}] may hold one -1 and no other negative size`);
    const known = sizes.reduce((sum, s) => sum + (s === -1 ? 0 : s), 0);
    const size = input.shape[axis]!;
    const resolved = sizes.map((s) => (s === -1 ? size - known : s));
    if (resolved.some((s) => s < 0) || resolved.reduce((sum, s) => sum + s, 0) !== size) ctx.fail("BAD_SHAPE", `size_splits [${sizes.join(", ")}] do not add up to dimension ${axis} (${size})`);
    return splitOp(ctx, input, outputs, axis, resolved, false);
  },
};
