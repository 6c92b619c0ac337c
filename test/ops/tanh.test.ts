/** TANH: int8 bit-exact with TFLM's fixed-point reference (through its 256-entry table), float32, invalid models. */
import test from "ava";
import { sigmoidInt8Params } from "../../src/ops/logistic";
import { tanhInt8Value } from "../../src/ops/tanh";
import { BuiltinOperator, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { ALL_INT8, expectModelError, expectUnsupported, ints, quantizeInt8, runAllInt8, runFloat, unaryOp } from "./activation_helpers";

const { INT8, INT32, FLOAT32 } = TensorType;
const f = Math.fround;
const op = (version = 2) => unaryOp(BuiltinOperator.TANH, undefined, undefined, version);

test("int8: hand-derived values at scale 1/16 (input radius 120)", (t) => {
  const y = runAllInt8(op(), 1 / 16, 0, 1 / 128, 0);
  const at = (x: number) => y[x + 128]!;
  t.is(at(0), 0);
  t.is(at(16), 97); // tanh(1) * 128 = 97.48
  t.is(at(-16), -97);
  t.is(at(8), 59); // tanh(0.5) * 128 = 59.14
  t.is(at(119), 127); // 127.9999 rounds to 128, clamped
  t.is(at(-119), -128);
  t.is(at(120), 127); // at the radius: saturated without computing
  t.is(at(-128), -128);
});

test("int8: all 256 outputs recorded from TFLM's reference kernel (scale 0.05, zero point -3)", (t) => {
  const want = ints(`-128*63 -127*11 -126*5 -125*4 -124 -124 -123 -123 -122 -122 -121 -120 -120 -119 -118 -117 -116 -115 -113 -112 -110
    -109 -107 -105 -102 -100 -97 -95 -92 -88 -85 -81 -77 -73 -69 -64 -59 -54 -49 -43 -37 -31 -25 -19 -13 -6 0 6 13 19 25 31 37 43 49 54 59
    64 69 73 77 81 85 88 92 95 97 100 102 105 107 109 110 112 113 115 116 117 118 119 120 120 121 122 122 123 123 124 124 125*4 126*5 127*79`);
  t.is(want.length, 256);
  t.deepEqual(runAllInt8(op(), 0.05, -3, 1 / 128, 0), want);
});

test("int8: the table equals the per-element arithmetic on all inputs and stays within 1 LSB of the float formula", (t) => {
  const r = rng(31);
  for (let i = 0; i < 40; i++) {
    const scale = f(2 ** (r() * 10 - 9)), zp = randInt(r, -128, 127);
    const p = sigmoidInt8Params(scale, zp);
    const y = runAllInt8(op(), scale, zp, 1 / 128, 0);
    t.deepEqual(y, ALL_INT8.map((x) => tanhInt8Value(x, p)));
    ALL_INT8.forEach((x, k) => {
      const ideal = quantizeInt8(Math.tanh((x - zp) * scale), 1 / 128, 0);
      if (Math.abs(y[k]! - ideal) > 1) t.fail(`scale ${scale} zp ${zp} x ${x}: ${y[k]} vs ${ideal}`);
    });
  }
});

test("int8: TFLM checks nothing of the output quantization; the bytes do not depend on it", (t) => {
  t.deepEqual(runAllInt8(op(), 0.05, 9, 0.3, 17), runAllInt8(op(), 0.05, 9, 1 / 128, 0));
});

test("float32: tanh rounded to float32, signed zero and infinities", (t) => {
  const x = [0, -0, 0.5, -0.5, 1, 3, -7.25, 20, Infinity, -Infinity];
  const y = runFloat(op(1), x);
  t.deepEqual(y, x.map((v) => f(Math.tanh(f(v)))));
  t.true(Object.is(y[1], -0));
  t.is(y[7], 1);
  t.is(y[9], -1);
  t.true(Math.abs(y[4]! - 0.7615942) < 1e-7);
});

test("invalid models: types, shapes, quantization, counts, version", (t) => {
  const q = (type: number, scale: number, zeroPoint: number, shape = [4]): TensorDef => ({ shape, type, scale, zeroPoint });
  expectModelError(t, [q(INT8, 0.1, 0), q(INT8, 1 / 128, 0, [4, 1])], op(), "BAD_SHAPE");
  expectModelError(t, [{ shape: [4], type: INT8 }, q(INT8, 1 / 128, 0)], op(), "BAD_QUANTIZATION");
  expectModelError(t, [q(INT8, 0.1, 0), { shape: [4], type: INT8 }], op(), "BAD_QUANTIZATION");
  expectModelError(t, [q(INT8, 0.1, 0), q(INT8, 1 / 128, 0), q(INT8, 0.1, 0)], { ...op(), inputs: [0, 2] }, "BAD_FORMAT");
  expectUnsupported(t, [{ shape: [4], type: FLOAT32 }, q(INT8, 1 / 128, 0)], op(), /differs from input type/);
  expectUnsupported(t, [q(INT32, 1 / 4096, 0), q(INT32, 1 / 32768, 0)], op(3), /unsupported type/);
  expectUnsupported(t, [q(INT8, 0.1, 0), q(INT8, 1 / 128, 0)], op(4), /versions up to 3/);
});
