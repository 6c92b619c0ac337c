/** TFLM's integer arithmetic against straightforward BigInt definitions. */
import test from "ava";
import {
  frexp,
  multiplyByQuantizedMultiplier,
  quantizeMultiplier,
  roundingDivideByPOT,
  saturatingRoundingDoublingHighMul,
} from "../../src/math/fixed_point";
import { randInt, rng } from "../helpers/random";

const MIN = -2147483648, MAX = 2147483647;

/** gemmlowp's definition with 64-bit integers: (a*b + nudge) / 2^31 truncated toward zero. */
function srdhmRef(a: number, b: number): number {
  if (a === MIN && b === MIN) return MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero, as C does
}

function rdbpRef(x: number, e: number): number {
  // round half away from zero of x / 2^e
  const d = 2 ** e;
  const q = x / d;
  const r = Math.abs(x) % d;
  const base = Math.trunc(q);
  if (2 * r > d || (2 * r === d)) return base + (x < 0 ? (2 * r >= d && r !== 0 ? -1 : 0) : r !== 0 ? 1 : 0);
  return base;
}

const edges = [0, 1, -1, 2, -2, MAX, MIN, MIN + 1, MAX - 1, 1 << 30, -(1 << 30), 65535, -65536, 65536, 123456789, -987654321];

test("saturatingRoundingDoublingHighMul equals the 64-bit definition", (t) => {
  for (const a of edges) for (const b of edges) t.is(saturatingRoundingDoublingHighMul(a, b), srdhmRef(a, b), `${a} * ${b}`);
  const r = rng(1);
  for (let i = 0; i < 20000; i++) {
    const a = randInt(r, MIN, MAX), b = randInt(r, MIN, MAX);
    const got = saturatingRoundingDoublingHighMul(a, b);
    if (got !== srdhmRef(a, b)) t.fail(`${a} * ${b}: ${got} vs ${srdhmRef(a, b)}`);
  }
  t.is(saturatingRoundingDoublingHighMul(MIN, MIN), MAX);
});

test("roundingDivideByPOT rounds half away from zero", (t) => {
  t.is(roundingDivideByPOT(5, 1), 3);
  t.is(roundingDivideByPOT(-5, 1), -3);
  t.is(roundingDivideByPOT(4, 1), 2);
  t.is(roundingDivideByPOT(-4, 1), -2);
  t.is(roundingDivideByPOT(7, 2), 2);
  t.is(roundingDivideByPOT(-6, 2), -2); // -1.5 -> -2
  t.is(roundingDivideByPOT(6, 2), 2); // 1.5 -> 2
  t.is(roundingDivideByPOT(MAX, 31), 1);
  t.is(roundingDivideByPOT(MIN, 31), -1);
  t.is(roundingDivideByPOT(123, 0), 123);
  const r = rng(2);
  for (let i = 0; i < 20000; i++) {
    const x = randInt(r, MIN, MAX), e = randInt(r, 0, 31);
    const want = Number((() => {
      const X = BigInt(x), D = 1n << BigInt(e);
      const q = X / D, rem = X - q * D; // truncated
      const twice = (rem < 0n ? -rem : rem) * 2n;
      return twice >= D && rem !== 0n ? q + (X < 0n ? -1n : 1n) : q;
    })());
    if (roundingDivideByPOT(x, e) !== want) t.fail(`${x} >> ${e}: ${roundingDivideByPOT(x, e)} vs ${want}`);
  }
  t.is(rdbpRef(5, 1), 3);
});

test("quantizeMultiplier matches TFLM's frexp-based Q31 encoding", (t) => {
  t.deepEqual(quantizeMultiplier(0), { multiplier: 0, shift: 0 });
  t.deepEqual(quantizeMultiplier(0.5), { multiplier: 1073741824, shift: 0 });
  t.deepEqual(quantizeMultiplier(1), { multiplier: 1073741824, shift: 1 });
  t.deepEqual(quantizeMultiplier(0.25), { multiplier: 1073741824, shift: -1 });
  t.deepEqual(quantizeMultiplier(2 ** -40), { multiplier: 0, shift: 0 }); // shifts below -31 flush to zero
  // A significand that rounds up to 2^31 is halved and the exponent bumped.
  t.deepEqual(quantizeMultiplier(1 - 2 ** -40), { multiplier: 1073741824, shift: 1 });
  const r = rng(3);
  for (let i = 0; i < 5000; i++) {
    const x = r() * 2 ** randInt(r, -30, 10);
    if (x < 2 ** -31) continue; // TFLM flushes multipliers whose shift would be below -31 to zero (checked above)
    const { multiplier, shift } = quantizeMultiplier(x);
    t.true(multiplier >= 2 ** 30 && multiplier < 2 ** 31, `${x}`);
    t.true(Math.abs((multiplier / 2 ** 31) * 2 ** shift - x) <= 2 ** (shift - 32), `${x}`);
  }
});

test("frexp splits like C's frexp", (t) => {
  t.deepEqual(frexp(8), [0.5, 4]);
  t.deepEqual(frexp(1), [0.5, 1]);
  t.deepEqual(frexp(0.75), [0.75, 0]);
  t.deepEqual(frexp(-3), [-0.75, 2]);
  t.deepEqual(frexp(0), [0, 0]);
  t.deepEqual(frexp(2 ** -1074), [0.5, -1073]);
  t.deepEqual(frexp(2 ** 1023 * 1.5), [0.75, 1024]);
});

test("multiplyByQuantizedMultiplier: left shifts first, rounds right last", (t) => {
  // 0.75 = 0.75 * 2^0 -> multiplier round(0.75 * 2^31), shift 0
  const m = quantizeMultiplier(0.75);
  t.is(multiplyByQuantizedMultiplier(100, m.multiplier, m.shift), 75);
  t.is(multiplyByQuantizedMultiplier(-3, m.multiplier, m.shift), -2); // -2.25 -> -2
  const big = quantizeMultiplier(3); // 0.75 * 2^2
  t.is(multiplyByQuantizedMultiplier(7, big.multiplier, big.shift), 21);
  const small = quantizeMultiplier(1 / 1024);
  t.is(multiplyByQuantizedMultiplier(1536, small.multiplier, small.shift), 2); // 1.5 -> 2
  t.is(multiplyByQuantizedMultiplier(-1536, small.multiplier, small.shift), -2);
  // TFLM rounds twice (in the high multiply, then in the shift): 1535 / 1024 = 1.4990 becomes 767.5 -> 768, then 1.5 -> 2.
  t.is(multiplyByQuantizedMultiplier(1535, small.multiplier, small.shift), 2);
  t.is(multiplyByQuantizedMultiplier(1534, small.multiplier, small.shift), 1);
  const r = rng(4);
  for (let i = 0; i < 5000; i++) {
    const x = randInt(r, -(2 ** 24), 2 ** 24);
    const real = r() * 4;
    const q = quantizeMultiplier(real);
    const got = multiplyByQuantizedMultiplier(x, q.multiplier, q.shift);
    t.true(Math.abs(got - x * real) <= 1 + Math.abs(x) * 2 ** -29, `${x} * ${real}: ${got}`);
  }
});
