/** RELU, RELU6, RELU_N1_TO_1: int8 as TFLM (requantizing ReLU, clamp-only ReLU6) through a table, float32 clamps, invalid models. */
import test from "ava";
import { Activation } from "../../src/model/schema";
import { reluInt8Value, reluParams, relu6Int8Bounds } from "../../src/ops/relu";
import { BuiltinOperator, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { ALL_INT8, expectModelError, expectUnsupported, ints, quantizeInt8, runAllInt8, runFloat, unaryOp } from "./activation_helpers";

const { INT8, INT16, FLOAT32 } = TensorType;
const f = Math.fround;
const RELU = BuiltinOperator.RELU, RELU6 = BuiltinOperator.RELU6, RELU_N1_TO_1 = BuiltinOperator.RELU_N1_TO_1;
const op = (code: number, version = 1) => unaryOp(code, undefined, undefined, version);

test("RELU int8: equal quantization is max(x, zero point); a finer output scale requantizes and saturates", (t) => {
  t.deepEqual(runAllInt8(op(RELU, 2), 0.1, -10, 0.1, -10), ALL_INT8.map((x) => Math.max(x, -10)));
  // Output scale half the input's: multiplier exactly 2, so (x - 3) * 2 - 128, clamped to [-128 (the real 0), 127].
  const y = runAllInt8(op(RELU, 2), 0.2, 3, 0.1, -128);
  t.deepEqual(y, ALL_INT8.map((x) => Math.min(127, Math.max(-128, (x - 3) * 2 - 128))));
});

test("RELU int8: vector recorded from TFLM's ReluQuantized arithmetic (0.05, 10) -> (0.03, -20)", (t) => {
  const want = ints(`-20*139 -18 -17 -15 -13 -12 -10 -8 -7 -5 -3 -2 0 2 3 5 7 8 10 12 13 15 17 18 20 22 23 25 27 28 30 32 33 35 37 38 40
    42 43 45 47 48 50 52 53 55 57 58 60 62 63 65 67 68 70 72 73 75 77 78 80 82 83 85 87 88 90 92 93 95 97 98 100 102 103 105 107 108 110 112 113
    115 117 118 120 122 123 125 127*30`);
  t.is(want.length, 256);
  t.deepEqual(runAllInt8(op(RELU, 2), 0.05, 10, 0.03, -20), want);
});

test("RELU / RELU_N1_TO_1 int8: the table equals the per-element arithmetic and stays within 1 LSB of the float formula", (t) => {
  const r = rng(61);
  for (let i = 0; i < 40; i++) {
    const inScale = f(2 ** (r() * 8 - 9)), inZp = randInt(r, -128, 127);
    const outScale = f(inScale * 2 ** (r() * 4 - 2)), outZp = randInt(r, -128, 127);
    for (const [code, act, lo, hi] of [[RELU, Activation.RELU, 0, Infinity], [RELU_N1_TO_1, Activation.RELU_N1_TO_1, -1, 1]] as const) {
      const p = reluParams(act, inScale, inZp, outScale, outZp);
      const y = runAllInt8(op(code), inScale, inZp, outScale, outZp);
      t.deepEqual(y, ALL_INT8.map((x) => reluInt8Value(x, p)));
      ALL_INT8.forEach((x, k) => {
        const ideal = quantizeInt8(Math.min(hi, Math.max(lo, (x - inZp) * inScale)), outScale, outZp);
        if (Math.abs(y[k]! - ideal) > 1) t.fail(`${code}: ${inScale} ${inZp} -> ${outScale} ${outZp}, x ${x}: ${y[k]} vs ${ideal}`);
      });
    }
  }
});

test("RELU_N1_TO_1 int8: bounds at the output's quantized -1 and 1 (TFLite's ReluX; TFLM has no such kernel)", (t) => {
  // Output (0.008, 3): -1 -> 3 - 125 = -122, 1 -> 3 + 125 = 128 -> 127. Recorded with TFLite's QuantizedReluX formula.
  const want = ints(`-122*24 -121 -119 -118 -117 -116 -114 -113 -112 -111 -109 -108 -107 -106 -104 -103 -102 -101 -99 -98 -97 -96 -94 -93 -92
    -91 -89 -88 -87 -86 -84 -83 -82 -81 -79 -78 -77 -76 -74 -73 -72 -71 -69 -68 -67 -66 -64 -63 -62 -61 -59 -58 -57 -56 -54 -53 -52 -51 -49 -48
    -47 -46 -44 -43 -42 -41 -39 -38 -37 -36 -34 -33 -32 -31 -29 -28 -27 -26 -24 -23 -22 -21 -19 -18 -17 -16 -14 -13 -12 -11 -9 -8 -7 -6 -4 -3
    -2 -1 1 2 3 4 5 7 8 9 10 12 13 14 15 17 18 19 20 22 23 24 25 27 28 29 30 32 33 34 35 37 38 39 40 42 43 44 45 47 48 49 50 52 53 54 55 57 58 59
    60 62 63 64 65 67 68 69 70 72 73 74 75 77 78 79 80 82 83 84 85 87 88 89 90 92 93 94 95 97 98 99 100 102 103 104 105 107 108 109 110 112 113
    114 115 117 118 119 120 122 123 124 125 127*34`);
  t.is(want.length, 256);
  t.deepEqual(runAllInt8(op(RELU_N1_TO_1), 0.01, -5, 0.008, 3), want);
  const y = runAllInt8(op(RELU_N1_TO_1), 0.1, 0, 0.1, 0);
  t.deepEqual(y, ALL_INT8.map((x) => Math.min(10, Math.max(-10, x))));
});

test("RELU6 int8: TFLM clamps in the input's quantization to [zero point, quantized 6] and ignores the output's", (t) => {
  t.deepEqual(relu6Int8Bounds(f(0.05), -100), { zero: -100, six: 20 }); // 6 / 0.05 = 120 -> 120 - 100
  const want = ints(`-100*29 ${Array.from({ length: 119 }, (_, i) => i - 99).join(" ")} 20*108`);
  t.is(want.length, 256);
  t.deepEqual(runAllInt8(op(RELU6, 2), 0.05, -100, 0.05, -100), want);
  t.deepEqual(runAllInt8(op(RELU6, 2), 0.05, -100, 0.5, 7), want);
  // Quantized 6 beyond the int8 range clamps to 127.
  t.deepEqual(runAllInt8(op(RELU6), 0.01, 0, 0.01, 0), ALL_INT8.map((x) => Math.max(0, x)));
  t.deepEqual(relu6Int8Bounds(f(0.01), 0), { zero: 0, six: 127 });
});

test("float32: clamps with NaN and -0 passing through", (t) => {
  const x = [-1, 0, -0, 2, 7, -Infinity, Infinity, 0.5, -0.5, NaN];
  const relu = runFloat(op(RELU), x), relu6 = runFloat(op(RELU6), x), n1 = runFloat(op(RELU_N1_TO_1), x);
  t.deepEqual(relu.slice(0, 9), [0, 0, -0, 2, 7, 0, Infinity, 0.5, 0]);
  t.deepEqual(relu6.slice(0, 9), [0, 0, -0, 2, 6, 0, 6, 0.5, 0]);
  t.deepEqual(n1.slice(0, 9), [-1, 0, -0, 1, 1, -1, 1, 0.5, -0.5]);
  t.true(Object.is(relu[2], -0));
  for (const y of [relu, relu6, n1]) t.true(Number.isNaN(y[9]));
  t.deepEqual(runFloat(op(RELU), [-3, 3, 1, -1], [2, 2]), [0, 3, 1, 0]);
});

test("invalid models: types, shapes, quantization, versions", (t) => {
  const q = (type: number, scale: number, zeroPoint: number, shape = [4]): TensorDef => ({ shape, type, scale, zeroPoint });
  for (const code of [RELU, RELU6, RELU_N1_TO_1]) {
    expectModelError(t, [q(INT8, 0.1, 0), q(INT8, 0.1, 0, [2, 2])], op(code), "BAD_SHAPE");
    expectModelError(t, [{ shape: [4], type: INT8 }, q(INT8, 0.1, 0)], op(code), "BAD_QUANTIZATION");
    expectModelError(t, [q(INT8, 0.1, 0), q(INT8, 0.1, 0), q(INT8, 0.1, 0)], { ...op(code), outputs: [1, 2] }, "BAD_FORMAT");
    expectUnsupported(t, [q(INT8, 0.1, 0), { shape: [4], type: FLOAT32 }], op(code), /differs from input type/);
    expectUnsupported(t, [{ shape: [4], type: TensorType.INT32 }, { shape: [4], type: TensorType.INT32 }], op(code), /unsupported type/);
  }
  expectModelError(t, [q(INT8, 0.1, 0), q(INT8, -0.1, 0)], op(RELU), "BAD_QUANTIZATION");
  expectUnsupported(t, [q(INT16, 0.1, 0), q(INT16, 0.1, 0)], op(RELU, 3), /unsupported type/);
  expectUnsupported(t, [q(INT8, 0.1, 0), q(INT8, 0.1, 0)], op(RELU, 4), /versions up to 3/);
  expectUnsupported(t, [q(INT8, 0.1, 0), q(INT8, 0.1, 0)], op(RELU6, 4), /versions up to 3/);
  expectUnsupported(t, [q(INT8, 0.1, 0), q(INT8, 0.1, 0)], op(RELU_N1_TO_1, 2), /versions up to 1/);
});
