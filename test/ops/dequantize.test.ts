/** DEQUANTIZE: int8 / uint8 / int16 -> float32 as scale (float widened to double) * (q - zp), rounded to float32. */
import test from "ava";
import { BuiltinOperator, type TensorDef, TensorType } from "../helpers/model_builder";
import { loadError, runOp } from "../helpers/elementwise_reference";

const { INT8, UINT8, INT16, FLOAT32 } = TensorType;
const dequantizeOp = (version = 1) => ({ op: BuiltinOperator.DEQUANTIZE, version, inputs: [0], outputs: [1] });

test("int8: exact values", (t) => {
  const tensors: TensorDef[] = [{ shape: [2, 3], type: INT8, scale: 0.5, zeroPoint: -3 }, { shape: [2, 3], type: FLOAT32 }];
  t.deepEqual(runOp(tensors, dequantizeOp(2), [[-128, -3, 0, 1, 127, -4]]), [-62.5, 0, 1.5, 2, 65, -0.5]);
});

test("uint8 and int16", (t) => {
  t.deepEqual(runOp([{ shape: [3], type: UINT8, scale: 2, zeroPoint: 128 }, { shape: [3], type: FLOAT32 }], dequantizeOp(), [[0, 128, 255]]), [-256, 0, 254]);
  t.deepEqual(runOp([{ shape: [3], type: INT16, scale: 1 / 32768, zeroPoint: 0 }, { shape: [3], type: FLOAT32 }], dequantizeOp(3), [[-32768, 16384, 32767]]), [-1, 0.5, 32767 / 32768]);
});

test("every int8 value: the float32 rounding of scale * (q - zp)", (t) => {
  // TFLM multiplies in double (the float scale widened) and casts to float. The product of a
  // 24-bit significand and a value of at most 17 bits is exact in double, so this is one rounding
  // of the exact product, the same as a float32 multiply.
  const s = Math.fround(0.1);
  const q = Array.from({ length: 256 }, (_, i) => i - 128);
  const got = runOp([{ shape: [256], type: INT8, scale: 0.1, zeroPoint: 7 }, { shape: [256], type: FLOAT32 }], dequantizeOp(), [q]);
  t.deepEqual(got, q.map((v) => Math.fround(s * (v - 7))));
  t.is(got[128 + 10], 0.30000001192092896); // 0.1f * 3, rounded to float32
  t.not(got[128 + 10], 0.3);
});

test("invalid models", (t) => {
  t.regex(loadError([{ shape: [2], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [2], type: INT8, scale: 1, zeroPoint: 0 }], dequantizeOp()), /^UNSUPPORTED_OP/);
  t.regex(loadError([{ shape: [2], type: TensorType.INT32, scale: 1, zeroPoint: 0 }, { shape: [2], type: FLOAT32 }], dequantizeOp()), /^UNSUPPORTED_OP/);
  t.is(loadError([{ shape: [2], type: INT8 }, { shape: [2], type: FLOAT32 }], dequantizeOp()), "BAD_QUANTIZATION");
  t.is(loadError([{ shape: [2], type: INT8, scale: [0.1, 0.2], zeroPoint: [0, 0] }, { shape: [2], type: FLOAT32 }], dequantizeOp()), "BAD_QUANTIZATION");
  t.is(loadError([{ shape: [2], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [3], type: FLOAT32 }], dequantizeOp()), "BAD_SHAPE");
  t.regex(loadError([{ shape: [2], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [2], type: FLOAT32 }], dequantizeOp(5)), /^UNSUPPORTED_OP/);
});
