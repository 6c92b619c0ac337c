/** HARD_SWISH: int8 bit-exact with TFLM's int16 fixed-point reference (through its 256-entry table), float32, invalid models. */
import test from "ava";
import { hardSwishInt8Value, hardSwishParams } from "../../src/ops/hard_swish";
import { BuiltinOperator, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { ALL_INT8, expectModelError, expectUnsupported, ints, quantizeInt8, runAllInt8, runFloat, unaryOp } from "./activation_helpers";

const { INT8, INT16, FLOAT32 } = TensorType;
const f = Math.fround;
const op = (version = 1) => unaryOp(BuiltinOperator.HARD_SWISH, undefined, undefined, version);
const hardSwish = (x: number) => (x * Math.min(6, Math.max(0, x + 3))) / 6;

test("int8: prepared constants and hand-derived values (input scale 0.1, output scale 0.05, output zero point -20)", (t) => {
  // 0.1f is exactly twice 0.05f: hires scale / output scale = 2 / 128 = 2^-6 -> Q15 multiplier 16384, exponent -5.
  // hires / relu-ish scale = 0.1f * 256 / 3 = 8.533 = 0.5333 * 2^4 -> exponent 4, Q15 multiplier round(0.5333 * 2^15).
  const p = hardSwishParams(f(0.1), 0, f(0.05), -20);
  t.is(p.outputMultiplier, 16384);
  t.is(p.outputExponent, -5);
  t.is(p.reluishExponent, 4);
  t.is(p.reluishMultiplier, Math.round(((f(0.1) / 128 / f(3 / 32768)) / 16) * 32768));
  const y = runAllInt8(op(), 0.1, 0, 0.05, -20);
  const at = (x: number) => y[x + 128]!;
  t.is(at(0), -20); // hard_swish(0) = 0: the output zero point
  for (let x = -128; x <= -30; x++) t.is(at(x), -20); // x <= -3: 0
  t.is(at(127), 127); // 12.7 / 0.05 = 254 -> saturates
  t.is(at(-15), -28); // -1.5 * 1.5 / 6 = -0.375 = -7.5 output steps; TFLM's reference (run at these scales) gives -8 - 20
  t.is(at(-30), -20); // exactly -3: 0
});

test("int8: all 256 outputs recorded from TFLM's reference kernel (0.02, 5) -> (0.01, -3)", (t) => {
  const want = ints(`-18 -19 -20 -20 -21 -22 -22 -23 -24 -24 -25 -26 -26 -27 -28 -28 -29 -29 -30 -30 -31 -31 -32 -32 -33 -33 -34*3 -35 -35
    -36*3 -37*3 -38*4 -39*5 -40*12 -41 -40*12 -39*5 -38*4 -37*3 -36*3 -35*3 -34 -34 -33 -33 -32 -32 -31 -31 -30 -30 -29 -29 -28 -28 -27 -26
    -26 -25 -24 -24 -23 -22 -22 -21 -20 -20 -19 -18 -17 -17 -16 -15 -14 -13 -12 -11 -11 -10 -9 -8 -7 -6 -5 -4 -3 -2 -1 0 1 2 3 4 5 7 8 9 10
    11 12 13 15 16 17 18 20 21 22 24 25 26 28 29 30 32 33 34 36 37 39 40 42 43 45 46 48 49 51 52 54 55 57 59 60 62 64 65 67 69 70 72 74 76 77
    79 81 83 85 86 88 90 92 94 96 98 100 102 104 106 108 110 112 114 116 118 120 122 124 126 127*39`);
  t.is(want.length, 256);
  t.deepEqual(runAllInt8(op(), 0.02, 5, 0.01, -3), want);
});

test("int8: the table equals the per-element arithmetic on all inputs and stays within 1 LSB of the float formula", (t) => {
  const r = rng(41);
  let checked = 0;
  for (let i = 0; i < 60; i++) {
    const inScale = f(2 ** (r() * 8 - 8)), inZp = randInt(r, -128, 127);
    const outScale = f(inScale * 2 ** (r() * 6 - 7.5)), outZp = randInt(r, -128, 127);
    const p = hardSwishParams(inScale, inZp, outScale, outZp);
    if (p.outputExponent > 0) continue; // rejected at prepare (tested below)
    checked++;
    const y = runAllInt8(op(), inScale, inZp, outScale, outZp);
    t.deepEqual(y, ALL_INT8.map((x) => hardSwishInt8Value(x, p)));
    ALL_INT8.forEach((x, k) => {
      const ideal = quantizeInt8(hardSwish((x - inZp) * inScale), outScale, outZp);
      if (Math.abs(y[k]! - ideal) > 1) t.fail(`${inScale} ${inZp} -> ${outScale} ${outZp}, x ${x}: ${y[k]} vs ${ideal}`);
    });
  }
  t.true(checked > 30);
});

test("float32: x * min(6, max(0, x + 3)) / 6 in float32 steps, -0 for x <= -3", (t) => {
  const x = [0, 3, 1, -1.5, -4, 10, -3, 0.1, 2.9];
  const y = runFloat(op(), x);
  t.deepEqual(y, x.map((v) => f(f(f(v) * Math.min(6, Math.max(0, f(f(v) + 3)))) / 6)));
  t.is(y[1], 3);
  t.is(y[3], -0.375);
  t.true(Object.is(y[4], -0)); // -4 * 0 = -0 in IEEE arithmetic, as in C
  t.is(y[5], 10);
  t.is(y[2], f(4 / 6));
});

test("invalid models: output multiplier above one, types, shapes, version", (t) => {
  const q = (type: number, scale: number, zeroPoint: number, shape = [4]): TensorDef => ({ shape, type, scale, zeroPoint });
  // input scale / 128 > output scale: TFLM requires output_multiplier_exponent <= 0.
  expectModelError(t, [q(INT8, 1, 0), q(INT8, 0.005, 0)], op(), "BAD_QUANTIZATION", /128/);
  expectModelError(t, [q(INT8, 0.1, 0), q(INT8, 0.05, 0, [2, 2])], op(), "BAD_SHAPE");
  expectModelError(t, [q(INT8, 0.1, 0), { shape: [4], type: INT8 }], op(), "BAD_QUANTIZATION");
  expectUnsupported(t, [q(INT16, 0.1, 0), q(INT16, 0.05, 0)], op(), /unsupported type/);
  expectUnsupported(t, [{ shape: [4], type: FLOAT32 }, q(INT8, 0.05, 0)], op(), /differs from input type/);
  expectUnsupported(t, [q(INT8, 0.1, 0), q(INT8, 0.05, 0)], op(2), /versions up to 1/);
});
