/**
 * SignalFilterBankSpectralSubtraction: the noise estimate is state kept across invokes (zero at
 * start and after reset, as TFLM zeroes it in Prepare and Reset). Small Q4 smoothing values make
 * every step computable by hand.
 */
import test from "ava";
import { customOp, expectLoadError, load, output, setInput, type TensorDef, TensorType } from "./helpers";

const U = TensorType.UINT32;
const tensors = (n: number): TensorDef[] => [{ shape: [n], type: U }, { shape: [n], type: U }, { shape: [n], type: U }];
const opts = (clamping: boolean) => ({
  num_channels: 2,
  smoothing: 4, // 0.25 in Q4 (even channels)
  one_minus_smoothing: 12,
  alternate_smoothing: 8, // 0.5 (odd channels)
  alternate_one_minus_smoothing: 8,
  min_signal_remaining: 2, // 1/8
  smoothing_bits: 2,
  spectral_subtraction_bits: 4,
  clamping,
});
const op = (clamping: boolean) => customOp("SignalFilterBankSpectralSubtraction", [0], [1, 2], opts(clamping));

function step(it: ReturnType<typeof load>, x: number[]) {
  setInput(it, 0, x);
  it.invoke();
  return { out: output(it, 0), noise: output(it, 1) };
}

test("the estimate evolves over invokes, by hand; reset starts over", (t) => {
  const it = load(tensors(2), op(false));
  // ch0: scaled 400, est (400*4 + 0*12) >> 4 = 100, out (400-100) >> 2 = 75 (floor 100*2>>4 = 12)
  // ch1: est (400*8 + 0*8) >> 4 = 200, out (400-200) >> 2 = 50
  t.deepEqual(step(it, [100, 100]), { out: [75, 50], noise: [100, 200] });
  // ch0: est (400*4 + 100*12) >> 4 = 175, out 225 >> 2 = 56
  // ch1: scaled 0, est (0 + 200*8) >> 4 = 100 > 0: subtract 0 instead (no clamping: the state keeps 100)
  t.deepEqual(step(it, [100, 0]), { out: [56, 0], noise: [175, 100] });
  // ch0: scaled 32, est (128 + 2100) >> 4 = 139 > 32 -> 0, floor (8*2) >> 4 = 1 wins
  // ch1: scaled 40, est (40*8 + 100*8) >> 4 = 70 > 40 -> 0, floor (10*2) >> 4 = 1
  t.deepEqual(step(it, [8, 10]), { out: [1, 1], noise: [139, 70] });
  it.reset();
  t.deepEqual(step(it, [100, 100]), { out: [75, 50], noise: [100, 200] });
});

test("clamping stores the clamped estimate", (t) => {
  const it = load(tensors(2), op(true));
  step(it, [100, 100]);
  t.deepEqual(step(it, [100, 0]), { out: [56, 0], noise: [175, 0] });
});

test("64-bit products: large signals and Q14 smoothing as in the micro_speech front end", (t) => {
  const o = { ...opts(false), smoothing: 409, one_minus_smoothing: 15975, alternate_smoothing: 983, alternate_one_minus_smoothing: 15401, min_signal_remaining: 819, smoothing_bits: 10, spectral_subtraction_bits: 14 };
  const it = load(tensors(2), customOp("SignalFilterBankSpectralSubtraction", [0], [1, 2], o));
  const x = [0xffffffff, 3000000];
  // scaled = x << 10 wraps in uint32: 0xFFFFFC00 and 3072000000.
  const s0 = 0xfffffc00, s1 = 3072000000;
  const est0 = Number((BigInt(s0) * 409n) >> 14n), est1 = Number((BigInt(s1) * 983n) >> 14n);
  const floor0 = Number((BigInt(x[0]!) * 819n) >> 14n), floor1 = Number((BigInt(x[1]!) * 819n) >> 14n);
  const out0 = Math.max(Math.floor((s0 - est0) / 1024), floor0), out1 = Math.max(Math.floor((s1 - est1) / 1024), floor1);
  t.deepEqual(step(it, x), { out: [out0, out1], noise: [est0, est1] });
});

test("invalid models", (t) => {
  expectLoadError(t, tensors(1), op(false), "BAD_SHAPE", /num_channels/);
  expectLoadError(t, [{ shape: [2], type: U }, { shape: [2], type: U }, { shape: [2], type: TensorType.INT32 }], op(false), "BAD_TYPE");
  expectLoadError(t, tensors(2), customOp("SignalFilterBankSpectralSubtraction", [0], [1, 2], { ...opts(false), smoothing_bits: 40 }), "BAD_FORMAT", /smoothing_bits/);
  expectLoadError(t, tensors(2), customOp("SignalFilterBankSpectralSubtraction", [0], [1, 2], { num_channels: 2 }), "BAD_FORMAT", /missing/);
});
