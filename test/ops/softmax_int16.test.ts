/**
 * SOFTMAX int16 -> int16 (16x8 models): TFLM's SoftmaxInt16 written out from its definition
 * (gen_lut's float32 tables for exp over [-10, 0] and 1 / (1 + x) over [0, 1], the interpolating
 * lookup, the reciprocal from the sum's leading zeros) and compared on random rows; hand cases;
 * closeness to the real softmax; the refusals.
 */
import test from "ava";
import { BuiltinOperator, OptionsType, TensorType, type TensorDef } from "../helpers/model_builder";
import { mbqm, quantMult } from "../helpers/elementwise_reference";
import { randInt, rng } from "../helpers/random";
import { expectModelError, runOp } from "./shape_ops_helpers";

const { INT16 } = TensorType;
const f = Math.fround;
const softmaxOp = (beta: number) => ({ op: BuiltinOperator.SOFTMAX, inputs: [0], outputs: [1], optionsType: OptionsType.SoftmaxOptions, options: [{ id: 0, f32: beta }] });
const tensors = (shape: number[], inScale: number, outScale = 1 / 32768, zp = 0): TensorDef[] => [{ shape, type: INT16, scale: inScale, zeroPoint: zp }, { shape, type: INT16, scale: outScale, zeroPoint: 0 }];

/** gen_lut<float, int16_t, int16_t>(func, lo, hi, -1, 1): 512 biased samples and the end point, in float32 throughout. */
function table(func: (x: number) => number, lo: number, hi: number): number[] {
  const roundAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));
  const sat = (v: number) => Math.max(-32768, Math.min(32767, v));
  const step = f(f(hi - lo) / 512);
  const out: number[] = [];
  for (let i = 0; i < 512; i++) {
    const x0 = f(lo + f(i * step)), x1 = f(lo + f((i + 1) * step)), xm = f(x0 + f(step / 2));
    const v0 = roundAway(f(func(x0) * 32768));
    const interpolatedMid = roundAway(f(f(f(func(x1) * 32768) + v0) / 2));
    const err = f(interpolatedMid - roundAway(f(func(xm) * 32768)));
    out.push(sat(f(v0 - roundAway(f(err / 2)))));
  }
  out.push(sat(roundAway(f(func(f(hi)) * 32768))));
  return out;
}
const EXP = table((x) => f(Math.exp(x)), -10, 0);
const RECIPROCAL = table((x) => f(1 / f(1 + x)), 0, 1);

/** generic_int16_table_lookup on a value in [-32768, 32767]. */
function lookup(lut: number[], v: number): number {
  const i = 256 + Math.floor(v / 128), off = v - Math.floor(v / 128) * 128;
  const toInt16 = (x: number) => ((x + 32768) % 65536 + 65536) % 65536 - 32768;
  return toInt16(lut[i]! + Math.floor((toInt16(lut[i + 1]! - lut[i]!) * off + 64) / 128));
}

function reference(x: number[], depth: number, inScale: number, beta: number): number[] {
  const [m, s] = quantMult((inScale * beta) / (10 / 65535));
  const out: number[] = [];
  for (let r = 0; r < x.length / depth; r++) {
    const row = x.slice(r * depth, (r + 1) * depth), max = Math.max(...row);
    const exps = row.map((v) => lookup(EXP, Math.max(-32768, Math.min(32767, mbqm(v - max, m, s) + 32767))));
    const sum = exps.reduce((a, b) => a + b, 0);
    const clz = 32 - sum.toString(2).length;
    const shifted = Math.floor((sum * 2 ** (clz - 1) + 2 ** 13) / 2 ** 14);
    const reciprocal = lookup(RECIPROCAL, Math.max(-32768, Math.min(32767, shifted - 98304)));
    const right = 31 - clz;
    for (const e of exps) out.push(Math.max(0, Math.min(32767, Math.floor((e * reciprocal + 2 ** (right - 1)) / 2 ** right))));
  }
  return out;
}

test("by hand: equal values share 1 (16384 each of two, 8192 each of four), a row of one is 1, a difference beyond -10 counts as exp(-10)", (t) => {
  t.deepEqual(runOp(tensors([2], 1 / 3276.8), softmaxOp(1), [[1000, 1000]]), [16384, 16384]);
  t.deepEqual(runOp(tensors([4], 1 / 3276.8), softmaxOp(1), [[-7, -7, -7, -7]]), [8192, 8192, 8192, 8192]);
  t.deepEqual(runOp(tensors([1], 1 / 3276.8), softmaxOp(1), [[-32768]]), [32767]);
  // A difference of 20, beyond the exp table's -10, is clamped to it: the table's first entry, round(1.49) plus its
  // midpoint bias of 1, is 2 (of 32768); the larger value gets the rest but one.
  t.deepEqual(runOp(tensors([2], 1 / 3276.8), softmaxOp(1), [[32767, -32768]]), [32766, 2]);
});

test("random rows, scales and betas match TFLM's arithmetic written out, and stay close to the real softmax", (t) => {
  const r = rng(3276);
  let checked = 0, worst = 0;
  for (let c = 0; c < 80; c++) {
    const depth = randInt(r, 1, 40), outer = randInt(r, 1, 4), beta = [1, 0.5, 2, f(0.3)][randInt(r, 0, 3)]!;
    const inScale = f(10 ** (-5 + 3 * r()));
    const spread = randInt(r, 1, 32767);
    const x = Array.from({ length: outer * depth }, () => Math.max(-32768, Math.min(32767, randInt(r, -spread, spread))));
    const got = runOp(tensors([outer, depth], inScale), softmaxOp(beta), [x]);
    const want = reference(x, depth, inScale, beta);
    if (got.join() !== want.join()) return t.fail(`case ${c}: depth ${depth} scale ${inScale} beta ${beta}: ${got.slice(0, 12)} vs ${want.slice(0, 12)}`);
    for (let i = 0; i < outer; i++) {
      const row = x.slice(i * depth, (i + 1) * depth), max = Math.max(...row);
      const e = row.map((v) => Math.exp(beta * inScale * (v - max)));
      const sum = e.reduce((a, b) => a + b, 0);
      e.forEach((v, j) => { worst = Math.max(worst, Math.abs(got[i * depth + j]! - (32768 * v) / sum)); });
    }
    checked += got.length;
  }
  t.true(checked > 1000, `${checked}`);
  // The tables cut exp at -10 and interpolate over 128 steps: within 0.2% of 1.
  t.true(worst < 64, `worst distance to the real softmax ${worst} / 32768`);
});

test("refusals: zero points, output scale, row length", (t) => {
  expectModelError(t, tensors([4], 0.001, 1 / 32768, 3), softmaxOp(1), "BAD_QUANTIZATION", /zero points 0/);
  expectModelError(t, tensors([4], 0.001, 1 / 65536), softmaxOp(1), "BAD_QUANTIZATION", /1\/32768/);
  expectModelError(t, tensors([65537], 0.001), softmaxOp(1), "BAD_SHAPE", /65536/);
});
