/**
 * PAD and PADV2: the input copied into the middle of a larger output whose borders hold one
 * value, for any fixed-size element type, up to 5-D as TFLM. The pad value is PADV2's scalar
 * input when given, else the output zero point for int8/uint8 and 0 for every other type.
 */
import { quantizedTypeRange } from "../math/activation";
import { BuiltinOperator, TensorType } from "../model/schema";
import { constantInts, expectSameType, planCopy, runCopy, shapeText, stridesOf, unitFormat, unitsView } from "./movement";
import type { OpContext, OpRegistration, PreparedOp } from "./op";

/** TFLM's reference pad handles up to 5 dimensions. */
const MAX_RANK = 5;

function preparePad(ctx: OpContext): PreparedOp {
  // TFLM registers one implementation for both ops: 2 inputs, or 3 with the pad value.
  ctx.expectCounts(2, 3, 1);
  const input = ctx.input(0), paddings = ctx.input(1), output = ctx.output(0);
  const constantValues = ctx.optionalInput(2);
  expectSameType(ctx, input, output);
  const fmt = unitFormat(ctx, input, "input");
  const rank = input.shape.length;
  if (rank > MAX_RANK) ctx.fail("BAD_SHAPE", `input has rank ${rank}; at most ${MAX_RANK} is supported`);
  if (output.shape.length !== rank) ctx.fail("BAD_SHAPE", `output rank ${output.shape.length} differs from input rank ${rank}`);
  const pads = constantInts(ctx, paddings, "paddings", true);
  if (pads.length !== 2 * rank) ctx.fail("BAD_SHAPE", `paddings ${shapeText(paddings.shape)} must hold ${rank} x 2 values`);
  for (let i = 0; i < rank; i++) {
    const before = pads[2 * i]!, after = pads[2 * i + 1]!;
    if (before < 0 || after < 0) ctx.fail("BAD_SHAPE", `paddings of dimension ${i} are negative (${before}, ${after})`);
    if (output.shape[i] !== input.shape[i]! + before + after) {
      ctx.fail("BAD_SHAPE", `output ${shapeText(output.shape)} is not input ${shapeText(input.shape)} padded by [${pads.join(", ")}]`);
    }
  }

  const isQuantized8 = input.type === TensorType.INT8 || input.type === TensorType.UINT8;
  // The pad value as the bytes of one element: from the constant-value input, or a default.
  const padBytes = new Uint8Array(fmt.unitBytes * fmt.perElement);
  if (constantValues !== null) {
    if (constantValues.type !== input.type) ctx.fail("BAD_TYPE", `constant value '${constantValues.name}' type differs from the input's`);
    if (constantValues.elements !== 1) ctx.fail("BAD_SHAPE", `constant value '${constantValues.name}' must hold one value, has ${constantValues.elements}`);
    if (isQuantized8) {
      // TFLM: the pad value must be quantized like the output (same zero point and scale).
      const cq = ctx.quant(constantValues, "constant value"), oq = ctx.quant(output, "output");
      if (cq.zeroPoint !== oq.zeroPoint || cq.scale !== oq.scale) ctx.fail("BAD_QUANTIZATION", "the constant value is not quantized like the output");
    }
  } else if (isQuantized8 && output.quantization !== null && output.quantization.scale.length > 0) {
    // TFLM pads int8 with the output zero point (which must be representable).
    const zp = output.quantization.zeroPoint[0]!;
    const r = quantizedTypeRange(output.type);
    if (zp < r.min || zp > r.max) ctx.fail("BAD_QUANTIZATION", `output zero point ${zp} is out of range`);
    padBytes[0] = zp & 0xff;
  }
  const padConst = constantValues === null ? padBytes : constantValues.data;

  const inStrides = stridesOf(input.shape), outStrides = stridesOf(output.shape);
  let dstBase = 0;
  for (let i = 0; i < rank; i++) dstBase += pads[2 * i]! * outStrides[i]!;
  const copy = planCopy(fmt, input.shape, inStrides, outStrides, 0, dstBase);
  const per = fmt.perElement;
  const padUnits = unitsView(padBytes, fmt.unitBytes);
  return {
    macs: 0,
    bind(a) {
      const x = unitsView(a.bytes(input), fmt.unitBytes), y = unitsView(a.bytes(output), fmt.unitBytes);
      if (padConst !== null && padConst !== padBytes) padBytes.set(padConst);
      // A non-constant pad value (PADV2) is read on every invoke.
      const live = padConst === null && constantValues !== null ? a.bytes(constantValues) : null;
      const n = y.length;
      return () => {
        if (live !== null) padBytes.set(live);
        if (per === 1) {
          y.fill(padUnits[0]!);
        } else {
          for (let i = 0; i < n; i += per) for (let k = 0; k < per; k++) y[i + k] = padUnits[k]!;
        }
        runCopy(copy, x, y);
      };
    },
  };
}

export const pad: OpRegistration = {
  name: "PAD",
  builtinCode: BuiltinOperator.PAD,
  maxVersion: 4,
  prepare: preparePad,
};

export const padV2: OpRegistration = {
  name: "PADV2",
  builtinCode: BuiltinOperator.PADV2,
  maxVersion: 4,
  prepare: preparePad,
};
