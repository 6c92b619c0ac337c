/**
 * PACK and UNPACK: tensors of one shape stacked along a new axis (PACK), or a tensor taken apart
 * along one (UNPACK), for any fixed-size element type.
 */
import { BuiltinOperator } from "../model/schema";
import { type CopyPlan, expectSameType, planCopy, runCopy, shapeText, unitFormat, unitsView } from "./movement";
import { type OpContext, type OpRegistration, type PreparedOp, optInt } from "./op";
import { splitOp } from "./split";

const Opt = Object.freeze({ count: 0, axis: 1 } as const);

export const pack: OpRegistration = {
  name: "PACK",
  builtinCode: BuiltinOperator.PACK,
  maxVersion: 3,
  prepare(ctx: OpContext): PreparedOp {
    const n = ctx.inputCount;
    ctx.expectCounts(1, Math.max(1, n), 1);
    const inputs = Array.from({ length: n }, (_, i) => ctx.input(i)), output = ctx.output(0);
    const count = optInt(ctx.options, Opt.count, n);
    if (count !== n) ctx.fail("BAD_FORMAT", `values_count ${count} differs from the ${n} inputs`);
    const shape = inputs[0]!.shape;
    const rank = shape.length + 1;
    const raw = optInt(ctx.options, Opt.axis, 0);
    const axis = raw < 0 ? raw + rank : raw;
    if (axis < 0 || axis >= rank) ctx.fail("BAD_SHAPE", `axis ${raw} is out of range for rank ${rank}`);
    const fmt = unitFormat(ctx, output, "output");
    for (const t of inputs) {
      expectSameType(ctx, t, output);
      if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) ctx.fail("BAD_SHAPE", `input '${t.name}' is ${shapeText(t.shape)}, the first input ${shapeText(shape)}`);
    }
    const expected = [...shape.slice(0, axis), n, ...shape.slice(axis)];
    if (output.shape.length !== rank || output.shape.some((d, i) => d !== expected[i])) ctx.fail("BAD_SHAPE", `output is ${shapeText(output.shape)}, expected ${shapeText(expected)}`);
    let outer = 1, inner = 1;
    for (let d = 0; d < axis; d++) outer *= shape[d]!;
    for (let d = axis; d < shape.length; d++) inner *= shape[d]!;
    const plans: CopyPlan[] = inputs.map((_, i) => planCopy(fmt, [outer, inner], [inner, 1], [n * inner, 1], 0, i * inner));
    return {
      macs: 0,
      bind(a) {
        const xs = inputs.map((t) => unitsView(a.bytes(t), fmt.unitBytes));
        const y = unitsView(a.bytes(output), fmt.unitBytes);
        return () => {
          for (let i = 0; i < n; i++) runCopy(plans[i]!, xs[i]!, y);
        };
      },
    };
  },
};

export const unpack: OpRegistration = {
  name: "UNPACK",
  builtinCode: BuiltinOperator.UNPACK,
  maxVersion: 4,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, Math.max(1, ctx.outputCount));
    const input = ctx.input(0);
    const outputs = Array.from({ length: ctx.outputCount }, (_, k) => ctx.output(k));
    const rank = input.shape.length;
    const raw = optInt(ctx.options, Opt.axis, 0);
    const axis = raw < 0 ? raw + rank : raw;
    if (axis < 0 || axis >= rank) ctx.fail("BAD_SHAPE", `axis ${raw} is out of range for rank ${rank}`);
    const num = optInt(ctx.options, Opt.count, input.shape[axis]!);
    if (num !== outputs.length || num !== input.shape[axis]) ctx.fail("BAD_SHAPE", `num ${num}, ${outputs.length} outputs and dimension ${axis} of ${shapeText(input.shape)} must agree`);
    return splitOp(ctx, input, outputs, axis, outputs.map(() => 1), true);
  },
};
