/**
 * int16 activations (16x8 quantization): LOGISTIC and TANH against TFLM's table arithmetic for
 * power-of-two and other input scales, LEAKY_RELU against its requantization; refusals.
 */
import test from "ava";
import { BuiltinOperator, TensorType, type TensorDef } from "../helpers/model_builder";
import { LEAKY_RELU_OPTIONS } from "./activation_helpers";
import { clampTo, mbqm, quantMult } from "../helpers/elementwise_reference";
import { refScaled, refSigmoid, refTanh } from "../helpers/int16_reference";
import { randInt, rng } from "../helpers/random";
import { expectModelError, runOp } from "./shape_ops_helpers";

const { INT16 } = TensorType;
const q16 = (n: number, scale: number, zeroPoint = 0): TensorDef => ({ shape: [n], type: INT16, scale, zeroPoint });
const unary = (op: number) => ({ op, inputs: [0], outputs: [1] });
const inputs = (r: () => number, n: number) => [-32768, -1, 0, 1, 32767, ...Array.from({ length: n }, () => randInt(r, -32768, 32767))];

test("LOGISTIC / TANH int16 with the power-of-two input scales TFLM special-cases (2^-12; tanh also 2^-11)", (t) => {
  const x = inputs(rng(1), 500);
  t.deepEqual(runOp([q16(x.length, 2 ** -12), q16(x.length, 2 ** -15)], unary(BuiltinOperator.LOGISTIC), [x]), x.map((v) => refSigmoid(v)));
  t.deepEqual(runOp([q16(x.length, 2 ** -12), q16(x.length, 2 ** -15)], unary(BuiltinOperator.TANH), [x]), x.map((v) => refTanh(v, 0)));
  t.deepEqual(runOp([q16(x.length, 2 ** -11), q16(x.length, 2 ** -15)], unary(BuiltinOperator.TANH), [x]), x.map((v) => refTanh(v, 1)));
});

test("LOGISTIC / TANH int16 with other input scales: scale * 4096 * 3 doubled above 16383.5, truncated", (t) => {
  const r = rng(2);
  for (const scale of [1 / 3000, 0.0001, 2 ** -11, 2 ** -14, 0.001, 0.00005]) {
    // TFLM's multiplier, computed here the same way.
    let m = Math.fround(scale) * 4096 * 3, s = 0;
    while (m <= 32767 / 2 && s <= 30) {
      s++;
      m *= 2;
    }
    const x = inputs(r, 300);
    const logistic = runOp([q16(x.length, scale), q16(x.length, 2 ** -15)], unary(BuiltinOperator.LOGISTIC), [x]);
    t.deepEqual(logistic, x.map((v) => refScaled(v, Math.trunc(m), s, false)), `logistic, scale ${scale}`);
    if (scale !== 2 ** -11) {
      const tanh = runOp([q16(x.length, scale), q16(x.length, 2 ** -15)], unary(BuiltinOperator.TANH), [x]);
      t.deepEqual(tanh, x.map((v) => refScaled(v, Math.trunc(m), s, true)), `tanh, scale ${scale}`);
    }
    // And close to the real functions.
    logistic.forEach((v, i) => t.true(Math.abs(v / 32768 - 1 / (1 + Math.exp(-x[i]! * scale))) < 2e-3, `logistic(${x[i]! * scale})`));
  }
});

test("LOGISTIC / TANH int16 refuse other output scales and non-zero zero points", (t) => {
  expectModelError(t, [q16(2, 2 ** -12), q16(2, 2 ** -14)], unary(BuiltinOperator.LOGISTIC), "BAD_QUANTIZATION", /2\^-15/);
  expectModelError(t, [q16(2, 2 ** -12, 3), q16(2, 2 ** -15)], unary(BuiltinOperator.TANH), "BAD_QUANTIZATION", /zero points/);
  expectModelError(t, [q16(2, 4), q16(2, 2 ** -15)], unary(BuiltinOperator.TANH), "BAD_QUANTIZATION", /input/);
});

test("LEAKY_RELU int16: random scales, alphas (negative too) and zero points against TFLM's requantization", (t) => {
  const r = rng(3);
  for (let c = 0; c < 40; c++) {
    const alpha = Math.fround((r() - 0.2) * 2), si = Math.fround(10 ** (-4 + 2 * r())), so = Math.fround(10 ** (-4 + 2 * r()));
    const zi = randInt(r, -100, 100), zo = randInt(r, -100, 100);
    const x = inputs(r, 200);
    const got = runOp([q16(x.length, si, zi), q16(x.length, so, zo)], { op: BuiltinOperator.LEAKY_RELU, inputs: [0], outputs: [1], optionsType: LEAKY_RELU_OPTIONS, options: [{ id: 0, f32: alpha }] }, [x]);
    // A negative alpha: TFLM's QuantizeMultiplier gives the negated multiplier of |alpha| (frexp keeps the sign).
    const alphaReal = Math.fround(Math.fround(si * alpha) / so);
    const [amAbs, as] = quantMult(Math.abs(alphaReal)), [im, is] = quantMult(Math.fround(si / so));
    const am = alphaReal < 0 ? -amAbs : amAbs;
    const want = x.map((v) => {
      const d = v - zi;
      const scaled = d >= 0 ? mbqm(d, im, is) : am < 0 ? -mbqm(d, -am, as) : mbqm(d, am, as);
      return clampTo(zo + scaled, -32768, 32767);
    });
    t.deepEqual(got, want, `case ${c}: alpha ${alpha}`);
  }
});
