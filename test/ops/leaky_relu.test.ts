/** LEAKY_RELU: int8 bit-exact with TFLM's QuantizeLeakyRelu (through its 256-entry table), float32, invalid models. */
import test from "ava";
import { leakyReluInt8Value, leakyReluParams } from "../../src/ops/leaky_relu";
import { BuiltinOperator, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { ALL_INT8, LEAKY_RELU_OPTIONS, expectModelError, expectUnsupported, ints, quantizeInt8, runAllInt8, runFloat, unaryOp } from "./activation_helpers";

const { INT8, INT32, FLOAT32 } = TensorType;
const f = Math.fround;
const op = (alpha?: number, version = 1) => unaryOp(BuiltinOperator.LEAKY_RELU, alpha === undefined ? undefined : [{ id: 0, f32: alpha }], LEAKY_RELU_OPTIONS, version);

test("int8: hand-derived values with equal scales and alpha +-1/2 (gemmlowp's rounding of negative halves)", (t) => {
  // Identity multiplier 1 (2^30, shift 1); alpha multiplier 1/2 (2^30, shift 0) = SRDHM(x, 2^30):
  // halves round away from zero when positive, toward zero when negative (the nudge is 1 - 2^30).
  const y = runAllInt8(op(0.5), 0.5, 0, 0.5, 0);
  const at = (x: number) => y[x + 128]!;
  for (const x of [0, 1, 17, 127]) t.is(at(x), x);
  t.is(at(-4), -2);
  t.is(at(-3), -1); // -1.5 -> -1
  t.is(at(-1), 0); // -0.5 -> 0
  t.is(at(-5), -2); // -2.5 -> -2
  t.is(at(-128), -64);
  // A negative alpha multiplies by |alpha| then negates.
  const z = runAllInt8(op(-0.5), 0.5, 0, 0.5, 0);
  t.is(z[-4 + 128], 2);
  t.is(z[-3 + 128], 1);
  t.is(z[-128 + 128], 64);
  t.is(z[100 + 128], 100);
  // With zero points: x - zp >= 0 takes the identity path, offset by the output zero point; saturation at 127.
  const w = runAllInt8(op(0.5), 0.5, -10, 0.25, 20);
  t.is(w[-10 + 128], 20);
  t.is(w[0 + 128], 40); // 10 * 2 + 20
  t.is(w[60 + 128], 127); // 70 * 2 + 20 = 160 -> 127
  t.is(w[-20 + 128], 10); // -10 * 0.5 * 2 + 20
});

test("int8: all 256 outputs recorded from TFLM's reference kernel, alpha -0.5 and 0.2", (t) => {
  const neg = ints(`81 81 80 79 79 78 77 77 76 76 75 74 74 73 72 72 71 71 70 69 69 68 67 67 66 66 65 64 64 63 62 62 61 61 60 59 59 58 57 57 56
    56 55 54 54 53 52 52 51 51 50 49 49 48 47 47 46 46 45 44 44 43 42 42 41 41 40 39 39 38 37 37 36 36 35 34 34 33 32 32 31 31 30 29 29 28 27 27
    26 26 25 24 24 23 22 22 21 21 20 19 19 18 17 17 16 16 15 14 14 13 12 12 11 11 10 9 9 8 7 7 6 6 5 4 4 3 2 2 1 1 0 -1 -1 -2 -3 -3 -4 -4 -5 -4
    -2 -1 0 1 3 4 5 6 8 9 10 11 13 14 15 16 18 19 20 21 23 24 25 26 28 29 30 31 33 34 35 36 38 39 40 41 43 44 45 46 48 49 50 51 53 54 55 56 58 59
    60 61 63 64 65 66 68 69 70 71 73 74 75 76 78 79 80 81 83 84 85 86 88 89 90 91 93 94 95 96 98 99 100 101 103 104 105 106 108 109 110 111 113
    114 115 116 118 119 120 121 123 124 125 126 127*12`);
  const pos = ints(`-40 -40 -39*4 -38*4 -37*4 -36*4 -35*4 -34*4 -33*4 -32*4 -31*4 -30*4 -29*4 -28*4 -27*4 -26*4 -25*4 -24*4 -23*4 -22*4 -21*4
    -20*4 -19*4 -18*4 -17*4 -16*4 -15*4 -14*4 -13*4 -12*4 -11*4 -10*4 -9*4 -8*4 -7*4 -6*4 -5 -4 -2 -1 0 1 3 4 5 6 8 9 10 11 13 14 15 16 18 19 20
    21 23 24 25 26 28 29 30 31 33 34 35 36 38 39 40 41 43 44 45 46 48 49 50 51 53 54 55 56 58 59 60 61 63 64 65 66 68 69 70 71 73 74 75 76 78 79
    80 81 83 84 85 86 88 89 90 91 93 94 95 96 98 99 100 101 103 104 105 106 108 109 110 111 113 114 115 116 118 119 120 121 123 124 125 126 127*12`);
  t.is(neg.length, 256);
  t.is(pos.length, 256);
  t.deepEqual(runAllInt8(op(-0.5), 0.05, 10, 0.04, -5), neg);
  t.deepEqual(runAllInt8(op(0.2), 0.05, 10, 0.04, -5), pos);
});

test("int8: the table equals the per-element arithmetic on all inputs and stays within 1 LSB of the float formula", (t) => {
  const r = rng(51);
  for (let i = 0; i < 40; i++) {
    const inScale = f(2 ** (r() * 8 - 8)), inZp = randInt(r, -128, 127);
    const outScale = f(inScale * 2 ** (r() * 4 - 2)), outZp = randInt(r, -128, 127);
    const alpha = f(r() * 3 - 1);
    const p = leakyReluParams(alpha, inScale, inZp, outScale, outZp);
    const y = runAllInt8(op(alpha), inScale, inZp, outScale, outZp);
    t.deepEqual(y, ALL_INT8.map((x) => leakyReluInt8Value(x, p)));
    ALL_INT8.forEach((x, k) => {
      const v = (x - inZp) * inScale;
      const ideal = quantizeInt8(v > 0 ? v : v * alpha, outScale, outZp);
      if (Math.abs(y[k]! - ideal) > 1) t.fail(`alpha ${alpha} ${inScale} ${inZp} -> ${outScale} ${outZp}, x ${x}: ${y[k]} vs ${ideal}`);
    });
  }
});

test("float32: x > 0 ? x : x * alpha; alpha defaults to 0 without options", (t) => {
  const x = [2, -2, 0, -0, 0.1, -0.3, -1e30, 5e-45];
  t.deepEqual(runFloat(op(0.2), x), x.map((v) => (f(v) > 0 ? f(v) : f(f(v) * f(0.2)))));
  t.deepEqual(runFloat(op(-1.5), [-2, 3]), [3, 3]);
  t.deepEqual(runFloat(op(2), [-2, 3]), [-4, 3]); // alpha above one is allowed
  t.deepEqual(runFloat(op(), [-2, 3]), [-0, 3]);
  t.true(Object.is(runFloat(op(0.5), [-0])[0], -0));
});

test("invalid models: types, shapes, quantization, version", (t) => {
  const q = (type: number, scale: number, zeroPoint: number, shape = [4]): TensorDef => ({ shape, type, scale, zeroPoint });
  expectModelError(t, [q(INT8, 0.1, 0), q(INT8, 0.1, 0, [1, 4])], op(0.1), "BAD_SHAPE");
  expectModelError(t, [q(INT8, 0.1, 0), { shape: [4], type: INT8 }], op(0.1), "BAD_QUANTIZATION");
  expectModelError(t, [q(INT8, 0.1, 0), q(INT8, 0, 0)], op(0.1), "BAD_QUANTIZATION");
  expectUnsupported(t, [q(INT32, 0.1, 0), q(INT32, 0.1, 0)], op(0.1, 2), /unsupported type/);
  expectUnsupported(t, [q(INT8, 0.1, 0), { shape: [4], type: FLOAT32 }], op(0.1), /differs from input type/);
  expectUnsupported(t, [q(INT8, 0.1, 0), q(INT8, 0.1, 0)], op(0.1, 3), /versions up to 2/);
});
