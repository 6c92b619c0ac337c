/**
 * 16x8 CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and TRANSPOSE_CONV (int16 activations, int8
 * weights): a hand-computed case telling TFLM's two accumulators apart, random shapes, strides,
 * paddings, dilations, scales, biases (int64 and int32) and activations against a BigInt reference
 * written from TFLM's arithmetic (test/helpers/reference_16x8.ts), and the refusals.
 */
import test from "ava";
import { BuiltinOperator, OptionsType, TensorType, type OperatorDef, type TensorDef } from "../helpers/model_builder";
import { quantMult } from "../helpers/elementwise_reference";
import { output16x8 } from "../helpers/reference_16x8";
import { randInt, rng } from "../helpers/random";
import { expectModelError, expectUnsupported, runOp } from "./shape_ops_helpers";

const { INT8, INT16, INT32, INT64 } = TensorType;
const SAME = 0, VALID = 1;
const fcOp = (bias: boolean, activation = 0): OperatorDef => ({ op: BuiltinOperator.FULLY_CONNECTED, inputs: bias ? [0, 1, 2] : [0, 1], outputs: [bias ? 3 : 2], optionsType: OptionsType.FullyConnectedOptions, options: [{ id: 0, i8: activation }] });

test("by hand: 32767 x 127 at scale (1 + 2^-16) / 128 is 32511 with an int64 bias (multiplier rounded to 16 bits) and 32512 with an int32 bias or none (all 31 bits)", (t) => {
  const tensors = (bias: TensorDef | null): TensorDef[] => [
    { shape: [1, 1], type: INT16, scale: 1 + 2 ** -16, zeroPoint: 0 },
    { shape: [1, 1], type: INT8, scale: 2 ** -7, zeroPoint: 0, data: new Int8Array([127]) },
    ...(bias === null ? [] : [bias]),
    { shape: [1, 1], type: INT16, scale: 1, zeroPoint: 0 },
  ];
  // 4161409 / 128 = 32511.0078; the int32 path adds 4161409 * 2^-23 = 0.496 before rounding, the int64 one drops it.
  t.deepEqual(runOp(tensors({ shape: [1], type: INT64, data: new BigInt64Array([0n]) }), fcOp(true), [[32767]]), [32511]);
  t.deepEqual(runOp(tensors({ shape: [1], type: INT32, data: new Int32Array([0]) }), fcOp(true), [[32767]]), [32512]);
  t.deepEqual(runOp(tensors(null), fcOp(false), [[32767]]), [32512]);
  // An int64 bias beyond int32: (2^40 + 64) / 128 = 2^33 + 0.5 rounds up to 2^33 + 1, which the int32 cast wraps to 1.
  t.deepEqual(runOp(tensors({ shape: [1], type: INT64, data: new BigInt64Array([2n ** 40n + 64n]) }), fcOp(true), [[0]]), [1]);
});

/** Random scales: the output scale keeps most outputs inside int16 for a reduction of depth k. */
function scales(r: () => number, k: number, channels: number) {
  const si = Math.fround(10 ** (-4 + r())), sf = Array.from({ length: channels }, () => Math.fround(10 ** (-2.5 + r())));
  const so = Math.fround(si * sf[0]! * Math.sqrt(k) * (100 + 200 * r()));
  return { si, sf, so };
}

/** The bias of a random case: int64 (wide), int32, or none. */
function randomBias(r: () => number, n: number): { kind: "int64" | "int32" | "none"; values: bigint[] } {
  const kind = (["int64", "int32", "none"] as const)[randInt(r, 0, 2)]!;
  const values = Array.from({ length: n }, () => (kind === "none" ? 0n : BigInt(randInt(r, -1_000_000, 1_000_000)) * (kind === "int64" && r() < 0.05 ? 4096n : 1n)));
  return { kind, values };
}

function biasTensor(b: { kind: string; values: bigint[] }): TensorDef[] {
  if (b.kind === "none") return [];
  return [{ shape: [b.values.length], type: b.kind === "int64" ? INT64 : INT32, data: b.kind === "int64" ? BigInt64Array.from(b.values) : Int32Array.from(b.values, Number) }];
}

function activationBounds(activation: number, so: number): [number, number] {
  const q = (v: number) => Math.sign(Math.fround(v / so)) * Math.round(Math.abs(Math.fround(v / so)));
  return [activation === 0 ? -32768 : Math.max(-32768, q(0)), activation === 3 ? Math.min(32767, q(6)) : 32767];
}

const randomInt16 = (r: () => number, n: number) => Array.from({ length: n }, () => randInt(r, -32768, 32767));
const randomInt8 = (r: () => number, n: number) => Int8Array.from({ length: n }, () => randInt(r, -127, 127));

/** Asserts got equals want and counts the values saturated at the int16 bounds (most must not be: the cases test the arithmetic). */
function compare(t: import("ava").ExecutionContext, what: string, got: number[], want: number[], tally: { checked: number; clamped: number }): boolean {
  if (got.join() !== want.join()) {
    t.fail(`${what}: ${got.slice(0, 16)} vs ${want.slice(0, 16)}`);
    return false;
  }
  tally.checked += got.length;
  tally.clamped += got.filter((v) => v === -32768 || v === 32767).length;
  return true;
}

function outSize(padding: number, size: number, k: number, stride: number, dilation: number): number {
  const eff = (k - 1) * dilation + 1;
  return padding === SAME ? Math.ceil(size / stride) : Math.floor((size - eff) / stride) + 1;
}
function padOf(size: number, k: number, stride: number, dilation: number, out: number): number {
  return Math.max(0, Math.floor(((out - 1) * stride + (k - 1) * dilation + 1 - size) / 2));
}

test("FULLY_CONNECTED 16x8: random depths, per-tensor and per-channel scales, int64 / int32 / no bias, activations", (t) => {
  const r = rng(1608);
  const tally = { checked: 0, clamped: 0 };
  for (let c = 0; c < 40; c++) {
    const batches = randInt(r, 1, 3), depth = randInt(r, 1, 70), outDepth = randInt(r, 1, 9), perChannel = r() < 0.5;
    const { si, sf, so } = scales(r, depth, perChannel ? outDepth : 1);
    const bias = randomBias(r, outDepth), activation = [0, 1, 3][randInt(r, 0, 2)]!;
    const x = randomInt16(r, batches * depth), w = randomInt8(r, outDepth * depth);
    const got = runOp([
      { shape: [batches, depth], type: INT16, scale: si, zeroPoint: 0 },
      { shape: [outDepth, depth], type: INT8, scale: perChannel ? sf : sf[0]!, zeroPoint: perChannel ? sf.map(() => 0) : 0, quantizedDimension: 0, data: w },
      ...biasTensor(bias),
      { shape: [batches, outDepth], type: INT16, scale: so, zeroPoint: 0 },
    ], fcOp(bias.kind !== "none", activation), [x]);
    const [lo, hi] = activationBounds(activation, so);
    const want: number[] = [];
    for (let b = 0; b < batches; b++) for (let o = 0; o < outDepth; o++) {
      let sum = 0n;
      for (let d = 0; d < depth; d++) sum += BigInt(x[b * depth + d]! * w[o * depth + d]!);
      const [m, s] = quantMult((si * sf[perChannel ? o : 0]!) / so);
      want.push(output16x8(sum, bias.kind === "none" ? null : bias.values[o]!, bias.kind === "int64", m, s, lo, hi));
    }
    if (!compare(t, `case ${c} (${batches}x${depth} -> ${outDepth}, bias ${bias.kind})`, got, want, tally)) return;
  }
  t.true(tally.checked > 300 && tally.clamped < tally.checked / 5, `${tally.clamped} of ${tally.checked} saturated`);
});

test("CONV_2D and DEPTHWISE_CONV_2D 16x8: random shapes, strides, dilations, paddings, groups / depth multipliers, biases and activations", (t) => {
  const r = rng(1609);
  const tally = { checked: 0, clamped: 0 };
  for (let c = 0; c < 60; c++) {
    const depthwise = c % 2 === 1;
    const batches = randInt(r, 1, 2), inH = randInt(r, 1, 6), inW = randInt(r, 1, 6), inC = randInt(r, 1, 5);
    const kH = randInt(r, 1, 3), kW = randInt(r, 1, 3), strideH = randInt(r, 1, 2), strideW = randInt(r, 1, 2);
    const dilH = r() < 0.2 ? 2 : 1, dilW = r() < 0.2 ? 2 : 1, padding = r() < 0.5 ? SAME : VALID;
    const outH = outSize(padding, inH, kH, strideH, dilH), outW = outSize(padding, inW, kW, strideW, dilW);
    if (outH < 1 || outW < 1) continue;
    const padH = padOf(inH, kH, strideH, dilH, outH), padW = padOf(inW, kW, strideW, dilW, outW);
    const groups = !depthwise && inC % 2 === 0 && r() < 0.3 ? 2 : 1;
    const filterC = depthwise ? 1 : inC / groups;
    const mult = depthwise ? randInt(r, 1, 2) : 1;
    const outC = depthwise ? inC * mult : groups * randInt(r, 1, 3);
    const { si, sf, so } = scales(r, kH * kW * filterC, outC);
    const bias = randomBias(r, outC), activation = [0, 1, 3][randInt(r, 0, 2)]!;
    const x = randomInt16(r, batches * inH * inW * inC), w = randomInt8(r, depthwise ? kH * kW * outC : outC * kH * kW * filterC);
    const op: OperatorDef = depthwise
      ? { op: BuiltinOperator.DEPTHWISE_CONV_2D, inputs: bias.kind === "none" ? [0, 1] : [0, 1, 2], outputs: [bias.kind === "none" ? 2 : 3], optionsType: OptionsType.DepthwiseConv2DOptions,
        options: [{ id: 0, i8: padding }, { id: 1, i32: strideW }, { id: 2, i32: strideH }, { id: 3, i32: mult }, { id: 4, i8: activation }, { id: 5, i32: dilW }, { id: 6, i32: dilH }] }
      : { op: BuiltinOperator.CONV_2D, inputs: bias.kind === "none" ? [0, 1] : [0, 1, 2], outputs: [bias.kind === "none" ? 2 : 3], optionsType: OptionsType.Conv2DOptions,
        options: [{ id: 0, i8: padding }, { id: 1, i32: strideW }, { id: 2, i32: strideH }, { id: 3, i8: activation }, { id: 4, i32: dilW }, { id: 5, i32: dilH }] };
    const got = runOp([
      { shape: [batches, inH, inW, inC], type: INT16, scale: si, zeroPoint: 0 },
      { shape: depthwise ? [1, kH, kW, outC] : [outC, kH, kW, filterC], type: INT8, scale: sf, zeroPoint: sf.map(() => 0), quantizedDimension: depthwise ? 3 : 0, data: w },
      ...biasTensor(bias),
      { shape: [batches, outH, outW, outC], type: INT16, scale: so, zeroPoint: 0 },
    ], op, [x]);
    const [lo, hi] = activationBounds(activation, so);
    const want: number[] = [];
    for (let b = 0; b < batches; b++) for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++) for (let oc = 0; oc < outC; oc++) {
      let sum = 0n;
      for (let fy = 0; fy < kH; fy++) for (let fx = 0; fx < kW; fx++) {
        const iy = oy * strideH - padH + fy * dilH, ix = ox * strideW - padW + fx * dilW;
        if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
        const at = ((b * inH + iy) * inW + ix) * inC;
        if (depthwise) {
          sum += BigInt(x[at + Math.floor(oc / mult)]! * w[(fy * kW + fx) * outC + oc]!);
        } else {
          const g = Math.floor(oc / (outC / groups));
          for (let ic = 0; ic < filterC; ic++) sum += BigInt(x[at + g * filterC + ic]! * w[((oc * kH + fy) * kW + fx) * filterC + ic]!);
        }
      }
      const [m, s] = quantMult((si * sf[oc]!) / so);
      want.push(output16x8(sum, bias.kind === "none" ? null : bias.values[oc]!, bias.kind === "int64", m, s, lo, hi));
    }
    if (!compare(t, `case ${c} (${depthwise ? "depthwise" : "conv"} in [${batches},${inH},${inW},${inC}] k ${kH}x${kW} s ${strideH}x${strideW} d ${dilH}x${dilW} pad ${padding} bias ${bias.kind})`, got, want, tally)) return;
  }
  t.true(tally.checked > 1000 && tally.clamped < tally.checked / 5, `${tally.clamped} of ${tally.checked} saturated`);
});

test("TRANSPOSE_CONV 16x8: random shapes, strides and paddings, int64 bias or none, against a gather-form reference with int64 sums", (t) => {
  const r = rng(1610);
  const tally = { checked: 0, clamped: 0 };
  for (let c = 0; c < 40; c++) {
    const batches = randInt(r, 1, 2), inH = randInt(r, 1, 4), inW = randInt(r, 1, 4), inC = randInt(r, 1, 4), outC = randInt(r, 1, 4);
    const kH = randInt(r, 1, 3), kW = randInt(r, 1, 3), stride = randInt(r, 1, 3), padding = r() < 0.5 ? SAME : VALID;
    const outH = padding === SAME ? inH * stride : (inH - 1) * stride + kH, outW = padding === SAME ? inW * stride : (inW - 1) * stride + kW;
    const padH = padOf(outH, kH, stride, 1, outSize(padding, outH, kH, stride, 1)), padW = padOf(outW, kW, stride, 1, outSize(padding, outW, kW, stride, 1));
    const { si, sf, so } = scales(r, Math.max(1, Math.ceil((kH * kW) / (stride * stride))) * inC, outC);
    const withBias = r() < 0.7, activation = [0, 1, 3][randInt(r, 0, 2)]!;
    const bias = Array.from({ length: outC }, () => BigInt(randInt(r, -1_000_000, 1_000_000)) * (r() < 0.05 ? 4096n : 1n));
    const x = randomInt16(r, batches * inH * inW * inC), w = randomInt8(r, outC * kH * kW * inC);
    const got = runOp([
      { shape: [4], type: INT32, data: new Int32Array([batches, outH, outW, outC]) },
      { shape: [outC, kH, kW, inC], type: INT8, scale: sf, zeroPoint: sf.map(() => 0), quantizedDimension: 0, data: w },
      { shape: [batches, inH, inW, inC], type: INT16, scale: si, zeroPoint: 0 },
      ...(withBias ? [{ shape: [outC], type: INT64, data: BigInt64Array.from(bias) }] : []),
      { shape: [batches, outH, outW, outC], type: INT16, scale: so, zeroPoint: 0 },
    ], { op: BuiltinOperator.TRANSPOSE_CONV, inputs: withBias ? [0, 1, 2, 3] : [0, 1, 2], outputs: [withBias ? 4 : 3], optionsType: 49,
      options: [{ id: 0, i8: padding }, { id: 1, i32: stride }, { id: 2, i32: stride }, { id: 3, i8: activation }] }, [x]);
    const [lo, hi] = activationBounds(activation, so);
    const want: number[] = [];
    for (let b = 0; b < batches; b++) for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++) for (let oc = 0; oc < outC; oc++) {
      let sum = 0n;
      for (let iy = 0; iy < inH; iy++) for (let ix = 0; ix < inW; ix++) {
        const fy = oy - (iy * stride - padH), fx = ox - (ix * stride - padW);
        if (fy < 0 || fy >= kH || fx < 0 || fx >= kW) continue;
        for (let ic = 0; ic < inC; ic++) sum += BigInt(x[((b * inH + iy) * inW + ix) * inC + ic]! * w[((oc * kH + fy) * kW + fx) * inC + ic]!);
      }
      const [m, s] = quantMult((si * sf[oc]!) / so);
      want.push(output16x8(sum, withBias ? bias[oc]! : null, true, m, s, lo, hi));
    }
    if (!compare(t, `case ${c} (in [${batches},${inH},${inW},${inC}] k ${kH}x${kW} stride ${stride} padding ${padding})`, got, want, tally)) return;
  }
  t.true(tally.checked > 1000 && tally.clamped < tally.checked / 5, `${tally.clamped} of ${tally.checked} saturated`);
});

test("16x8 refusals: int16 zero points other than 0, an int16 filter, a bias beyond 48 bits, an int32 bias on TRANSPOSE_CONV, a left shift over 14 with an int64 bias", (t) => {
  const fc = (o: { zpIn?: number; zpOut?: number; filterType?: number; bias?: TensorDef; so?: number }): TensorDef[] => [
    { shape: [1, 2], type: INT16, scale: 0.01, zeroPoint: o.zpIn ?? 0 },
    { shape: [1, 2], type: o.filterType ?? INT8, scale: 0.5, zeroPoint: 0, data: o.filterType === INT16 ? new Int16Array(2) : new Int8Array(2) },
    o.bias ?? { shape: [1], type: INT64, data: new BigInt64Array(1) },
    { shape: [1, 1], type: INT16, scale: o.so ?? 0.02, zeroPoint: o.zpOut ?? 0 },
  ];
  expectModelError(t, fc({ zpIn: 3 }), fcOp(true), "BAD_QUANTIZATION", /input .* zero point 0/);
  expectModelError(t, fc({ zpOut: -1 }), fcOp(true), "BAD_QUANTIZATION", /output .* zero point 0/);
  expectUnsupported(t, fc({ filterType: INT16 }), fcOp(true), /filter/);
  expectModelError(t, fc({ bias: { shape: [1], type: INT64, data: new BigInt64Array([2n ** 47n]) } }), fcOp(true), "BAD_QUANTIZATION", /48-bit/);
  // 0.01 * 0.5 / 2^-30: a rescale of about 2^22.
  expectModelError(t, fc({ so: 2 ** -30 }), fcOp(true), "BAD_QUANTIZATION", /left shift/);
  const tconv = (biasType: number): TensorDef[] => [
    { shape: [4], type: INT32, data: new Int32Array([1, 2, 2, 1]) },
    { shape: [1, 1, 1, 1], type: INT8, scale: 0.5, zeroPoint: 0, data: new Int8Array(1) },
    { shape: [1, 2, 2, 1], type: INT16, scale: 0.01, zeroPoint: 0 },
    { shape: [1], type: biasType, data: biasType === INT64 ? new BigInt64Array(1) : new Int32Array(1) },
    { shape: [1, 2, 2, 1], type: INT16, scale: 0.01, zeroPoint: 0 },
  ];
  const op = { op: BuiltinOperator.TRANSPOSE_CONV, inputs: [0, 1, 2, 3], outputs: [4], optionsType: 49, options: [{ id: 0, i8: VALID }, { id: 1, i32: 1 }, { id: 2, i32: 1 }] };
  expectUnsupported(t, tconv(INT32), op, /bias/);
  t.deepEqual(runOp(tconv(INT64), op, [[1, 2, 3, 4]]), [0, 0, 0, 0]);
});

test("TRANSPOSE_CONV 16x8 with an int16 bias (constant): widened to int64 as TFLM does, the same outputs as the int64 bias", (t) => {
  const tensors = (bias: TensorDef): TensorDef[] => [
    { shape: [4], type: INT32, data: new Int32Array([1, 3, 3, 2]) },
    { shape: [2, 2, 2, 1], type: INT8, scale: [0.5, 0.25], zeroPoint: [0, 0], quantizedDimension: 0, data: new Int8Array([1, -2, 3, 4, -5, 6, 7, -8]) },
    { shape: [1, 2, 2, 1], type: INT16, scale: 0.01, zeroPoint: 0 },
    bias,
    { shape: [1, 3, 3, 2], type: INT16, scale: 0.01, zeroPoint: 0 },
  ];
  const op = { op: BuiltinOperator.TRANSPOSE_CONV, inputs: [0, 1, 2, 3], outputs: [4], optionsType: 49, options: [{ id: 0, i8: VALID }, { id: 1, i32: 1 }, { id: 2, i32: 1 }] };
  const x = [[1000, -2000, 3000, -4000]];
  const wide = runOp(tensors({ shape: [2], type: INT64, data: new BigInt64Array([-300n, 1200n]) }), op, x);
  t.deepEqual(runOp(tensors({ shape: [2], type: INT16, data: new Int16Array([-300, 1200]) }), op, x), wide);
  // By hand, output (0, 0) of channel 0: input 1000 x tap 1 + bias -300, scale 0.01 * 0.5 / 0.01: 350.
  t.is(wide[0], 350);
  expectModelError(t, tensors({ shape: [2], type: INT16 }), op, "BAD_FORMAT", /constant/);
});
