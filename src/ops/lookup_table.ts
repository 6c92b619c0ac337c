/** Shared pieces of the one-input element-wise activations: tensor checks and the int8 lookup table. */
import type { TensorSpec } from "../model/model";
import { type OpContext, type PreparedOp, sameShape } from "./op";

/** Checks one input and one output of the same type (one of `types`) and the same shape. */
export function checkUnary(ctx: OpContext, ...types: number[]): { input: TensorSpec; output: TensorSpec } {
  ctx.expectCounts(1, 1, 1);
  const input = ctx.input(0), output = ctx.output(0);
  ctx.expectType(input, "input", ...types);
  if (output.type !== input.type) ctx.fail("BAD_TYPE", `output type ${output.type} differs from input type ${input.type}`);
  if (!sameShape(input.shape, output.shape)) ctx.fail("BAD_SHAPE", `output shape [${output.shape.join(", ")}] differs from input shape [${input.shape.join(", ")}]`);
  return { input, output };
}

/** The 256-entry table of an int8 function: table[x + 128] = fn(x) for x in -128..127 (fn must stay in int8 range). */
export function int8Table(fn: (x: number) => number): Int8Array {
  const table = new Int8Array(256);
  for (let x = -128; x <= 127; x++) table[x + 128] = fn(x);
  return table;
}

/** An int8 op run through its precomputed table: the same bytes as the per-element arithmetic, one load per element. */
export function int8TableOp(ctx: OpContext, input: TensorSpec, output: TensorSpec, table: Int8Array): PreparedOp {
  const k = ctx.kernels;
  return {
    macs: input.elements,
    bind(a) {
      const x = a.int8(input), y = a.int8(output);
      return () => k.lookupInt8(table, x, y);
    },
  };
}

/** A float32 op through a one-argument kernel. */
export function float32UnaryOp(input: TensorSpec, output: TensorSpec, run: (x: Float32Array, y: Float32Array) => void): PreparedOp {
  return {
    macs: input.elements,
    bind(a) {
      const x = a.float32(input), y = a.float32(output);
      return () => run(x, y);
    },
  };
}
