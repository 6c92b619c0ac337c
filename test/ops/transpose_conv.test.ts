/**
 * TRANSPOSE_CONV: float32 by hand (stride 2, VALID and SAME), int8 over random shapes, strides,
 * paddings, per-channel scales, biases and activations against a gather-form reference written
 * from TFLM's arithmetic (BigInt requantization), and invalid models.
 */
import test from "ava";
import { BuiltinOperator, TensorType, type TensorDef } from "../helpers/model_builder";
import { clampTo, mbqm, quantMult } from "../helpers/elementwise_reference";
import { randInt, rng } from "../helpers/random";
import { expectModelError, expectUnsupported, runOp } from "./shape_ops_helpers";

const { FLOAT32, INT8, INT32 } = TensorType;
const TRANSPOSE_CONV_OPTIONS = 49;
const SAME = 0, VALID = 1;
const tconv = (padding: number, stride: number, activation = 0, bias = true) => ({
  op: BuiltinOperator.TRANSPOSE_CONV, inputs: bias ? [0, 1, 2, 3] : [0, 1, 2], outputs: [bias ? 4 : 3], optionsType: TRANSPOSE_CONV_OPTIONS,
  options: [{ id: 0, i8: padding }, { id: 1, i32: stride }, { id: 2, i32: stride }, { id: 3, i8: activation }],
});
const shapeTensor = (s: number[]): TensorDef => ({ shape: [4], type: INT32, data: new Int32Array(s) });

test("float32 by hand: a 2x2 input, 2x2 filter of ones, stride 2 VALID tiles the output; SAME with a 3x3 filter on a 1x1 output takes the center tap", (t) => {
  const ones = (n: number) => new Float32Array(n).fill(1);
  const got = runOp([shapeTensor([1, 4, 4, 1]), { shape: [1, 2, 2, 1], type: FLOAT32, data: ones(4) }, { shape: [1, 2, 2, 1], type: FLOAT32 }, { shape: [1], type: FLOAT32, data: new Float32Array([0.5]) }, { shape: [1, 4, 4, 1], type: FLOAT32 }],
    tconv(VALID, 2), [[1, 2, 3, 4]]);
  t.deepEqual(got, [1.5, 1.5, 2.5, 2.5, 1.5, 1.5, 2.5, 2.5, 3.5, 3.5, 4.5, 4.5, 3.5, 3.5, 4.5, 4.5]);
  // 1x1 input 5 through a 3x3 filter 1..9, stride 1, SAME on a 1x1 output: the center tap only (padding 1).
  const center = runOp([shapeTensor([1, 1, 1, 1]), { shape: [1, 3, 3, 1], type: FLOAT32, data: Float32Array.from({ length: 9 }, (_, i) => i + 1) }, { shape: [1, 1, 1, 1], type: FLOAT32 }, { shape: [1, 1, 1, 1], type: FLOAT32 }],
    tconv(SAME, 1, 0, false), [[5]]);
  t.deepEqual(center, [25]);
});

test("int8: random shapes, strides, paddings, per-channel scales, biases and activations match a gather-form reference", (t) => {
  const r = rng(2718);
  let checked = 0, saturated = 0;
  for (let c = 0; c < 60; c++) {
    const batches = randInt(r, 1, 2), inH = randInt(r, 1, 4), inW = randInt(r, 1, 4), inC = randInt(r, 1, 4), outC = randInt(r, 1, 4);
    const kH = randInt(r, 1, 3), kW = randInt(r, 1, 3), stride = randInt(r, 1, 3), padding = r() < 0.5 ? SAME : VALID;
    // The output size a forward conv with this padding would map back to the input size.
    const outH = padding === SAME ? inH * stride : (inH - 1) * stride + kH, outW = padding === SAME ? inW * stride : (inW - 1) * stride + kW;
    const effH = Math.ceil(outH / stride), effW = Math.ceil(outW / stride);
    const padH = padding === SAME ? Math.max(0, Math.floor(((effH - 1) * stride + kH - outH) / 2)) : Math.max(0, Math.floor((((Math.floor((outH - kH) / stride) + 1) - 1) * stride + kH - outH) / 2));
    const padW = padding === SAME ? Math.max(0, Math.floor(((effW - 1) * stride + kW - outW) / 2)) : Math.max(0, Math.floor((((Math.floor((outW - kW) / stride) + 1) - 1) * stride + kW - outW) / 2));
    const si = Math.fround(10 ** (-2 + r())), so = Math.fround(10 ** (-1 + r())), zi = randInt(r, -128, 127), zo = randInt(r, -50, 50);
    const perChannel = r() < 0.5;
    const sf = Array.from({ length: perChannel ? outC : 1 }, () => Math.fround(10 ** (-2.5 + r())));
    const activation = [0, 1, 3][randInt(r, 0, 2)]!;
    const x = Array.from({ length: batches * inH * inW * inC }, () => randInt(r, -128, 127));
    const w = Int8Array.from({ length: outC * kH * kW * inC }, () => randInt(r, -127, 127));
    const bias = Int32Array.from({ length: outC }, () => randInt(r, -3000, 3000));
    const got = runOp([
      shapeTensor([batches, outH, outW, outC]),
      { shape: [outC, kH, kW, inC], type: INT8, scale: perChannel ? sf : sf[0]!, zeroPoint: perChannel ? sf.map(() => 0) : 0, quantizedDimension: 0, data: w },
      { shape: [batches, inH, inW, inC], type: INT8, scale: si, zeroPoint: zi },
      { shape: [outC], type: INT32, data: bias },
      { shape: [batches, outH, outW, outC], type: INT8, scale: so, zeroPoint: zo },
    ], tconv(padding, stride, activation), [x]);
    const q = (v: number) => zo + Math.sign(Math.fround(v / so)) * Math.round(Math.abs(Math.fround(v / so)));
    const lo = activation === 0 ? -128 : Math.max(-128, q(0)), hi = activation === 3 ? Math.min(127, q(6)) : 127;
    const want: number[] = [];
    for (let b = 0; b < batches; b++) for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++) for (let oc = 0; oc < outC; oc++) {
      let acc = bias[oc]!;
      for (let iy = 0; iy < inH; iy++) for (let ix = 0; ix < inW; ix++) {
        const fy = oy - (iy * stride - padH), fx = ox - (ix * stride - padW);
        if (fy < 0 || fy >= kH || fx < 0 || fx >= kW) continue;
        for (let ic = 0; ic < inC; ic++) acc += (x[((b * inH + iy) * inW + ix) * inC + ic]! - zi) * w[((oc * kH + fy) * kW + fx) * inC + ic]!;
      }
      const [m, s] = quantMult((si * sf[perChannel ? oc : 0]!) / so);
      want.push(clampTo(mbqm(acc, m, s) + zo, lo, hi));
    }
    if (got.join() !== want.join()) return t.fail(`case ${c}: in [${batches},${inH},${inW},${inC}] k ${kH}x${kW} stride ${stride} padding ${padding}: ${got} vs ${want}`);
    checked += got.length;
    saturated += got.filter((v) => v === lo || v === hi).length;
  }
  t.true(checked > 1000, `${checked}`);
  t.true(saturated < checked / 2, `${saturated} of ${checked} at the bounds`);
});

test("invalid transpose convolutions are typed ModelErrors; int32 is listed as unsupported", (t) => {
  const tensors = (os: number[], filter = [1, 2, 2, 1]): TensorDef[] => [shapeTensor(os), { shape: filter, type: FLOAT32, data: new Float32Array(filter.reduce((a, b) => a * b, 1)) }, { shape: [1, 2, 2, 1], type: FLOAT32 }, { shape: [1], type: FLOAT32, data: new Float32Array(1) }, { shape: [1, 4, 4, 1], type: FLOAT32 }];
  expectModelError(t, tensors([1, 4, 4, 2]), tconv(VALID, 2), "BAD_SHAPE", /output_shape/);
  expectModelError(t, tensors([1, 4, 4, 1], [1, 2, 2, 3]), tconv(VALID, 2), "BAD_SHAPE", /input depth/);
  expectModelError(t, [{ shape: [4], type: INT32 }, ...tensors([1, 4, 4, 1]).slice(1)], tconv(VALID, 2), "BAD_FORMAT", /constant/);
  expectUnsupported(t, [shapeTensor([1, 4, 4, 1]), { shape: [1, 2, 2, 1], type: INT8, scale: 1, zeroPoint: 0, data: new Int8Array(4) }, { shape: [1, 2, 2, 1], type: INT32 }, { shape: [1, 4, 4, 1], type: INT32 }], tconv(VALID, 2, 0, false), /int32/);
});
