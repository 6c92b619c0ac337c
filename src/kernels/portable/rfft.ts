/**
 * SignalRfft on int16: TFLM's signal library runs kissfft (v130, FIXED_POINT 16) as a real FFT:
 * an N/2-point complex FFT of the even/odd samples, then the split into N/2 + 1 bins. Every stage
 * divides by its radix (so the result is the DFT divided by N), every product rounds half up
 * ((a * b + 2^14) >> 15) and every stored value wraps to int16, as kissfft's int16 complex type
 * does. The twiddles, factors and sizes come packed in `p` (layout Rfft).
 */
import { Rfft } from "../layout";

/** int16 wrap, as a store into kissfft's int16 scalar does. */
function s16(x: number): number {
  return (x << 16) >> 16;
}
/** kissfft's sround(): (x + 2^14) >> 15, then into an int16. */
function sround(x: number): number {
  return (((x + 16384) >> 15) << 16) >> 16;
}

// Positions in `w` (the scratch) and `p` are in int16 / int32 units; a complex value k of a region
// starting at base is [base + 2k] (real) and [base + 2k + 1] (imaginary).

/** C_FIXDIV(c, div): both parts times SAMP_MAX / div (integer division), rounded. */
function fixdiv(w: Int16Array, at: number, k: number): void {
  w[at] = sround(w[at]! * k);
  w[at + 1] = sround(w[at + 1]! * k);
}

function bfly2(p: Int32Array, w: Int16Array, out: number, fstride: number, m: number): void {
  const tw = Rfft.HEADER;
  for (let k = 0; k < m; k++) {
    const a = out + 2 * k, b = out + 2 * (k + m);
    fixdiv(w, a, 16383);
    fixdiv(w, b, 16383);
    const twr = p[tw + 2 * k * fstride]!, twi = p[tw + 2 * k * fstride + 1]!;
    const br = w[b]!, bi = w[b + 1]!;
    const tr = sround(br * twr - bi * twi), ti = sround(br * twi + bi * twr);
    w[b] = w[a]! - tr;
    w[b + 1] = w[a + 1]! - ti;
    w[a] = w[a]! + tr;
    w[a + 1] = w[a + 1]! + ti;
  }
}

function bfly3(p: Int32Array, w: Int16Array, out: number, fstride: number, m: number): void {
  const tw = Rfft.HEADER;
  const epi3i = p[tw + 2 * fstride * m + 1]!;
  for (let k = 0; k < m; k++) {
    const f0 = out + 2 * k, f1 = out + 2 * (k + m), f2 = out + 2 * (k + 2 * m);
    fixdiv(w, f0, 10922);
    fixdiv(w, f1, 10922);
    fixdiv(w, f2, 10922);
    const t1 = tw + 2 * k * fstride, t2 = tw + 4 * k * fstride;
    const ar = w[f1]!, ai = w[f1 + 1]!, br = w[f2]!, bi = w[f2 + 1]!;
    const s1r = sround(ar * p[t1]! - ai * p[t1 + 1]!), s1i = sround(ar * p[t1 + 1]! + ai * p[t1]!);
    const s2r = sround(br * p[t2]! - bi * p[t2 + 1]!), s2i = sround(br * p[t2 + 1]! + bi * p[t2]!);
    const s3r = s16(s1r + s2r), s3i = s16(s1i + s2i);
    let s0r = s16(s1r - s2r), s0i = s16(s1i - s2i);
    const m1r = s16(w[f0]! - (s3r >> 1)), m1i = s16(w[f0 + 1]! - (s3i >> 1));
    s0r = sround(s0r * epi3i);
    s0i = sround(s0i * epi3i);
    w[f0] = w[f0]! + s3r;
    w[f0 + 1] = w[f0 + 1]! + s3i;
    w[f2] = m1r + s0i;
    w[f2 + 1] = m1i - s0r;
    w[f1] = m1r - s0i;
    w[f1 + 1] = m1i + s0r;
  }
}

function bfly4(p: Int32Array, w: Int16Array, out: number, fstride: number, m: number): void {
  const tw = Rfft.HEADER;
  for (let k = 0; k < m; k++) {
    const f0 = out + 2 * k, f1 = f0 + 2 * m, f2 = f0 + 4 * m, f3 = f0 + 6 * m;
    fixdiv(w, f0, 8191);
    fixdiv(w, f1, 8191);
    fixdiv(w, f2, 8191);
    fixdiv(w, f3, 8191);
    const t1 = tw + 2 * k * fstride, t2 = tw + 4 * k * fstride, t3 = tw + 6 * k * fstride;
    const ar = w[f1]!, ai = w[f1 + 1]!, br = w[f2]!, bi = w[f2 + 1]!, cr = w[f3]!, ci = w[f3 + 1]!;
    const s0r = sround(ar * p[t1]! - ai * p[t1 + 1]!), s0i = sround(ar * p[t1 + 1]! + ai * p[t1]!);
    const s1r = sround(br * p[t2]! - bi * p[t2 + 1]!), s1i = sround(br * p[t2 + 1]! + bi * p[t2]!);
    const s2r = sround(cr * p[t3]! - ci * p[t3 + 1]!), s2i = sround(cr * p[t3 + 1]! + ci * p[t3]!);
    const s5r = s16(w[f0]! - s1r), s5i = s16(w[f0 + 1]! - s1i);
    const f0r = s16(w[f0]! + s1r), f0i = s16(w[f0 + 1]! + s1i);
    const s3r = s16(s0r + s2r), s3i = s16(s0i + s2i);
    const s4r = s16(s0r - s2r), s4i = s16(s0i - s2i);
    w[f2] = f0r - s3r;
    w[f2 + 1] = f0i - s3i;
    w[f0] = f0r + s3r;
    w[f0 + 1] = f0i + s3i;
    // Forward transform only (TFLM's SignalRfft never runs the inverse through here).
    w[f1] = s5r + s4i;
    w[f1 + 1] = s5i - s4r;
    w[f3] = s5r - s4i;
    w[f3 + 1] = s5i + s4r;
  }
}

/** S_MUL: one rounded product, as an int16. */
function smul(a: number, b: number): number {
  return sround(a * b);
}

function bfly5(p: Int32Array, w: Int16Array, out: number, fstride: number, m: number): void {
  const tw = Rfft.HEADER;
  const yar = p[tw + 2 * fstride * m]!, yai = p[tw + 2 * fstride * m + 1]!;
  const ybr = p[tw + 4 * fstride * m]!, ybi = p[tw + 4 * fstride * m + 1]!;
  for (let u = 0; u < m; u++) {
    const f0 = out + 2 * u, f1 = f0 + 2 * m, f2 = f0 + 4 * m, f3 = f0 + 6 * m, f4 = f0 + 8 * m;
    fixdiv(w, f0, 6553);
    fixdiv(w, f1, 6553);
    fixdiv(w, f2, 6553);
    fixdiv(w, f3, 6553);
    fixdiv(w, f4, 6553);
    const s0r = w[f0]!, s0i = w[f0 + 1]!;
    const t1 = tw + 2 * u * fstride, t2 = tw + 4 * u * fstride, t3 = tw + 6 * u * fstride, t4 = tw + 8 * u * fstride;
    const s1r = sround(w[f1]! * p[t1]! - w[f1 + 1]! * p[t1 + 1]!), s1i = sround(w[f1]! * p[t1 + 1]! + w[f1 + 1]! * p[t1]!);
    const s2r = sround(w[f2]! * p[t2]! - w[f2 + 1]! * p[t2 + 1]!), s2i = sround(w[f2]! * p[t2 + 1]! + w[f2 + 1]! * p[t2]!);
    const s3r = sround(w[f3]! * p[t3]! - w[f3 + 1]! * p[t3 + 1]!), s3i = sround(w[f3]! * p[t3 + 1]! + w[f3 + 1]! * p[t3]!);
    const s4r = sround(w[f4]! * p[t4]! - w[f4 + 1]! * p[t4 + 1]!), s4i = sround(w[f4]! * p[t4 + 1]! + w[f4 + 1]! * p[t4]!);
    const s7r = s16(s1r + s4r), s7i = s16(s1i + s4i);
    const s10r = s16(s1r - s4r), s10i = s16(s1i - s4i);
    const s8r = s16(s2r + s3r), s8i = s16(s2i + s3i);
    const s9r = s16(s2r - s3r), s9i = s16(s2i - s3i);
    w[f0] = w[f0]! + (s7r + s8r);
    w[f0 + 1] = w[f0 + 1]! + (s7i + s8i);
    const s5r = s16(s0r + smul(s7r, yar) + smul(s8r, ybr)), s5i = s16(s0i + smul(s7i, yar) + smul(s8i, ybr));
    const s6r = s16(smul(s10i, yai) + smul(s9i, ybi)), s6i = s16(-smul(s10r, yai) - smul(s9r, ybi));
    w[f1] = s5r - s6r;
    w[f1 + 1] = s5i - s6i;
    w[f4] = s5r + s6r;
    w[f4 + 1] = s5i + s6i;
    const s11r = s16(s0r + smul(s7r, ybr) + smul(s8r, yar)), s11i = s16(s0i + smul(s7i, ybr) + smul(s8i, yar));
    const s12r = s16(-smul(s10i, ybi) + smul(s9i, yai)), s12i = s16(smul(s10r, ybi) - smul(s9r, yai));
    w[f2] = s11r + s12r;
    w[f2 + 1] = s11i + s12i;
    w[f3] = s11r - s12r;
    w[f3 + 1] = s11i - s12i;
  }
}

/** kissfft's kf_work: out and input are complex-region bases in w; factor indexes p's factor list. */
function work(p: Int32Array, w: Int16Array, out: number, input: number, fstride: number, factor: number): void {
  const radix = p[Rfft.FACTOR_LIST + factor]!, m = p[Rfft.FACTOR_LIST + factor + 1]!;
  if (m === 1) {
    for (let j = 0, f = input; j < radix; j++, f += 2 * fstride) {
      w[out + 2 * j] = w[f]!;
      w[out + 2 * j + 1] = w[f + 1]!;
    }
  } else {
    for (let j = 0, f = input; j < radix; j++, f += 2 * fstride) work(p, w, out + 2 * j * m, f, fstride * radix, factor + 2);
  }
  switch (radix) {
    case 2: bfly2(p, w, out, fstride, m); break;
    case 3: bfly3(p, w, out, fstride, m); break;
    case 4: bfly4(p, w, out, fstride, m); break;
    default: bfly5(p, w, out, fstride, m); break; // prepare admits radices 2..5 only
  }
}

/**
 * Real FFT of every frame: the frame is copied into `work`, zero padded to FFT_LENGTH, transformed;
 * FFT_LENGTH / 2 + 1 complex bins (int16 real, imaginary) are written per output frame.
 * `work` holds 2 * FFT_LENGTH int16 values.
 */
export function rfftInt16(p: Int32Array, input: Int16Array, work_: Int16Array, output: Int16Array): void {
  const n = p[Rfft.FFT_LENGTH]!, inLen = p[Rfft.INPUT_LENGTH]!, frames = p[Rfft.FRAMES]!, outLen = p[Rfft.OUTPUT_LENGTH]!;
  const half = n >> 1;
  const w = work_;
  const tmp = n; // the complex FFT's output region follows the padded input
  const sup = Rfft.HEADER + 2 * half; // the real-split twiddles follow the complex ones
  for (let fr = 0; fr < frames; fr++) {
    const src = fr * inLen, dst = fr * outLen;
    for (let i = 0; i < inLen; i++) w[i] = input[src + i]!;
    for (let i = inLen; i < n; i++) w[i] = 0;
    work(p, w, tmp, 0, 1, 0);
    // DC and Nyquist from the first bin, each halved first (C_FIXDIV by 2).
    const dr = sround(w[tmp]! * 16383), di = sround(w[tmp + 1]! * 16383);
    output[dst] = dr + di;
    output[dst + 1] = 0;
    output[dst + 2 * half] = dr - di;
    output[dst + 2 * half + 1] = 0;
    for (let k = 1; k <= half >> 1; k++) {
      const a = tmp + 2 * k, b = tmp + 2 * (half - k);
      const pkr = sround(w[a]! * 16383), pki = sround(w[a + 1]! * 16383);
      const pnr = sround(w[b]! * 16383), pni = sround(s16(-w[b + 1]!) * 16383);
      const f1r = s16(pkr + pnr), f1i = s16(pki + pni);
      const f2r = s16(pkr - pnr), f2i = s16(pki - pni);
      const sr = p[sup + 2 * (k - 1)]!, si = p[sup + 2 * (k - 1) + 1]!;
      const twr = sround(f2r * sr - f2i * si), twi = sround(f2r * si + f2i * sr);
      output[dst + 2 * k] = (f1r + twr) >> 1;
      output[dst + 2 * k + 1] = (f1i + twi) >> 1;
      output[dst + 2 * (half - k)] = (f1r - twr) >> 1;
      output[dst + 2 * (half - k) + 1] = (twi - f1i) >> 1;
    }
  }
}

/**
 * The packed constants for an FFT of real length n (even; n / 2 must factor into 2, 3, 4, 5):
 * kissfft's factor list, its n / 2 twiddles and the n / 4 twiddles of the real split, all as
 * kissfft computes them in double: floor(0.5 + 32767 * cos(phase)). Returns null when n / 2 has a
 * prime factor above 5 (kissfft would need a temporary buffer that TFLM's build cannot allocate).
 */
export function rfftParams(n: number, inputLength: number, frames: number, outputLength: number): Int32Array | null {
  const half = n >> 1;
  const factors: number[] = [];
  let rest = half;
  let radix = 4;
  const floorSqrt = Math.floor(Math.sqrt(half));
  do {
    while (rest % radix !== 0) {
      radix = radix === 4 ? 2 : radix === 2 ? 3 : radix + 2;
      if (radix > floorSqrt) radix = rest;
    }
    rest /= radix;
    factors.push(radix, rest);
  } while (rest > 1);
  if (factors.some((f, i) => i % 2 === 0 && f > 5)) return null;
  if (factors.length > 2 * Rfft.MAX_FACTORS) return null;
  const p = new Int32Array(Rfft.HEADER + 2 * half + 2 * (half >> 1));
  p[Rfft.FFT_LENGTH] = n;
  p[Rfft.INPUT_LENGTH] = inputLength;
  p[Rfft.FRAMES] = frames;
  p[Rfft.OUTPUT_LENGTH] = outputLength;
  p[Rfft.FACTORS] = factors.length >> 1;
  factors.forEach((f, i) => (p[Rfft.FACTOR_LIST + i] = f));
  const pi = 3.141592653589793;
  for (let i = 0; i < half; i++) {
    const phase = (-2 * pi * i) / half;
    p[Rfft.HEADER + 2 * i] = s16(Math.floor(0.5 + 32767 * Math.cos(phase)));
    p[Rfft.HEADER + 2 * i + 1] = s16(Math.floor(0.5 + 32767 * Math.sin(phase)));
  }
  const sup = Rfft.HEADER + 2 * half;
  for (let i = 0; i < half >> 1; i++) {
    const phase = -pi * ((i + 1) / half + 0.5);
    p[sup + 2 * i] = s16(Math.floor(0.5 + 32767 * Math.cos(phase)));
    p[sup + 2 * i + 1] = s16(Math.floor(0.5 + 32767 * Math.sin(phase)));
  }
  return p;
}
