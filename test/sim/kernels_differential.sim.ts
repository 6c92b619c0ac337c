/**
 * Inside tinyml-sim: every native kernel against its portable TypeScript kernel on seeded random
 * layers, byte for byte. Arguments: [CONFIGS_PER_KERNEL] [SEED].
 *
 * The layers cover 1x1 images, padding larger than the kernel, strides larger than the kernel,
 * dilation, depth multipliers > 1, groups, channel counts that are not multiples of 4, extreme
 * requantization (shifts -31..30, multipliers up to 2^31 - 1, zero), every input offset of an int8
 * zero point (-127..128), wide biases and random activation ranges; and the conv's pointwise fast
 * path against its general loop; ADD / SUB over random broadcasts; SOFTMAX with real and arbitrary
 * exp tables (and rows long enough to wrap the fixed-point sum); the audio front end's real FFT over
 * every FFT length kissfft's radices allow (4..2048 here), zero padding, int16 extremes and arbitrary
 * twiddles, and its filter bank over random band layouts, weights and uint32 energies (to the
 * extremes, so that the uint64 sums wrap); SVDF with int8 and int16 states over several steps (the
 * outputs and the final state compared); the int8 LSTM over random layouts and requantizations (output,
 * hidden and cell states compared). Shapes stay small: XS runs the TypeScript reference slowly.
 */
import { AddSub, Binary, BinaryOp, Conv, DecodeLut, FilterBank, FullyConnected, Lstm, Pool, Rfft, SOFTMAX_EXP_TABLE, Softmax, Svdf } from "../../src/kernels/layout";
import { rfftParams } from "../../src/kernels/portable/rfft";
import { binaryParams, broadcastShape } from "../../src/ops/broadcast";
import { softmaxExp, softmaxInt8Params } from "../../src/ops/softmax";
import type { TensorSpec } from "../../src/model/model";
import type { Kernels } from "../../src/kernels/kernels";
import { nativeKernels, int32Bytes } from "../../src/kernels/native/index";
import { portableKernels } from "../../src/kernels/portable/index";
import { rng } from "../helpers/random";
import { check, finish, sim } from "./harness";

const perKernel = Number(sim.args[0] ?? "1000");
const seed = Number(sim.args[1] ?? "20240601");
const r = rng(seed);
const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const chance = (p: number): boolean => r() < p;
const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;

const natives = nativeKernels();
declare const native: (name: string) => unknown;

function randomInt8(n: number): Int8Array {
  const a = new Int8Array(n);
  // Mostly uniform, sometimes saturated values only (the extremes of the products).
  const extreme = chance(0.1);
  for (let i = 0; i < n; i++) a[i] = extreme ? pick([-128, 127, -1, 0]) : int(-128, 127);
  return a;
}

function randomBias(n: number): Int32Array | null {
  if (chance(0.15)) return null;
  const b = new Int32Array(n);
  const range = pick([0, 1 << 8, 1 << 16, 1 << 24, 2 ** 31]);
  for (let i = 0; i < n; i++) b[i] = range === 0 ? 0 : Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, int(-range, range)));
  // Sometimes as a view into a larger buffer (as biases in a model file or an arena are).
  if (chance(0.3)) {
    const big = new Int32Array(n + 3);
    big.set(b, 2);
    return big.subarray(2, 2 + n);
  }
  return b;
}

/** A multiplier and a shift: mostly like real layers, often extreme. */
function randomRequant(): [number, number] {
  const kind = int(0, 5);
  if (kind === 0) return [pick([2 ** 31 - 1, 2 ** 30, 0, 1, 2 ** 31 - 2]), int(-31, 30)];
  if (kind === 1) return [int(2 ** 30, 2 ** 31 - 1), int(-31, 30)];
  if (kind === 2) return [int(-(2 ** 31), 2 ** 31 - 1), int(-31, 30)];
  return [int(2 ** 30, 2 ** 31 - 1), int(-12, 1)];
}

function activation(): [number, number] {
  if (chance(0.5)) return [-128, 127];
  const a = int(-128, 127), b = int(-128, 127);
  return a <= b ? [a, b] : [b, a];
}

/** An input offset: minus an int8 zero point, so -127..128 (128 often). */
const inputOffset = (): number => (chance(0.2) ? 128 : chance(0.1) ? -127 : int(-127, 128));
const outputOffset = (): number => (chance(0.1) ? pick([-128, 127]) : int(-128, 127));

function outSize(inSize: number, k: number, stride: number, dilation: number, pad: number): number {
  const effective = (k - 1) * dilation + 1;
  return Math.max(1, Math.floor((inSize + 2 * pad - effective) / stride) + 1 + (chance(0.1) ? 1 : 0));
}

function same(a: Int8Array, b: Int8Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

interface Failure { kernel: string; config: string; at: number }
const failures: Failure[] = [];

/** Runs kernel `name` of both sets on the same inputs; records the first differing byte. */
function compare(name: string, config: () => string, run: (k: Kernels | Partial<Kernels>, out: Int8Array) => void, outLength: number, extra?: (out: Int8Array) => void): boolean {
  const want = new Int8Array(outLength).fill(0x5a);
  const got = new Int8Array(outLength).fill(-0x5a);
  run(portableKernels, want);
  try {
    run(natives, got);
  } catch (e) {
    failures.push({ kernel: name, config: `${config()} threw ${(e as Error).name}: ${(e as Error).message}`, at: -2 });
    return false;
  }
  let at = same(want, got);
  if (at < 0 && extra !== undefined) {
    const again = new Int8Array(outLength).fill(0x33);
    extra(again);
    at = same(want, again);
    if (at >= 0) at += 1e9;
  }
  if (at >= 0) failures.push({ kernel: name, config: config(), at });
  return at < 0;
}

function convParams(o: { batches: number; inH: number; inW: number; inC: number; outH: number; outW: number; outC: number; kH: number; kW: number; sH: number; sW: number; dH: number; dW: number; pH: number; pW: number; filterC: number; dm: number }): Int32Array {
  const p = new Int32Array(Conv.HEADER + 2 * o.outC);
  p[Conv.BATCHES] = o.batches;
  p[Conv.IN_H] = o.inH;
  p[Conv.IN_W] = o.inW;
  p[Conv.IN_C] = o.inC;
  p[Conv.OUT_H] = o.outH;
  p[Conv.OUT_W] = o.outW;
  p[Conv.OUT_C] = o.outC;
  p[Conv.K_H] = o.kH;
  p[Conv.K_W] = o.kW;
  p[Conv.STRIDE_H] = o.sH;
  p[Conv.STRIDE_W] = o.sW;
  p[Conv.DILATION_H] = o.dH;
  p[Conv.DILATION_W] = o.dW;
  p[Conv.PAD_H] = o.pH;
  p[Conv.PAD_W] = o.pW;
  p[Conv.INPUT_OFFSET] = inputOffset();
  p[Conv.OUTPUT_OFFSET] = outputOffset();
  const [lo, hi] = activation();
  p[Conv.ACT_MIN] = lo;
  p[Conv.ACT_MAX] = hi;
  p[Conv.DEPTH_MULTIPLIER] = o.dm;
  p[Conv.FILTER_C] = o.filterC;
  // Often one requantization for every channel (per-tensor), else per channel.
  const shared = chance(0.3) ? randomRequant() : null;
  for (let c = 0; c < o.outC; c++) {
    const [m, s] = shared ?? randomRequant();
    p[Conv.HEADER + c] = m;
    p[Conv.HEADER + o.outC + c] = s;
  }
  return p;
}

function spatial(): { inH: number; inW: number; kH: number; kW: number; sH: number; sW: number; dH: number; dW: number; pH: number; pW: number; outH: number; outW: number } {
  const one = chance(0.1); // 1x1 images
  const inH = one ? 1 : int(1, 7), inW = one ? 1 : int(1, 7);
  const kH = int(1, 4), kW = int(1, 4);
  const sH = chance(0.2) ? int(kH + 1, kH + 3) : int(1, 3), sW = chance(0.2) ? int(kW + 1, kW + 3) : int(1, 3);
  const dH = chance(0.25) ? int(2, 3) : 1, dW = chance(0.25) ? int(2, 3) : 1;
  const big = chance(0.15); // padding beyond the kernel
  const pH = big ? int(kH, kH + 4) : int(0, Math.floor(((kH - 1) * dH) / 2) + (chance(0.2) ? 1 : 0));
  const pW = big ? int(kW, kW + 4) : int(0, Math.floor(((kW - 1) * dW) / 2) + (chance(0.2) ? 1 : 0));
  return { inH, inW, kH, kW, sH, sW, dH, dW, pH, pW, outH: outSize(inH, kH, sH, dH, pH), outW: outSize(inW, kW, sW, dW, pW) };
}

const describe = (p: Int32Array, extra = ""): string => `params=[${Array.from(p.subarray(0, 21)).join(",")}...]${extra}`;

function testConv(): number {
  let ok = 0;
  const rawConv = native("xs_tinyml_conv_2d_int8") as (p: unknown, x: Int8Array, w: Int8Array, b: unknown, y: Int8Array, scratch: null, general?: boolean) => void;
  for (let i = 0; i < perKernel; i++) {
    const pointwise = i % 4 === 0;
    let g;
    if (pointwise) {
      const one = chance(0.15);
      const inH = one ? 1 : int(1, 5), inW = one ? 1 : int(1, 5);
      g = { inH, inW, kH: 1, kW: 1, sH: 1, sW: 1, dH: 1, dW: 1, pH: 0, pW: 0, outH: inH, outW: inW };
    } else {
      g = spatial();
    }
    const batches = chance(0.2) ? 2 : 1;
    const groups = pointwise ? 1 : chance(0.25) ? int(2, 3) : 1;
    const filterC = pointwise ? int(1, 37) : int(1, 6);
    const inC = filterC * groups;
    const outC = groups * (pointwise ? int(1, 13) : int(1, 4));
    const p = convParams({ batches, ...g, inC, outC, filterC, dm: 1 });
    const x = randomInt8(batches * g.inH * g.inW * inC);
    const w = randomInt8(outC * g.kH * g.kW * filterC);
    const b = randomBias(outC);
    const outLength = batches * g.outH * g.outW * outC;
    const general = pointwise ? (out: Int8Array) => rawConv(int32Bytes(p), x, w, b === null ? null : int32Bytes(b), out, null, true) : undefined;
    if (compare("conv2dInt8", () => describe(p, ` groups=${groups}${pointwise ? " pointwise" : ""}`), (k, out) => k.conv2dInt8!(p, x, w, b, out), outLength, general)) ok++;
  }
  return ok;
}

function testDepthwise(): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const g = spatial();
    const batches = chance(0.2) ? 2 : 1;
    // Sometimes many channels: the C kernel works in blocks of 64 output channels.
    const inC = chance(0.08) ? int(20, 70) : int(1, 6);
    const dm = chance(0.4) ? int(2, 4) : 1;
    const outC = inC * dm;
    const small = inC > 6;
    const geo = small ? { ...g, inH: Math.min(g.inH, 3), inW: Math.min(g.inW, 3) } : g;
    if (small) {
      geo.outH = outSize(geo.inH, geo.kH, geo.sH, geo.dH, geo.pH);
      geo.outW = outSize(geo.inW, geo.kW, geo.sW, geo.dW, geo.pW);
    }
    const p = convParams({ batches, ...geo, inC, outC, filterC: 1, dm });
    const x = randomInt8(batches * geo.inH * geo.inW * inC);
    const w = randomInt8(geo.kH * geo.kW * outC);
    const b = randomBias(outC);
    if (compare("depthwiseConv2dInt8", () => describe(p), (k, out) => k.depthwiseConv2dInt8!(p, x, w, b, out), batches * geo.outH * geo.outW * outC)) ok++;
  }
  return ok;
}

function testFullyConnected(): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const batches = int(1, 3), depth = chance(0.1) ? int(100, 300) : int(1, 50), outDepth = int(1, 20);
    const perChannel = chance(0.5);
    const n = perChannel ? outDepth : 1;
    const p = new Int32Array(FullyConnected.HEADER + 2 * n);
    p[FullyConnected.BATCHES] = batches;
    p[FullyConnected.ACCUM_DEPTH] = depth;
    p[FullyConnected.OUT_DEPTH] = outDepth;
    p[FullyConnected.INPUT_OFFSET] = inputOffset();
    p[FullyConnected.FILTER_OFFSET] = chance(0.7) ? 0 : int(-127, 128);
    p[FullyConnected.OUTPUT_OFFSET] = outputOffset();
    const [lo, hi] = activation();
    p[FullyConnected.ACT_MIN] = lo;
    p[FullyConnected.ACT_MAX] = hi;
    p[FullyConnected.PER_CHANNEL] = perChannel ? 1 : 0;
    for (let c = 0; c < n; c++) {
      const [m, s] = randomRequant();
      p[FullyConnected.HEADER + c] = m;
      p[FullyConnected.HEADER + n + c] = s;
    }
    const x = randomInt8(batches * depth), w = randomInt8(outDepth * depth), b = randomBias(outDepth);
    if (compare("fullyConnectedInt8", () => `params=[${Array.from(p).join(",")}]`, (k, out) => k.fullyConnectedInt8!(p, x, w, b, out), batches * outDepth)) ok++;
  }
  return ok;
}

function testPool(kind: "averagePool2dInt8" | "maxPool2dInt8"): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const one = chance(0.1);
    const inH = one ? 1 : int(1, 8), inW = one ? 1 : int(1, 8), C = int(1, 7), batches = chance(0.2) ? 2 : 1;
    const fH = int(1, 5), fW = int(1, 5);
    const sH = chance(0.2) ? int(fH + 1, fH + 3) : int(1, 3), sW = chance(0.2) ? int(fW + 1, fW + 3) : int(1, 3);
    const big = chance(0.15);
    const pH = big ? int(fH, fH + 3) : int(0, Math.floor((fH - 1) / 2) + (chance(0.2) ? 1 : 0));
    const pW = big ? int(fW, fW + 3) : int(0, Math.floor((fW - 1) / 2) + (chance(0.2) ? 1 : 0));
    const outH = outSize(inH, fH, sH, 1, pH), outW = outSize(inW, fW, sW, 1, pW);
    const p = new Int32Array(Pool.HEADER);
    p.set([batches, inH, inW, C, outH, outW, fH, fW, sH, sW, pH, pW]);
    const [lo, hi] = activation();
    p[Pool.ACT_MIN] = lo;
    p[Pool.ACT_MAX] = hi;
    const x = randomInt8(batches * inH * inW * C);
    if (compare(kind, () => `params=[${Array.from(p).join(",")}]`, (k, out) => k[kind]!(p, x, out), batches * outH * outW * C)) ok++;
  }
  return ok;
}

/** Random broadcastable shapes: each input's (dims 1 where it broadcasts, leading dims sometimes dropped) and the output's. */
function broadcastShapes(): [number[], number[], number[]] {
  const rank = int(1, 5);
  const full = Array.from({ length: rank }, () => (chance(0.2) ? 1 : int(1, 5)));
  const input = (): number[] => {
    if (chance(0.1)) return [1]; // one value
    if (chance(0.3)) return full.slice(); // the whole shape
    const drop = chance(0.3) ? int(0, rank - 1) : 0;
    return full.slice(drop).map((d) => (chance(0.4) ? 1 : d));
  };
  const a = input(), b = input();
  return [a, b, broadcastShape(a, b)!];
}

const elements = (shape: number[]): number => shape.reduce((x, y) => x * y, 1);

function testAddSub(kind: "addInt8" | "subInt8"): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const [a, b, out] = broadcastShapes();
    const spec = (shape: number[]): TensorSpec => ({ shape }) as unknown as TensorSpec;
    const p = binaryParams(AddSub.HEADER, kind === "addInt8" ? BinaryOp.ADD : BinaryOp.SUB, spec(a), spec(b), spec(out));
    const [lo, hi] = activation();
    p[Binary.ACT_MIN] = lo;
    p[Binary.ACT_MAX] = hi;
    p[AddSub.LEFT_SHIFT] = chance(0.9) ? 20 : int(0, 21);
    p[AddSub.INPUT1_OFFSET] = inputOffset();
    p[AddSub.INPUT2_OFFSET] = inputOffset();
    p[AddSub.OUTPUT_OFFSET] = outputOffset();
    const rescale = (): [number, number] => {
      const m = chance(0.15) ? pick([2 ** 31 - 1, 2 ** 30, 0, 1]) : chance(0.1) ? int(-(2 ** 31), 2 ** 31 - 1) : int(2 ** 30, 2 ** 31 - 1);
      return [m, chance(0.3) ? int(-31, 0) : int(-22, -1)];
    };
    [p[AddSub.INPUT1_MULTIPLIER], p[AddSub.INPUT1_SHIFT]] = rescale();
    [p[AddSub.INPUT2_MULTIPLIER], p[AddSub.INPUT2_SHIFT]] = rescale();
    [p[AddSub.OUTPUT_MULTIPLIER], p[AddSub.OUTPUT_SHIFT]] = rescale();
    const x = randomInt8(elements(a)), y = randomInt8(elements(b));
    if (compare(kind, () => `shapes ${JSON.stringify([a, b, out])} params=[${Array.from(p).join(",")}]`, (k, o) => k[kind]!(p, x, y, o), elements(out))) ok++;
  }
  return ok;
}

function testSoftmax(): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const outer = int(1, 4), depth = chance(0.005) ? int(4097, 6000) : chance(0.3) ? int(1, 3) : int(1, 40);
    const p = new Int32Array(Softmax.HEADER + SOFTMAX_EXP_TABLE);
    p[Softmax.OUTER] = outer;
    p[Softmax.DEPTH] = depth;
    if (chance(0.1)) {
      // Any table at all: the kernels must agree on whatever the constants hold.
      for (let d = 0; d < SOFTMAX_EXP_TABLE; d++) p[Softmax.HEADER + d] = int(-(2 ** 31), 2 ** 31 - 1);
    } else {
      const beta = pick([1, 1, 0.5, 2, 1e-3, 30]), scale = pick([1 / 256, 1 / 16, 0.1, 0.004, 1, 8]) * (0.5 + r());
      const q = softmaxInt8Params(beta, scale);
      if (q === null) {
        i--;
        continue;
      }
      p[Softmax.INPUT_MULTIPLIER] = q.multiplier;
      p[Softmax.INPUT_LEFT_SHIFT] = q.leftShift;
      p[Softmax.DIFF_MIN] = q.diffMin;
      for (let d = 0; d < SOFTMAX_EXP_TABLE; d++) p[Softmax.HEADER + d] = softmaxExp(-d, q);
    }
    const x = randomInt8(outer * depth);
    if (compare("softmaxInt8", () => `outer ${outer} depth ${depth} header=[${Array.from(p.subarray(0, 5)).join(",")}]`, (k, o) => k.softmaxInt8!(p, x, o), outer * depth)) ok++;
  }
  return ok;
}

/** Every even FFT length 4..2048 whose half kissfft factors into radices 2..5 (what SignalRfft's prepare accepts). */
const FFT_LENGTHS: number[] = [];
for (let n = 4; n <= 2048; n += 2) if (rfftParams(n, 1, 1, n + 2) !== null) FFT_LENGTHS.push(n);

/** int16 samples: uniform, extremes only, quiet, or a loud (clipping) tone. */
function randomInt16(n: number): Int16Array {
  const a = new Int16Array(n);
  const kind = int(0, 4);
  const f = r() * 0.5, amplitude = pick([1000, 32767, 60000]);
  for (let i = 0; i < n; i++) {
    if (kind === 0) a[i] = pick([-32768, 32767, -1, 0, 1, -32767]);
    else if (kind === 1) a[i] = int(-64, 64);
    else if (kind === 2) a[i] = Math.max(-32768, Math.min(32767, Math.round(amplitude * Math.sin(2 * Math.PI * f * i))));
    else a[i] = int(-32768, 32767);
  }
  if (chance(0.2)) a[int(0, n - 1)] = pick([-32768, 32767]);
  return a;
}

/** a's values as a view into a larger buffer, at an element offset (as tensors in an arena are), or a itself. */
function maybeView<T extends Int16Array | Uint32Array>(a: T, make: (n: number) => T): T {
  if (!chance(0.3)) return a;
  const at = int(1, 3);
  const big = make(a.length + at + 2);
  big.set(a, at);
  return big.subarray(at, at + a.length) as T;
}

function testRfft(): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    // Mostly the lengths audio front ends use, often any allowed one; small ones often (cheap and factor-poor).
    const n = chance(0.3) ? pick([4, 6, 8, 10, 16, 30, 64, 256, 512]) : chance(0.04) ? pick(FFT_LENGTHS.filter((x) => x > 1024)) : pick(FFT_LENGTHS.filter((x) => x <= 1024));
    const inLen = chance(0.4) ? n : chance(0.2) ? 1 : int(1, n);
    const frames = n > 1024 ? 1 : int(1, 3);
    const outLen = n + 2;
    const p = rfftParams(n, inLen, frames, outLen)!;
    // Sometimes any twiddles at all (int32, not int16): the kernels must agree on whatever the constants hold.
    if (chance(0.05)) for (let t = Rfft.HEADER; t < p.length; t++) p[t] = chance(0.5) ? int(-32768, 32767) : int(-(2 ** 31), 2 ** 31 - 1);
    const x = maybeView(randomInt16(frames * inLen), (m) => new Int16Array(m));
    const factors = Array.from(p.subarray(Rfft.FACTOR_LIST, Rfft.FACTOR_LIST + 2 * p[Rfft.FACTORS]!).filter((_, j) => j % 2 === 0)).join("x");
    const run = (k: Kernels | Partial<Kernels>, out: Int8Array): void => {
      const w = new Int16Array(2 * n).fill(0x1234); // stale scratch: the kernels must not depend on it
      k.rfftInt16!(p, x, w, new Int16Array(out.buffer, out.byteOffset, frames * outLen));
    };
    if (compare("rfftInt16", () => `fft_length ${n} (${factors}) input ${inLen} frames ${frames}`, run, 2 * frames * outLen)) ok++;
  }
  return ok;
}

function randomUint32(n: number): Uint32Array {
  const a = new Uint32Array(n);
  const kind = int(0, 3);
  for (let i = 0; i < n; i++) {
    if (kind === 0) a[i] = pick([0xffffffff, 0, 1, 0x80000000, 0xfffffffe]);
    else if (kind === 1) a[i] = int(0, 1 << 16);
    else a[i] = Math.floor(r() * 4294967296);
  }
  return a;
}

function randomWeights(n: number): Int16Array {
  const a = new Int16Array(n);
  const extreme = chance(0.15);
  // Real filter banks hold 0..4096 (Q12); anything int16 is allowed, negatives wrap the uint64 sums.
  for (let i = 0; i < n; i++) a[i] = extreme ? pick([-32768, 32767, -1, 0]) : chance(0.7) ? int(0, 4096) : int(-32768, 32767);
  return a;
}

function testFilterBank(): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const channels = chance(0.1) ? 1 : int(1, 40);
    const n = channels + 1;
    const inLen = chance(0.05) ? 0 : int(1, 300);
    const wLen = chance(0.05) ? 0 : int(1, 300);
    const p = new Int32Array(FilterBank.HEADER + 3 * n);
    p[FilterBank.NUM_CHANNELS] = channels;
    p[FilterBank.INPUT_LENGTH] = inLen;
    p[FilterBank.WEIGHTS_LENGTH] = wLen;
    // Mel-like (consecutive overlapping bands), or any bands inside the tensors; some empty, with any (int16) starts.
    const melLike = chance(0.5);
    let f = 0, w = 0;
    for (let c = 0; c < n; c++) {
      let width = Math.min(inLen, wLen) === 0 || chance(0.1) ? 0 : int(1, Math.min(inLen, wLen, chance(0.8) ? 12 : 300));
      if (melLike && width > 0) {
        if (f + width > inLen || w + width > wLen) (f = 0), (w = 0);
        width = Math.min(width, inLen - f, wLen - w);
      } else if (width > 0) {
        f = int(0, inLen - width);
        w = int(0, wLen - width);
      }
      p[FilterBank.HEADER + c] = width === 0 && chance(0.5) ? int(-32768, 32767) : f;
      p[FilterBank.HEADER + n + c] = width === 0 && chance(0.5) ? int(-32768, 32767) : w;
      p[FilterBank.HEADER + 2 * n + c] = width;
      if (melLike) (f += Math.max(1, width >> 1)), (w += width);
    }
    const x = maybeView(randomUint32(inLen), (m) => new Uint32Array(m));
    const weights = maybeView(randomWeights(wLen), (m) => new Int16Array(m)), unweights = maybeView(randomWeights(wLen), (m) => new Int16Array(m));
    const run = (k: Kernels | Partial<Kernels>, out: Int8Array): void => k.filterBankUint32!(p, x, weights, unweights, new Uint32Array(out.buffer, out.byteOffset, 2 * channels));
    if (compare("filterBankUint32", () => `channels ${channels} input ${inLen} weights ${wLen} params=[${Array.from(p).join(",")}]`, run, 8 * channels)) ok++;
  }
  return ok;
}

/** SVDF int8 over 1..4 steps from the same random state: every step's output and the final state compared. */
function testSvdf(): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const wide = chance(0.5);
    const batches = int(1, 2), inputSize = int(1, 40), rank = int(1, 3), units = int(1, 8), memory = int(1, 12), steps = int(1, 4);
    const filters = units * rank;
    const p = new Int32Array(Svdf.HEADER);
    p[Svdf.BATCHES] = batches;
    p[Svdf.INPUT_SIZE] = inputSize;
    p[Svdf.NUM_FILTERS] = filters;
    p[Svdf.NUM_UNITS] = units;
    p[Svdf.RANK] = rank;
    p[Svdf.MEMORY_SIZE] = memory;
    p[Svdf.INPUT_ZERO_POINT] = int(-128, 127);
    p[Svdf.STATE_ZERO_POINT] = wide ? 0 : int(-128, 127);
    p[Svdf.OUTPUT_ZERO_POINT] = int(-128, 127);
    [p[Svdf.FEATURE_MULTIPLIER], p[Svdf.FEATURE_SHIFT]] = randomRequant();
    [p[Svdf.TIME_MULTIPLIER], p[Svdf.TIME_SHIFT]] = randomRequant();
    p[Svdf.STATE_MIN] = wide ? -32768 : -128;
    p[Svdf.STATE_MAX] = wide ? 32767 : 127;
    const cells = batches * filters * memory;
    const initial = wide ? randomInt16(cells) : randomInt8(cells);
    const time = wide ? randomInt16(filters * memory) : randomInt8(filters * memory);
    const feature = randomInt8(filters * inputSize), bias = randomBias(units);
    const inputs = Array.from({ length: steps }, () => randomInt8(batches * inputSize));
    const outLength = batches * units, stateBytes = initial.byteLength;
    const scratch = new Int32Array(batches * filters);
    compare("svdfInt8", () => describe(p, ` steps=${steps}`), (k, out) => {
      const state = initial.slice();
      const y = new Int8Array(outLength);
      inputs.forEach((x, step) => {
        k.svdfInt8!(p, x, feature, time, bias, state, scratch, y);
        out.set(y, step * outLength);
      });
      out.set(new Int8Array(state.buffer, state.byteOffset, stateBytes), steps * outLength);
    }, steps * outLength + stateBytes) && ok++;
  }
  return ok;
}

/** LSTM int8 over random shapes, layouts, requantizations, clips and states: the output and both final states compared. */
function testLstm(): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    // Small shapes (the TypeScript reference is slow in XS); a few long rows for the sums.
    const batches = int(1, 2), steps = int(1, 2), inputSize = chance(0.05) ? int(64, 160) : int(1, 24), stateSize = int(1, 16);
    const p = new Int32Array(Lstm.HEADER);
    p[Lstm.BATCHES] = batches;
    p[Lstm.TIME_STEPS] = steps;
    p[Lstm.INPUT_SIZE] = inputSize;
    p[Lstm.STATE_SIZE] = stateSize;
    p[Lstm.TIME_MAJOR] = chance(0.4) ? 1 : 0;
    p[Lstm.INPUT_ZERO_POINT] = int(-128, 127);
    p[Lstm.HIDDEN_ZERO_POINT] = int(-128, 127);
    p[Lstm.CELL_GATE_TANH] = chance(0.9) ? 1 : 0;
    p[Lstm.CELL_CLIP] = chance(0.3) ? int(1, 32767) : 0;
    if (chance(0.5)) {
      p[Lstm.CELL_TANH_MULTIPLIER] = 0;
      p[Lstm.CELL_TANH_SHIFT] = int(0, 4);
    } else {
      p[Lstm.CELL_TANH_MULTIPLIER] = 3;
      p[Lstm.CELL_TANH_SHIFT] = int(1, 5);
    }
    for (const at of [Lstm.FORGET_MUL_MULTIPLIER, Lstm.INPUT_MUL_MULTIPLIER, Lstm.OUTPUT_MUL_MULTIPLIER, ...[0, 1, 2, 3].flatMap((g) => [Lstm.GATES + 4 * g, Lstm.GATES + 4 * g + 2])]) {
      [p[at], p[at + 1]] = randomRequant();
    }
    const gates = (make: () => Int8Array) => [make(), make(), make(), make()] as const;
    const w = gates(() => randomInt8(stateSize * inputSize)), r = gates(() => randomInt8(stateSize * stateSize));
    const b = [randomBias(stateSize), randomBias(stateSize), randomBias(stateSize), randomBias(stateSize)] as const;
    const x = randomInt8(batches * steps * inputSize);
    const hidden0 = randomInt8(batches * stateSize), cell0 = randomInt16(batches * stateSize);
    const outLength = batches * steps * stateSize;
    compare("lstmInt8", () => describe(p), (k, out) => {
      const hidden = hidden0.slice(), cell = cell0.slice();
      const y = new Int8Array(outLength);
      k.lstmInt8!(p, x, w, r, b, hidden, cell, new Int16Array(3 * batches * stateSize), y);
      out.set(y);
      out.set(hidden, outLength);
      out.set(new Int8Array(cell.buffer), outLength + hidden.length);
    }, outLength + 3 * batches * stateSize) && ok++;
  }
  return ok;
}

/** TFLM_DECODE's LUT decoding: every bit width, element size and channel layout (axis 0, last axis, one shared table), random bytes. */
function testDecodeLut(): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const width = int(1, 8), size = pick([1, 1, 2, 4, 8]), alternate = chance(0.3) ? 1 : 0;
    const channels = chance(0.3) ? 1 : int(2, 9), per = int(1, 70), count = channels * per;
    // 256-entry tables (8-bit indices) cannot follow one another within the one-byte stride: shared.
    const stride = chance(0.2) || width === 8 ? 0 : int(1 << width, 255);
    const offset = pick([16, 16, 0, 5]);
    const ancillary = new Uint8Array(offset + ((channels - 1) * stride + (1 << width)) * size + int(0, 3)).map(() => int(0, 255));
    const encoded = new Uint8Array(Math.ceil((count * width) / 8) + int(0, 2)).map(() => int(0, 255));
    const p = new Int32Array(DecodeLut.HEADER);
    p[DecodeLut.COUNT] = count;
    p[DecodeLut.BIT_WIDTH] = width;
    p[DecodeLut.CHANNELS] = channels;
    p[DecodeLut.CHANNEL_ELEMENTS] = per;
    p[DecodeLut.ALTERNATE] = alternate;
    p[DecodeLut.STRIDE] = stride;
    p[DecodeLut.ELEMENT_BYTES] = size;
    p[DecodeLut.VALUE_OFFSET] = offset;
    const run = (k: Kernels | Partial<Kernels>, out: Int8Array): void => k.decodeLut!(p, encoded, ancillary, new Uint8Array(out.buffer, out.byteOffset, out.length));
    if (compare("decodeLut", () => `width ${width} size ${size} channels ${channels}x${per} alternate ${alternate} stride ${stride}`, run, count * size)) ok++;
  }
  return ok;
}

const tests: [keyof Kernels, () => number][] = [
  ["conv2dInt8", testConv],
  ["depthwiseConv2dInt8", testDepthwise],
  ["fullyConnectedInt8", testFullyConnected],
  ["averagePool2dInt8", () => testPool("averagePool2dInt8")],
  ["maxPool2dInt8", () => testPool("maxPool2dInt8")],
  ["addInt8", () => testAddSub("addInt8")],
  ["subInt8", () => testAddSub("subInt8")],
  ["softmaxInt8", testSoftmax],
  ["rfftInt16", testRfft],
  ["filterBankUint32", testFilterBank],
  ["svdfInt8", testSvdf],
  ["lstmInt8", testLstm],
  ["decodeLut", testDecodeLut],
];

for (const [name, run] of tests) {
  if (natives[name] === undefined) {
    check(`${name}:native`, false, "no native kernel");
    continue;
  }
  const t0 = sim.now();
  const before = failures.length;
  const ok = run();
  const ms = Math.round(sim.now() - t0);
  const mine = failures.slice(before, before + 3).map((f) => `[${f.at >= 1e9 ? `general path differs at ${f.at - 1e9}` : f.at === -2 ? "threw" : `differs at ${f.at}`}] ${f.config}`);
  check(`${name}:differential`, ok === perKernel, `${ok}/${perKernel} random layers identical in ${ms} ms${mine.length > 0 ? `; ${mine.join("; ")}` : ""}`);
}
finish();
