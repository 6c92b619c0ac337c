/**
 * ADD: int8 and int16 (TFLM's quantized add: inputs shifted left 20 (int8) or 15 (int16) and
 * rescaled by input_scale / (2 * max input scale), the sum rescaled to the output), float32 with
 * fused activation, and int32; all with broadcasting.
 */
import { AddSub, Binary, BinaryOp } from "../kernels/layout";
import { quantizeMultiplierSmallerThanOneExp } from "../math/fixed_point";
import { BuiltinOperator, TensorType } from "../model/schema";
import { activationRange, binaryParams, checkBinary, expectNotQuantized, floatAct } from "./broadcast";
import { type OpContext, type OpRegistration, type PreparedOp, optByte } from "./op";
import { int8ActivationRange } from "./quantization";

/** AddOptions and SubOptions: fused_activation_function, pot_scale_int16 (TFLM's micro kernels ignore the latter). */
const Opt = Object.freeze({ activation: 0 } as const);

/** TFLM's QuantizeMultiplierSmallerThanOneExp, which aborts unless 0 < real < 1 and the shift is <= 0. */
function smallerThanOne(ctx: OpContext, real: number, what: string): { multiplier: number; shift: number } {
  if (!(real > 0 && real < 1)) ctx.fail("BAD_QUANTIZATION", `the ${what} rescale ${real} is not in (0, 1); check the scales`);
  const q = quantizeMultiplierSmallerThanOneExp(real);
  if (q.shift > 0) ctx.fail("BAD_QUANTIZATION", `the ${what} rescale ${real} rounds to 1`);
  return q;
}

/** Prepares ADD (subtract false) or SUB (subtract true): the two differ only in the sign and in how TFLM computes the multipliers. */
export function prepareAddSub(ctx: OpContext, subtract: boolean): PreparedOp {
  const { input1, input2, output, count } = checkBinary(ctx, [TensorType.INT8, TensorType.INT16, TensorType.FLOAT32, TensorType.INT32]);
  const activation = optByte(ctx.options, Opt.activation, 0);
  const k = ctx.kernels;
  const op = subtract ? BinaryOp.SUB : BinaryOp.ADD;
  if (input1.type === TensorType.INT8 || input1.type === TensorType.INT16) {
    const q1 = ctx.quant(input1, "input1"), q2 = ctx.quant(input2, "input2"), qo = ctx.quant(output, "output");
    const leftShift = input1.type === TensorType.INT16 ? 15 : 20;
    let r1: number, r2: number, ro: number;
    if (subtract) {
      // TFLM's SUB computes these in float32 (ADD in double): the multipliers can differ in the last bit.
      const f = Math.fround;
      const twiceMax = f(2 * Math.max(q1.scale, q2.scale));
      r1 = f(q1.scale / twiceMax);
      r2 = f(q2.scale / twiceMax);
      ro = f(twiceMax / f((1 << leftShift) * qo.scale));
    } else {
      const twiceMax = 2 * Math.max(q1.scale, q2.scale);
      r1 = q1.scale / twiceMax;
      r2 = q2.scale / twiceMax;
      ro = twiceMax / ((1 << leftShift) * qo.scale);
    }
    const m1 = smallerThanOne(ctx, r1, "input1"), m2 = smallerThanOne(ctx, r2, "input2"), mo = smallerThanOne(ctx, ro, "output");
    const range = int8ActivationRange(ctx, activation, output);
    const p = binaryParams(AddSub.HEADER, op, input1, input2, output);
    p[Binary.ACT_MIN] = range.min;
    p[Binary.ACT_MAX] = range.max;
    p[AddSub.LEFT_SHIFT] = leftShift;
    p[AddSub.INPUT1_OFFSET] = -q1.zeroPoint;
    p[AddSub.INPUT2_OFFSET] = -q2.zeroPoint;
    p[AddSub.OUTPUT_OFFSET] = qo.zeroPoint;
    p[AddSub.INPUT1_MULTIPLIER] = m1.multiplier;
    p[AddSub.INPUT1_SHIFT] = m1.shift;
    p[AddSub.INPUT2_MULTIPLIER] = m2.multiplier;
    p[AddSub.INPUT2_SHIFT] = m2.shift;
    p[AddSub.OUTPUT_MULTIPLIER] = mo.multiplier;
    p[AddSub.OUTPUT_SHIFT] = mo.shift;
    if (input1.type === TensorType.INT8) {
      // The native kernel's work buffer (the Arm DSP paths'), from the arena: none for the TypeScript kernels.
      const scratch = ctx.requestKernelScratch(k.addInt8ScratchBytes(p));
      return {
        macs: count,
        bind(a) {
          const x = a.int8(input1), y = a.int8(input2), z = a.int8(output);
          const s = scratch < 0 ? null : a.scratch(scratch);
          return subtract ? k.subInt8.bind(null, p, x, y, z, s) : k.addInt8.bind(null, p, x, y, z, s);
        },
      };
    }
    return {
      macs: count,
      bind(a) {
        const x = a.int16(input1), y = a.int16(input2), z = a.int16(output);
        return subtract ? () => k.subInt16(p, x, y, z) : () => k.addInt16(p, x, y, z);
      },
    };
  }
  const p = binaryParams(Binary.HEADER, op, input1, input2, output);
  if (input1.type === TensorType.INT32) {
    expectNotQuantized(ctx, input1, "input1");
    expectNotQuantized(ctx, input2, "input2");
    if (subtract) {
      expectNotQuantized(ctx, output, "output");
      const r = activationRange(activation, TensorType.INT32);
      p[Binary.ACT_MIN] = r.min;
      p[Binary.ACT_MAX] = r.max;
    } // TFLM's int32 ADD ignores the fused activation: it clamps to the whole int32 range.
    return {
      macs: count,
      bind(a) {
        const x = a.int32(input1), y = a.int32(input2), z = a.int32(output);
        return () => k.binaryInt32(p, x, y, z);
      },
    };
  }
  const r = activationRange(activation, TensorType.FLOAT32);
  const act = floatAct(r.min, r.max);
  return {
    macs: count,
    bind(a) {
      const x = a.float32(input1), y = a.float32(input2), z = a.float32(output);
      return () => k.binaryFloat32(p, act, x, y, z);
    },
  };
}

export const add: OpRegistration = {
  name: "ADD",
  builtinCode: BuiltinOperator.ADD,
  // v2 int8, v3 int16 with general scales; v4 (int64) and v5 (unquantized int16) are not supported.
  maxVersion: 3,
  prepare(ctx: OpContext): PreparedOp {
    return prepareAddSub(ctx, false);
  },
};
