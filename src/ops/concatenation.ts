/**
 * CONCATENATION: inputs joined along one axis, for any fixed-size element type. As TFLM, no
 * rescaling: int8/uint8 inputs must all be quantized exactly like the output, int16 ones with zero
 * point 0, and the fused activation must be NONE.
 */
import { Activation, BuiltinOperator, TensorType } from "../model/schema";
import { type CopyPlan, expectSameType, planCopy, quantOf, runCopy, shapeText, unitFormat, unitsView, type Units } from "./movement";
import { type OpContext, type OpRegistration, type PreparedOp, optByte, optInt } from "./op";

const Opt = Object.freeze({ axis: 0, activation: 1 } as const);

export const concatenation: OpRegistration = {
  name: "CONCATENATION",
  builtinCode: BuiltinOperator.CONCATENATION,
  maxVersion: 4,
  prepare(ctx: OpContext): PreparedOp {
    const n = ctx.inputCount;
    ctx.expectCounts(1, Math.max(1, n), 1);
    const output = ctx.output(0);
    const inputs = Array.from({ length: n }, (_, i) => ctx.input(i));
    for (const t of inputs) expectSameType(ctx, t, output);
    const fmt = unitFormat(ctx, output, "output");
    // TFLM rejects any fused activation, whatever the type.
    const activation = optByte(ctx.options, Opt.activation, Activation.NONE);
    if (activation !== Activation.NONE) ctx.fail("BAD_FORMAT", `fused activation ${activation} is not supported (TFLM requires NONE)`);

    const rank = output.shape.length;
    const rawAxis = optInt(ctx.options, Opt.axis, 0);
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    if (axis < 0 || axis >= rank) ctx.fail("BAD_SHAPE", `axis ${rawAxis} is out of range for rank ${rank}`);
    let total = 0;
    for (const t of inputs) {
      if (t.shape.length !== rank) ctx.fail("BAD_SHAPE", `input '${t.name}' ${shapeText(t.shape)} has a different rank than output ${shapeText(output.shape)}`);
      for (let d = 0; d < rank; d++) {
        if (d !== axis && t.shape[d] !== output.shape[d]) ctx.fail("BAD_SHAPE", `input '${t.name}' ${shapeText(t.shape)} does not match output ${shapeText(output.shape)} off axis ${axis}`);
      }
      total += t.shape[axis]!;
    }
    if (total !== output.shape[axis]) ctx.fail("BAD_SHAPE", `inputs add up to ${total} along axis ${axis}, output has ${output.shape[axis]}`);

    if (output.type === TensorType.INT8 || output.type === TensorType.UINT8) {
      // TFLM's int8 kernel does not rescale: every input must match the output's scale and zero point.
      // (Unquantized tensors count as scale 0, zero point 0, as TFLM's params do.)
      const oq = quantOf(output);
      for (const t of inputs) {
        const q = quantOf(t);
        if (q.scale !== oq.scale || q.zeroPoint !== oq.zeroPoint) {
          ctx.fail("BAD_QUANTIZATION", `input '${t.name}' (scale ${q.scale}, zero point ${q.zeroPoint}) is not quantized like the output (scale ${oq.scale}, zero point ${oq.zeroPoint})`);
        }
      }
    } else if (output.type === TensorType.INT16) {
      // TFLM: int16 inputs and output must have zero point 0.
      for (const t of [...inputs, output]) {
        const zp = t.quantization?.zeroPoint[0] ?? 0;
        if (zp !== 0) ctx.fail("BAD_QUANTIZATION", `int16 tensor '${t.name}' has zero point ${zp}; 0 is required`);
      }
    }

    let outer = 1, inner = 1;
    for (let d = 0; d < axis; d++) outer *= output.shape[d]!;
    for (let d = axis + 1; d < rank; d++) inner *= output.shape[d]!;
    const outChunk = output.shape[axis]! * inner;
    const plans: CopyPlan[] = [];
    let offset = 0;
    for (const t of inputs) {
      const chunk = t.shape[axis]! * inner;
      plans.push(planCopy(fmt, [outer, chunk], [chunk, 1], [outChunk, 1], 0, offset));
      offset += chunk;
    }
    return {
      macs: 0,
      bind(a) {
        const xs: Units[] = inputs.map((t) => unitsView(a.bytes(t), fmt.unitBytes));
        const y = unitsView(a.bytes(output), fmt.unitBytes);
        const count = plans.length;
        return () => {
          for (let i = 0; i < count; i++) runCopy(plans[i]!, xs[i]!, y);
        };
      },
    };
  },
};
