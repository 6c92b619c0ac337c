/** LOGISTIC: int8 bit-exact with TFLM's fixed-point reference (through its 256-entry table), float32, invalid models. */
import test from "ava";
import { logisticInt8Value, sigmoidInt8Params } from "../../src/ops/logistic";
import { BuiltinOperator, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { ALL_INT8, expectModelError, expectUnsupported, ints, quantizeInt8, run, runAllInt8, runFloat, unaryOp } from "./activation_helpers";

const { INT8, INT32, FLOAT32 } = TensorType;
const f = Math.fround;
const op = (version = 2) => unaryOp(BuiltinOperator.LOGISTIC, undefined, undefined, version);

test("int8: hand-derived values at scale 1/16 (input radius 120)", (t) => {
  // scale * 2^27 = 2^23: multiplier 2^30, shift 24, so the Q4.27 input is x / 16 exactly; radius floor(15 * 2^27 / 2^24) = 120.
  const p = sigmoidInt8Params(1 / 16, 0);
  t.deepEqual(p, { zeroPoint: 0, radius: 120, multiplier: 2 ** 30, shift: 24 });
  const y = runAllInt8(op(), 1 / 16, 0, 1 / 256, -128);
  const at = (x: number) => y[x + 128]!;
  t.is(at(0), 0); // logistic(0) = 1/2 = 128/256
  t.is(at(-120), -128); // at or beyond the radius: saturated without computing
  t.is(at(-128), -128);
  t.is(at(120), 127);
  t.is(at(119), 127); // 0.99941 * 256 = 255.85 -> 256 -> clamped to 127
  t.is(at(16), 59); // logistic(1) = 0.731059 * 256 = 187.15 -> 187 - 128
  t.is(at(-16), -59); // 1 - 0.731059 -> 68.85 -> 69 - 128
});

test("int8: all 256 outputs recorded from TFLM's reference kernel (scale 0.1, zero point 3)", (t) => {
  const want = ints(`-128*69 -127*11 -126*5 -125*4 -124 -124 -123 -123 -122 -122 -121 -120 -120 -119 -118 -117 -116 -115 -113 -112 -110
    -109 -107 -105 -102 -100 -97 -95 -92 -88 -85 -81 -77 -73 -69 -64 -59 -54 -49 -43 -37 -31 -25 -19 -13 -6 0 6 13 19 25 31 37 43 49 54 59
    64 69 73 77 81 85 88 92 95 97 100 102 105 107 109 110 112 113 115 116 117 118 119 120 120 121 122 122 123 123 124 124 125*4 126*5 127*73`);
  t.is(want.length, 256);
  t.deepEqual(runAllInt8(op(), 0.1, 3, 1 / 256, -128), want);
});

test("int8: the table equals the per-element arithmetic on all inputs and stays within 1 LSB of the float formula", (t) => {
  const r = rng(21);
  for (let i = 0; i < 40; i++) {
    const scale = f(2 ** (r() * 10 - 9)), zp = randInt(r, -128, 127);
    const p = sigmoidInt8Params(scale, zp);
    const y = runAllInt8(op(), scale, zp, 1 / 256, -128);
    t.deepEqual(y, ALL_INT8.map((x) => logisticInt8Value(x, p)));
    ALL_INT8.forEach((x, k) => {
      const ideal = quantizeInt8(1 / (1 + Math.exp(-(x - zp) * scale)), 1 / 256, -128);
      if (Math.abs(y[k]! - ideal) > 1) t.fail(`scale ${scale} zp ${zp} x ${x}: ${y[k]} vs ${ideal}`);
    });
  }
});

test("int8: TFLM checks only the output zero point; another output scale gives the same bytes", (t) => {
  t.deepEqual(runAllInt8(op(), 0.05, -7, 0.01, -128), runAllInt8(op(), 0.05, -7, 1 / 256, -128));
});

test("float32: TFLM's cut-offs and float32 steps", (t) => {
  const x = [0, 1, -1, 16.5, 16.62, 17, 100, Infinity, -9, -9.5, -20, -Infinity, 3.25];
  const want = x.map((v) => {
    const fv = f(v);
    if (fv > f(16.619047164916992)) return 1;
    if (fv < -9) return f(Math.exp(fv));
    return f(1 / f(1 + f(Math.exp(-fv))));
  });
  const y = runFloat(op(1), x);
  t.deepEqual(y, want);
  t.is(y[0], 0.5);
  t.is(y[5], 1); // above 16.619...: exactly 1
  t.is(y[7], 1);
  t.is(y[9], f(Math.exp(-9.5))); // below -9: exp(x), not 1 / (1 + exp(-x))
  t.is(y[11], 0);
  t.true(Math.abs(y[1]! - 0.7310586) < 1e-7);
});

test("invalid models: output zero point, types, shapes, counts", (t) => {
  const q = (type: number, scale: number, zeroPoint: number, shape = [4]): TensorDef => ({ shape, type, scale, zeroPoint });
  expectModelError(t, [q(INT8, 0.1, 0), q(INT8, 1 / 256, 0)], op(), "BAD_QUANTIZATION", /-128/);
  expectModelError(t, [q(INT8, 0.1, 0), q(INT8, 1 / 256, -128, [2, 2])], op(), "BAD_SHAPE");
  expectModelError(t, [{ shape: [4], type: INT8 }, q(INT8, 1 / 256, -128)], op(), "BAD_QUANTIZATION");
  expectModelError(t, [q(INT8, 0.1, 0), q(INT8, 1 / 256, -128), q(INT8, 1 / 256, -128)], { ...op(), outputs: [1, 2] }, "BAD_FORMAT");
  expectUnsupported(t, [q(INT8, 0.1, 0), { shape: [4], type: FLOAT32 }], op(), /differs from input type/);
  expectUnsupported(t, [q(INT32, 1 / 4096, 0), q(INT32, 1 / 32768, 0)], op(3), /unsupported type/);
  expectUnsupported(t, [q(INT8, 0.1, 0), q(INT8, 1 / 256, -128)], op(4), /versions up to 3/);
  t.deepEqual(run([{ shape: [], type: FLOAT32 }, { shape: [], type: FLOAT32 }], op(1), [0]), [0.5]); // a scalar works
});
