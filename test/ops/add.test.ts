/** ADD: int8 / int16 (TFLM's quantized add), float32 with activations, int32; broadcasting; invalid models. */
import test from "ava";
import { BuiltinOperator, OptionsType, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { broadcastIndex, clampTo, loadError, mbqm, quantMult, randomBroadcastShapes, runOp } from "../helpers/elementwise_reference";

const { INT8, INT16, INT32, FLOAT32, UINT8 } = TensorType;
const FLT_MAX = 3.4028234663852886e38;
const addOp = (act = 0, version = 1) => ({ op: BuiltinOperator.ADD, version, inputs: [0, 1], outputs: [2], optionsType: OptionsType.AddOptions, options: [{ id: 0, i8: act }] });

/**
 * TFLM's quantized ADD, written out: twice_max_input_scale and the three real multipliers in double,
 * QuantizeMultiplierSmallerThanOneExp, (x - zp) << left_shift rescaled per input, summed, rescaled
 * to the output, offset and clamped (add.h AddElementwise / add_common.cc CalculateOpDataAdd).
 */
export function quantAddRef(a: number, b: number, s1: number, z1: number, s2: number, z2: number, so: number, zo: number, lo: number, hi: number, leftShift: number): number {
  const twice = 2 * Math.max(s1, s2);
  const [m1, sh1] = quantMult(s1 / twice), [m2, sh2] = quantMult(s2 / twice), [mo, sho] = quantMult(twice / (2 ** leftShift * so));
  const x = mbqm((a - z1) * 2 ** leftShift, m1, sh1);
  const y = mbqm((b - z2) * 2 ** leftShift, m2, sh2);
  return clampTo(mbqm(x + y, mo, sho) + zo, lo, hi);
}

test("float32: broadcast [2,3] + [3] with RELU6, and with no activation", (t) => {
  const tensors: TensorDef[] = [
    { shape: [2, 3], type: FLOAT32 },
    { shape: [3], type: FLOAT32 },
    { shape: [2, 3], type: FLOAT32 },
  ];
  const x = [1, -2, 3.5, 10, 0.25, -0.5], y = [0.5, 1, 3];
  t.deepEqual(runOp(tensors, addOp(3), [x, y]), [1.5, 0, 6, 6, 1.25, 2.5]);
  t.deepEqual(runOp(tensors, addOp(0), [x, y]), [1.5, -1, 6.5, 10.5, 1.25, 2.5]);
  t.deepEqual(runOp(tensors, addOp(2), [x, y]), [1, -1, 1, 1, 1, 1]); // RELU_N1_TO_1
});

test("float32: sums round to float32; infinities clamp to FLT_MAX as TFLM's finite activation bounds do; NaN passes", (t) => {
  const tensors: TensorDef[] = [{ shape: [4], type: FLOAT32 }, { shape: [4], type: FLOAT32 }, { shape: [4], type: FLOAT32 }];
  const out = runOp(tensors, addOp(0), [[0.1, 3e38, -3e38, NaN], [0.2, 3e38, -3e38, 1]]);
  t.is(out[0], Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  t.is(out[1], FLT_MAX);
  t.is(out[2], -FLT_MAX);
  t.true(Number.isNaN(out[3]));
});

test("int32: wraps around, broadcasts a constant scalar, and ignores the fused activation as TFLM's ADD does", (t) => {
  const tensors: TensorDef[] = [
    { shape: [5], type: INT32 },
    { shape: [], type: INT32, data: new Int32Array([-7]) },
    { shape: [5], type: INT32 },
  ];
  t.deepEqual(runOp(tensors, addOp(1), [[0, 3, -2147483648, 2147483647, 10]]), [-7, -4, 2147483641, 2147483640, 3]);
  const wrap: TensorDef[] = [{ shape: [2], type: INT32 }, { shape: [1], type: INT32 }, { shape: [2], type: INT32 }];
  t.deepEqual(runOp(wrap, addOp(0), [[2147483647, -2147483648], [1]]), [-2147483648, -2147483647]);
});

test("int8: hand-computed values, round half away from zero, saturation", (t) => {
  const q = (scale: number, zeroPoint = 0) => ({ scale, zeroPoint });
  const tensors: TensorDef[] = [
    { shape: [6], type: INT8, ...q(0.5) },
    { shape: [6], type: INT8, ...q(0.5) },
    { shape: [6], type: INT8, ...q(1) },
  ];
  // 1.5 + 2.5 = 4; 0.5 -> 1 and -0.5 -> -1 (half away from zero); 63.5 + 63.5 = 127; -64 + -64 = -128; 0.5 + 1 = 1.5 -> 2
  t.deepEqual(runOp(tensors, addOp(), [[3, 1, -1, 127, -128, 1], [5, 0, 0, 127, -128, 2]]), [4, 1, -1, 127, -128, 2]);
  // A finer output scale saturates: 127 + 127 halves -> 254 at scale 0.5 -> 127.
  tensors[2] = { shape: [6], type: INT8, ...q(0.5, 10) };
  t.deepEqual(runOp(tensors, addOp(), [[127, -128, 0, 20, -20, 1], [127, -128, 0, 30, -30, 0]]), [127, -128, 10, 60, -40, 11]);
});

test("int8: fused RELU / RELU6 clamp at the output's quantized 0 and 6", (t) => {
  const tensors: TensorDef[] = [
    { shape: [4], type: INT8, scale: 0.25, zeroPoint: 0 },
    { shape: [4], type: INT8, scale: 0.25, zeroPoint: 0 },
    { shape: [4], type: INT8, scale: 0.25, zeroPoint: -20 },
  ];
  // real sums -4, 0.5, 5, 8 -> quantized (q/0.25 - 20): -36, -18, 0, 12; RELU6 clamps to [-20, 4]
  t.deepEqual(runOp(tensors, addOp(0), [[-8, 1, 10, 16], [-8, 1, 10, 16]]), [-36, -18, 0, 12]);
  t.deepEqual(runOp(tensors, addOp(1), [[-8, 1, 10, 16], [-8, 1, 10, 16]]), [-20, -18, 0, 12]);
  t.deepEqual(runOp(tensors, addOp(3), [[-8, 1, 10, 16], [-8, 1, 10, 16]]), [-20, -18, 0, 4]);
});

test("int8: random scales, zero points, values and broadcast shapes match a BigInt reference of TFLM's formula", (t) => {
  const r = rng(2024);
  let saturated = 0, broadcasts = 0, checked = 0;
  for (let c = 0; c < 300; c++) {
    const [sa, sb, so] = randomBroadcastShapes(r);
    const s1 = Math.fround(10 ** (-3 + 2.5 * r())), s2 = Math.fround(10 ** (-3 + 2.5 * r())), sOut = Math.fround(10 ** (-3 + 2.5 * r()));
    const z1 = randInt(r, -128, 127), z2 = randInt(r, -128, 127), zo = randInt(r, -128, 127);
    const act = [0, 1, 3][randInt(r, 0, 2)]!;
    const tensors: TensorDef[] = [
      { shape: sa, type: INT8, scale: s1, zeroPoint: z1 },
      { shape: sb, type: INT8, scale: s2, zeroPoint: z2 },
      { shape: so, type: INT8, scale: sOut, zeroPoint: zo },
    ];
    const n1 = sa.reduce((a, b) => a * b, 1), n2 = sb.reduce((a, b) => a * b, 1);
    const x = Array.from({ length: n1 }, () => randInt(r, -128, 127)), y = Array.from({ length: n2 }, () => randInt(r, -128, 127));
    const got = runOp(tensors, addOp(act, 2), [x, y]);
    // Activation bounds: the output's quantized 0 and 6 (float32 division, round half away), within int8.
    const qz = (v: number) => zo + Math.sign(Math.fround(v / sOut)) * Math.round(Math.abs(Math.fround(v / sOut)));
    const lo = act === 0 ? -128 : Math.max(-128, qz(0)), hi = act === 3 ? Math.min(127, qz(6)) : 127;
    const ia = broadcastIndex(sa, so), ib = broadcastIndex(sb, so);
    if (n1 !== n2) broadcasts++;
    for (let i = 0; i < got.length; i++) {
      const want = quantAddRef(x[ia[i]!]!, y[ib[i]!]!, s1, z1, s2, z2, sOut, zo, lo, hi, 20);
      if (got[i] !== want) {
        t.fail(`case ${c} [${sa}]+[${sb}] element ${i}: ${got[i]} vs ${want}`);
        return;
      }
      if (want === -128 || want === 127) saturated++;
      checked++;
    }
  }
  t.true(checked > 3000);
  t.true(saturated > 50, `saturation exercised (${saturated})`);
  t.true(broadcasts > 100, `broadcasting exercised (${broadcasts})`);
});

test("int16: left shift 15 with general scales, saturation", (t) => {
  const tensors: TensorDef[] = [
    { shape: [4], type: INT16, scale: 1, zeroPoint: 0 },
    { shape: [1], type: INT16, scale: 1, zeroPoint: 0 },
    { shape: [4], type: INT16, scale: 1, zeroPoint: 0 },
  ];
  t.deepEqual(runOp(tensors, addOp(0, 3), [[1000, -32768, 32767, 0], [-300]]), [700, -32768, 32467, -300]);
  t.deepEqual(runOp(tensors, addOp(0, 3), [[30000, -32768, 32767, 0], [30000]]), [32767, -2768, 32767, 30000]);
  const r = rng(7);
  for (let c = 0; c < 40; c++) {
    const s1 = Math.fround(10 ** (-5 + 2 * r())), s2 = Math.fround(10 ** (-5 + 2 * r())), so = Math.fround(10 ** (-5 + 2 * r()));
    const ts: TensorDef[] = [
      { shape: [3, 4], type: INT16, scale: s1, zeroPoint: 0 },
      { shape: [4], type: INT16, scale: s2, zeroPoint: 0 },
      { shape: [3, 4], type: INT16, scale: so, zeroPoint: 0 },
    ];
    const x = Array.from({ length: 12 }, () => randInt(r, -32768, 32767)), y = Array.from({ length: 4 }, () => randInt(r, -32768, 32767));
    const got = runOp(ts, addOp(0, 3), [x, y]);
    const want = x.map((v, i) => quantAddRef(v, y[i % 4]!, s1, 0, s2, 0, so, 0, -32768, 32767, 15));
    t.deepEqual(got, want);
  }
});

test("invalid models: types, shapes, quantization, activation, version", (t) => {
  const f = (shape: number[], type: number = FLOAT32): TensorDef => ({ shape, type });
  const q = (shape: number[], type: number = INT8, scale = 0.1): TensorDef => ({ shape, type, scale, zeroPoint: 0 });
  t.regex(loadError([q([2]), q([2], INT16), q([2])], addOp()), /^UNSUPPORTED_OP: .*BAD_TYPE/);
  t.regex(loadError([q([2], UINT8), q([2], UINT8), q([2], UINT8)], addOp()), /^UNSUPPORTED_OP: .*BAD_TYPE/);
  t.regex(loadError([f([2]), f([2]), q([2])], addOp()), /^UNSUPPORTED_OP/);
  t.is(loadError([f([2, 3]), f([4]), f([2, 3])], addOp()), "BAD_SHAPE");
  t.is(loadError([f([2, 3]), f([3]), f([3, 2])], addOp()), "BAD_SHAPE");
  t.is(loadError([f([2, 1]), f([3]), f([2, 1])], addOp()), "BAD_SHAPE");
  t.is(loadError([f([2]), f([2]), f([2])], { op: BuiltinOperator.ADD, inputs: [0], outputs: [2] }), "BAD_FORMAT");
  t.is(loadError([q([2]), { shape: [2], type: INT8 }, q([2])], addOp()), "BAD_QUANTIZATION");
  // Output scale so fine that 2 * max_input_scale / (2^20 * output_scale) >= 1: TFLM refuses it.
  t.is(loadError([q([2], INT8, 1), q([2], INT8, 1), q([2], INT8, 1e-7)], addOp()), "BAD_QUANTIZATION");
  t.is(loadError([q([2], INT32, 1), f([2], INT32), f([2], INT32)], addOp()), "BAD_QUANTIZATION");
  t.is(loadError([q([2]), q([2]), q([2])], addOp(4)), "BAD_FORMAT"); // TANH cannot be fused into int8 ADD
  t.regex(loadError([f([2]), f([2]), f([2])], addOp(0, 4)), /^UNSUPPORTED_OP/);
  t.is(loadError([q([2]), q([2]), q([2])], addOp(0, 3)), "ok");
});
