/**
 * BATCH_MATMUL: int8 (TFLM's requantization: the scale product in float32, divided in double) and
 * float32, with adj_x / adj_y and numpy broadcasting of up to three batch dimensions.
 */
import { quantizeMultiplier } from "../math/fixed_point";
import { BuiltinOperator, TensorType } from "../model/schema";
import { BatchMatMul } from "../kernels/layout";
import { shapeText } from "./movement";
import { type OpContext, type OpRegistration, type PreparedOp, optBool } from "./op";

const Opt = Object.freeze({ adjX: 0, adjY: 1 } as const);

export const batchMatMul: OpRegistration = {
  name: "BATCH_MATMUL",
  builtinCode: BuiltinOperator.BATCH_MATMUL,
  maxVersion: 4,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(2, 2, 1);
    const lhs = ctx.input(0), rhs = ctx.input(1), output = ctx.output(0);
    ctx.expectType(lhs, "lhs", TensorType.INT8, TensorType.FLOAT32);
    ctx.expectType(rhs, "rhs", lhs.type);
    ctx.expectType(output, "output", lhs.type);
    const adjX = optBool(ctx.options, Opt.adjX, false), adjY = optBool(ctx.options, Opt.adjY, false);
    const lr = lhs.shape.length, rr = rhs.shape.length;
    if (lr < 2 || rr < 2 || lr > 5 || rr > 5) ctx.fail("BAD_SHAPE", `lhs ${shapeText(lhs.shape)} and rhs ${shapeText(rhs.shape)} must have 2 to 5 dimensions`);
    const rows = lhs.shape[adjX ? lr - 1 : lr - 2]!, depth = lhs.shape[adjX ? lr - 2 : lr - 1]!;
    const rDepth = rhs.shape[adjY ? rr - 1 : rr - 2]!, cols = rhs.shape[adjY ? rr - 2 : rr - 1]!;
    if (rDepth !== depth) ctx.fail("BAD_SHAPE", `lhs ${shapeText(lhs.shape)} and rhs ${shapeText(rhs.shape)} disagree on the accumulation depth (${depth} vs ${rDepth})`);
    // Batch dimensions, right-aligned to three, broadcast.
    const batchOf = (shape: readonly number[]) => [1, 1, 1, ...shape.slice(0, -2)].slice(-3);
    const lb = batchOf(lhs.shape), rb = batchOf(rhs.shape);
    const ob = lb.map((d, i) => {
      const e = rb[i]!;
      if (d !== e && d !== 1 && e !== 1) ctx.fail("BAD_SHAPE", `batch dimensions of lhs ${shapeText(lhs.shape)} and rhs ${shapeText(rhs.shape)} do not broadcast`);
      return d === 1 ? e : d;
    });
    const outRank = Math.max(lr, rr);
    const expected = [...ob.slice(3 - (outRank - 2)), rows, cols];
    if (expected.length !== output.shape.length || expected.some((d, i) => d !== output.shape[i])) ctx.fail("BAD_SHAPE", `output is ${shapeText(output.shape)}, expected ${shapeText(expected)}`);
    const batches = ob[0]! * ob[1]! * ob[2]!;
    const p = new Int32Array(BatchMatMul.HEADER + 2 * batches);
    p[BatchMatMul.BATCHES] = batches;
    p[BatchMatMul.ROWS] = rows;
    p[BatchMatMul.DEPTH] = depth;
    p[BatchMatMul.COLS] = cols;
    p[BatchMatMul.ADJ_X] = adjX ? 1 : 0;
    p[BatchMatMul.ADJ_Y] = adjY ? 1 : 0;
    // Each output batch's matrices: a broadcast dimension stays at index 0.
    let b = 0;
    for (let b0 = 0; b0 < ob[0]!; b0++) {
      for (let b1 = 0; b1 < ob[1]!; b1++) {
        for (let b2 = 0; b2 < ob[2]!; b2++) {
          const at = (dims: number[]) => ((dims[0] === 1 ? 0 : b0) * dims[1]! + (dims[1] === 1 ? 0 : b1)) * dims[2]! + (dims[2] === 1 ? 0 : b2);
          p[BatchMatMul.HEADER + b] = at(lb) * rows * depth;
          p[BatchMatMul.HEADER + batches + b] = at(rb) * depth * cols;
          b++;
        }
      }
    }
    const k = ctx.kernels;
    const macs = batches * rows * cols * depth;
    if (lhs.type === TensorType.INT8) {
      const lq = ctx.quant(lhs, "lhs"), rq = ctx.quant(rhs, "rhs"), oq = ctx.quant(output, "output");
      if (!(oq.scale > 0)) ctx.fail("BAD_QUANTIZATION", `output '${output.name}' has scale ${oq.scale}`);
      const { multiplier, shift } = quantizeMultiplier(Math.fround(lq.scale * rq.scale) / oq.scale);
      p[BatchMatMul.LHS_OFFSET] = -lq.zeroPoint;
      p[BatchMatMul.RHS_OFFSET] = -rq.zeroPoint;
      p[BatchMatMul.OUTPUT_OFFSET] = oq.zeroPoint;
      p[BatchMatMul.MULTIPLIER] = multiplier;
      p[BatchMatMul.SHIFT] = shift;
      p[BatchMatMul.ACT_MIN] = -128;
      p[BatchMatMul.ACT_MAX] = 127;
      return {
        macs,
        bind(a) {
          const x = a.int8(lhs), y = a.int8(rhs), z = a.int8(output);
          return () => k.batchMatMulInt8(p, x, y, z);
        },
      };
    }
    return {
      macs,
      bind(a) {
        const x = a.float32(lhs), y = a.float32(rhs), z = a.float32(output);
        return () => k.batchMatMulFloat32(p, x, y, z);
      },
    };
  },
};
