/**
 * SignalRfft (int16): kissfft's fixed-point real FFT. Small transforms are computed by hand
 * through kissfft's steps (each stage divides by its radix with a rounded multiply by
 * 32767 / radix; the real split halves once more), larger ones are compared with a float DFT / N
 * (the fixed-point result is that up to a few units of rounding) for every radix kissfft has.
 */
import test from "ava";
import { customOp, expectLoadError, output, run, type TensorDef, TensorType } from "./helpers";

const T = TensorType.INT16;
const tensors = (inShape: number[], n: number): TensorDef[] => [
  { shape: inShape, type: T },
  { shape: [...inShape.slice(0, -1), 2 * (n / 2 + 1)], type: T },
];
const op = (n: number, type: number = TensorType.INT16) => customOp("SignalRfft", [0], [1], { T: type, fft_length: n });
const fft = (x: number[], n: number, inShape = [x.length]) => output(run(tensors(inShape, n), op(n), [x]));

test("impulse, DC and Nyquist of an 8-point FFT, by hand", (t) => {
  // Impulse 1000: the radix-4 stage gives sround(1000 * 8191) = 250 in every bin, the split
  // halves it (sround(250 * 16383) = 125): X[k] = 1000 / 8 = 125 for all 5 bins.
  t.deepEqual(fft([1000, 0, 0, 0, 0, 0, 0, 0], 8), [125, 0, 125, 0, 125, 0, 125, 0, 125, 0]);
  // DC 1000: X[0] = 8000 / 8 = 1000, nothing elsewhere.
  t.deepEqual(fft([1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000], 8), [1000, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  // Alternating +-1000: all energy at Nyquist.
  t.deepEqual(fft([1000, -1000, 1000, -1000, 1000, -1000, 1000, -1000], 8), [0, 0, 0, 0, 0, 0, 0, 0, 1000, 0]);
});

test("frames are zero padded to fft_length and transformed one by one", (t) => {
  // Two frames of 6 samples into 8-point FFTs: an impulse, then a DC run of 6 samples.
  const y = fft([1000, 0, 0, 0, 0, 0, 800, 800, 800, 800, 800, 800], 8, [2, 6]);
  t.deepEqual(y.slice(0, 10), [125, 0, 125, 0, 125, 0, 125, 0, 125, 0]);
  // 6 * 800 / 8 = 600 at DC; bin k of a 6-long box: 100 * sum_{j<6} e^{-i pi j k / 4}
  const expect = [0, 1, 2, 3, 4].flatMap((k) => {
    let re = 0, im = 0;
    for (let j = 0; j < 6; j++) {
      re += 100 * Math.cos((-Math.PI * j * k) / 4);
      im += 100 * Math.sin((-Math.PI * j * k) / 4);
    }
    return [re, im];
  });
  y.slice(10).forEach((v, i) => t.true(Math.abs(v - expect[i]!) <= 2, `bin value ${i}: ${v} vs ${expect[i]}`));
});

/** The DFT of x divided by n, bins 0..n/2 as (re, im). */
function dft(x: number[], n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k <= n / 2; k++) {
    let re = 0, im = 0;
    for (let j = 0; j < x.length; j++) {
      re += x[j]! * Math.cos((-2 * Math.PI * j * k) / n);
      im += x[j]! * Math.sin((-2 * Math.PI * j * k) / n);
    }
    out.push(re / n, im / n);
  }
  return out;
}

for (const [n, radices] of [[16, "4, 2"], [12, "2, 3"], [20, "2, 5"], [60, "2, 3, 5"], [128, "4, 4, 4"], [512, "4, 4, 4, 4"]] as const) {
  test(`fft_length ${n} (radices ${radices}) is the DFT / N up to rounding`, (t) => {
    let seed = n;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const x = Array.from({ length: n }, () => Math.round((rand() * 2 - 1) * 30000));
    const y = fft(x, n);
    const ref = dft(x, n);
    // Every stage adds at most a unit or so of rounding; the bound is loose but catches any wrong twiddle or order.
    const worst = Math.max(...y.map((v, i) => Math.abs(v - ref[i]!)));
    t.true(worst <= 6, `largest deviation ${worst}`);
  });
}

test("invalid models", (t) => {
  // 14 / 2 = 7: a radix kissfft only has as its generic butterfly, which TFLM's build cannot run.
  expectLoadError(t, tensors([14], 14), op(14), "BAD_FORMAT", /prime factor/);
  expectLoadError(t, tensors([8], 8), op(8, TensorType.INT32), "BAD_TYPE", /FFT type/);
  expectLoadError(t, tensors([10], 8), op(8), "BAD_SHAPE", /do not fit/);
  expectLoadError(t, [{ shape: [8], type: T }, { shape: [8], type: T }], op(8), "BAD_SHAPE", /complex bins/);
  expectLoadError(t, tensors([8], 8), op(7), "BAD_FORMAT", /even/);
  // 2 / 2 = 1: kissfft's "radix 1" is its generic butterfly too.
  expectLoadError(t, tensors([2], 2), op(2), "BAD_FORMAT", /4\.\.65536/);
  expectLoadError(t, tensors([8], 8), customOp("SignalRfft", [0], [1], { T: T }), "BAD_FORMAT", /fft_length/);
});
