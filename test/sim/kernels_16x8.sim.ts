/**
 * Inside tinyml-sim: the 16x8 native kernels (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED,
 * TRANSPOSE_CONV with int16 activations; SOFTMAX int16) against their TypeScript kernels on seeded random layers,
 * byte for byte: int16 extremes, int32 and int64 biases (to 2^47), per-channel requantizations over
 * the whole shift range the layout allows, random activation ranges; then bad arguments, which
 * throw a RangeError naming the argument. Arguments: [CONFIGS_PER_KERNEL] [SEED].
 */
import { Conv, FullyConnected, Softmax, wideBiasIndex } from "../../src/kernels/layout";
import { softmaxInt16Luts } from "../../src/ops/softmax";
import type { Kernels } from "../../src/kernels/kernels";
import { nativeKernels, int32Bytes } from "../../src/kernels/native/index";
import { portableKernels } from "../../src/kernels/portable/index";
import { rng } from "../helpers/random";
import { check, finish, sim } from "./harness";

const perKernel = Number(sim.args[0] ?? "300");
const r = rng(Number(sim.args[1] ?? "1616"));
const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const chance = (p: number): boolean => r() < p;
const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
const natives = nativeKernels();
declare const native: (name: string) => unknown;

function randomInt16(n: number): Int16Array {
  const extreme = chance(0.1);
  return Int16Array.from({ length: n }, () => (extreme ? pick([-32768, 32767, -1, 0]) : int(-32768, 32767)));
}
function randomInt8(n: number): Int8Array {
  const extreme = chance(0.1);
  return Int8Array.from({ length: n }, () => (extreme ? pick([-128, 127, -1, 0]) : int(-128, 127)));
}

/** An int32 bias (values), or an int64 one as (low, high) words below 2^47 in magnitude; sometimes none. */
function randomBias(n: number, wide: boolean): Int32Array | null {
  if (chance(0.15)) return null;
  const b = new Int32Array(wide ? 2 * n : n);
  for (let c = 0; c < n; c++) {
    if (!wide) {
      b[c] = int(-(2 ** 31), 2 ** 31 - 1);
      continue;
    }
    const v = pick([0, 2 ** 20, 2 ** 32, 2 ** 46]) * (r() * 2 - 1);
    const hi = Math.floor(Math.round(v) / 2 ** 32), lo = Math.round(v) - hi * 2 ** 32;
    b[2 * c] = lo | 0;
    b[2 * c + 1] = hi;
  }
  return b;
}

/** Requantizations: like real layers, or extreme within what the layout allows (int64 sums: shifts up to 14). */
function requantize(p: Int32Array, at: number, count: number, wide: boolean): void {
  const shared = chance(0.3);
  const maxShift = wide ? 14 : 30;
  let m = 0, s = 0;
  for (let c = 0; c < count; c++) {
    if (c === 0 || !shared) {
      const kind = int(0, 3);
      m = kind === 0 ? pick([2 ** 31 - 1, 2 ** 30, 0x7fff0000, 0x7ffeffff, 1]) : int(2 ** 30, 2 ** 31 - 1);
      s = kind <= 1 ? int(-31, maxShift) : int(-24, -8);
    }
    p[at + c] = m;
    p[at + count + c] = s;
  }
}

function activation(p: Int32Array, min: number, max: number): void {
  const a = int(-32768, 32767), b = int(-32768, 32767);
  p[min] = chance(0.5) ? -32768 : Math.min(a, b);
  p[max] = chance(0.5) ? 32767 : Math.max(a, b);
}

const failures: string[] = [];

/** Runs both kernels on the same inputs; true when the outputs are identical. */
function compare(name: string, describe: () => string, run: (k: Kernels | Partial<Kernels>, out: Int16Array) => void, outLength: number): boolean {
  const want = new Int16Array(outLength).fill(0x5a5a), got = new Int16Array(outLength).fill(-0x5a5a);
  run(portableKernels, want);
  try {
    run(natives, got);
  } catch (e) {
    failures.push(`${name} ${describe()} threw ${(e as Error).message}`);
    return false;
  }
  for (let i = 0; i < outLength; i++) {
    if (want[i] !== got[i]) {
      failures.push(`${name} ${describe()} differs at ${i}: ${got[i]} vs ${want[i]}`);
      return false;
    }
  }
  return true;
}

function convLayer(depthwise: boolean, transpose: boolean) {
  const batches = chance(0.2) ? 2 : 1, inH = int(1, 6), inW = int(1, 6), kH = int(1, 4), kW = int(1, 4);
  const sH = int(1, 3), sW = int(1, 3), dH = !transpose && chance(0.25) ? 2 : 1, dW = !transpose && chance(0.25) ? 2 : 1;
  const pH = int(0, kH), pW = int(0, kW);
  const groups = depthwise || transpose || !chance(0.25) ? 1 : 2;
  const filterC = depthwise ? 1 : int(1, 6), inC = depthwise ? int(1, 8) : filterC * groups;
  const dm = depthwise && chance(0.4) ? int(2, 3) : 1;
  const outC = depthwise ? inC * dm : groups * int(1, 5);
  const outH = transpose ? Math.max(1, (inH - 1) * sH + kH - 2 * pH) : Math.max(1, Math.floor((inH + 2 * pH - ((kH - 1) * dH + 1)) / sH) + 1);
  const outW = transpose ? Math.max(1, (inW - 1) * sW + kW - 2 * pW) : Math.max(1, Math.floor((inW + 2 * pW - ((kW - 1) * dW + 1)) / sW) + 1);
  const wide = transpose || chance(0.5);
  const p = new Int32Array(Conv.HEADER + 2 * outC + 1);
  const values = [batches, inH, inW, inC, outH, outW, outC, kH, kW, sH, sW, dH, dW, pH, pW, 0, 0, 0, 0, dm, transpose ? inC : filterC];
  p.set(values);
  activation(p, Conv.ACT_MIN, Conv.ACT_MAX);
  requantize(p, Conv.HEADER, outC, wide);
  p[wideBiasIndex(Conv.HEADER, outC)] = wide ? 1 : 0;
  const filterLength = depthwise ? kH * kW * outC : outC * kH * kW * (transpose ? inC : filterC);
  return { p, x: randomInt16(batches * inH * inW * inC), w: randomInt8(filterLength), b: randomBias(outC, wide), outLength: batches * outH * outW * outC };
}

const describe = (p: Int32Array) => (): string => `params=[${Array.from(p).slice(0, 24).join(",")}]`;

function testConvLike(kernel: "conv2dInt16" | "depthwiseConv2dInt16"): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const { p, x, w, b, outLength } = convLayer(kernel === "depthwiseConv2dInt16", false);
    if (compare(kernel, describe(p), (k, out) => k[kernel]!(p, x, w, b, out, null), outLength)) ok++;
  }
  return ok;
}

function testTransposeConv(): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const { p, x, w, b, outLength } = convLayer(false, true);
    const sums = new Float64Array(outLength);
    if (compare("transposeConvInt16", describe(p), (k, out) => k.transposeConvInt16!(p, x, w, b, sums, out), outLength)) ok++;
  }
  return ok;
}

function fullyConnectedLayer() {
  const batches = int(1, 3), depth = chance(0.1) ? int(500, 1200) : int(1, 40), outDepth = int(1, 9);
  const perChannel = chance(0.5), nMult = perChannel ? outDepth : 1, wide = chance(0.5);
  const p = new Int32Array(FullyConnected.HEADER + 2 * nMult + 1);
  p[FullyConnected.BATCHES] = batches;
  p[FullyConnected.ACCUM_DEPTH] = depth;
  p[FullyConnected.OUT_DEPTH] = outDepth;
  p[FullyConnected.FILTER_OFFSET] = chance(0.8) ? 0 : int(-128, 128);
  p[FullyConnected.PER_CHANNEL] = perChannel ? 1 : 0;
  activation(p, FullyConnected.ACT_MIN, FullyConnected.ACT_MAX);
  requantize(p, FullyConnected.HEADER, nMult, wide);
  p[wideBiasIndex(FullyConnected.HEADER, nMult)] = wide ? 1 : 0;
  return { p, x: randomInt16(batches * depth), w: randomInt8(outDepth * depth), b: randomBias(outDepth, wide), outLength: batches * outDepth };
}

function testFullyConnected(): number {
  let ok = 0;
  for (let i = 0; i < perKernel; i++) {
    const { p, x, w, b, outLength } = fullyConnectedLayer();
    if (compare("fullyConnectedInt16", describe(p), (k, out) => k.fullyConnectedInt16!(p, x, w, b, out, null), outLength)) ok++;
  }
  return ok;
}

/** SOFTMAX int16 with TFLM's tables (sometimes arbitrary ones: the native must survive any) over random rows and input scalings. */
function testSoftmax(): number {
  let ok = 0;
  const real = softmaxInt16Luts();
  for (let i = 0; i < perKernel; i++) {
    const outer = int(1, 4), depth = chance(0.05) ? int(200, 2000) : int(1, 40);
    const p = new Int32Array(Softmax.HEADER);
    p[Softmax.OUTER] = outer;
    p[Softmax.DEPTH] = depth;
    p[Softmax.INPUT_MULTIPLIER] = int(2 ** 30, 2 ** 31 - 1);
    p[Softmax.INPUT_LEFT_SHIFT] = int(-20, 12);
    const luts = chance(0.1) ? randomInt16(real.length) : real;
    const x = randomInt16(outer * depth);
    if (compare("softmaxInt16", describe(p), (k, out) => k.softmaxInt16!(p, luts, x, out), outer * depth)) ok++;
  }
  return ok;
}

const tests: [keyof Kernels, () => number][] = [
  ["conv2dInt16", () => testConvLike("conv2dInt16")],
  ["depthwiseConv2dInt16", () => testConvLike("depthwiseConv2dInt16")],
  ["fullyConnectedInt16", testFullyConnected],
  ["transposeConvInt16", testTransposeConv],
  ["softmaxInt16", testSoftmax],
];
for (const [name, run] of tests) {
  if (natives[name] === undefined) {
    check(`${name}:native`, false, "no native kernel");
    continue;
  }
  const before = failures.length;
  const ok = run();
  check(`${name}:differential`, ok === perKernel, `${ok}/${perKernel} random layers identical${failures.length > before ? `; ${failures.slice(before, before + 3).join("; ")}` : ""}`);
}

/** Bad arguments: each call throws a RangeError whose message names `what`, and writes nothing. */
function refuses(name: string, what: RegExp, call: () => void, output: Int16Array): void {
  const before = Array.from(output);
  try {
    call();
    check(`${name}:refuses ${what.source}`, false, "did not throw");
  } catch (e) {
    const unchanged = output.every((v, i) => v === before[i]);
    check(`${name}:refuses ${what.source}`, e instanceof RangeError && what.test((e as Error).message) && unchanged, `${(e as Error).name}: ${(e as Error).message}`);
  }
}

type Raw = (...args: unknown[]) => void;
const fc = native("xs_tinyml_fully_connected_int16") as Raw;
const conv = native("xs_tinyml_conv_2d_int16") as Raw;
const tconv = native("xs_tinyml_transpose_conv_int16") as Raw;
{
  const { p, x, w, outLength } = fullyConnectedLayer();
  const y = new Int16Array(outLength);
  const wideAt = wideBiasIndex(FullyConnected.HEADER, p[FullyConnected.PER_CHANNEL] === 1 ? p[FullyConnected.OUT_DEPTH]! : 1);
  const bad = (change: (q: Int32Array) => void) => { const q = p.slice(); change(q); return int32Bytes(q); };
  refuses("fullyConnectedInt16", /accumulator/, () => fc(bad((q) => { q[wideAt] = 2; }), int32Bytes(x), w, null, int32Bytes(y)), y);
  refuses("fullyConnectedInt16", /ACT_MIN/, () => fc(bad((q) => { q[FullyConnected.ACT_MAX] = 40000; }), int32Bytes(x), w, null, int32Bytes(y)), y);
  refuses("fullyConnectedInt16", /INPUT_OFFSET/, () => fc(bad((q) => { q[FullyConnected.INPUT_OFFSET] = 1; }), int32Bytes(x), w, null, int32Bytes(y)), y);
  refuses("fullyConnectedInt16", /shifts/, () => fc(bad((q) => { q[wideAt] = 1; q[wideAt - 1] = 15; }), int32Bytes(x), w, null, int32Bytes(y)), y);
  refuses("fullyConnectedInt16", /input/, () => fc(int32Bytes(p), new Uint8Array(2 * x.length + 2), w, null, int32Bytes(y)), y);
  refuses("fullyConnectedInt16", /bias/, () => fc(int32Bytes(p), int32Bytes(x), w, new Uint8Array(12 * p[FullyConnected.OUT_DEPTH]!), int32Bytes(y)), y);
  refuses("fullyConnectedInt16", /params/, () => fc(int32Bytes(p.subarray(0, FullyConnected.HEADER + 1).slice()), int32Bytes(x), w, null, int32Bytes(y)), y);
}
{
  const { p, x, w, outLength } = convLayer(false, false);
  const y = new Int16Array(outLength);
  refuses("conv2dInt16", /output/, () => conv(int32Bytes(p), int32Bytes(x), w, null, new Uint8Array(2 * outLength + 2)), y);
  refuses("conv2dInt16", /filter/, () => conv(int32Bytes(p), int32Bytes(x), w.subarray(1), null, int32Bytes(y)), y);
  refuses("conv2dInt16", /aligned/, () => conv(int32Bytes(p), new Uint8Array(2 * x.length + 2).subarray(1, 1 + 2 * x.length), w, null, int32Bytes(y)), y);
}
{
  const { p, x, w, outLength } = convLayer(false, true);
  const y = new Int16Array(outLength);
  refuses("transposeConvInt16", /sums/, () => tconv(int32Bytes(p), int32Bytes(x), w, null, new Uint8Array(8 * outLength - 8), int32Bytes(y)), y);
  const q = p.slice();
  q[wideBiasIndex(Conv.HEADER, p[Conv.OUT_C]!)] = 0;
  refuses("transposeConvInt16", /accumulator/, () => tconv(int32Bytes(q), int32Bytes(x), w, null, new Uint8Array(8 * outLength), int32Bytes(y)), y);
}
{
  const sm = native("xs_tinyml_softmax_int16") as Raw;
  const p = new Int32Array([2, 3, 2 ** 30, 0, 0]), x = new Int16Array(6), y = new Int16Array(6);
  refuses("softmaxInt16", /luts/, () => sm(int32Bytes(p), new Uint8Array(1024), int32Bytes(x), int32Bytes(y)), y);
  refuses("softmaxInt16", /DEPTH/, () => sm(int32Bytes(new Int32Array([1, 70000, 2 ** 30, 0, 0])), int32Bytes(softmaxInt16Luts()), new Uint8Array(140000), new Uint8Array(140000)), y);
}
finish();
