/** MUL: int8 / int16 (TFLM's quantized multiply), float32 with activations, int32 wrapping; broadcasting; invalid models. */
import test from "ava";
import { BuiltinOperator, OptionsType, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { broadcastIndex, clampTo, loadError, mbqm, quantMult, randomBroadcastShapes, runOp } from "../helpers/elementwise_reference";

const { INT8, INT16, INT32, FLOAT32 } = TensorType;
const mulOp = (act = 0, version = 1) => ({ op: BuiltinOperator.MUL, version, inputs: [0, 1], outputs: [2], optionsType: OptionsType.MulOptions, options: [{ id: 0, i8: act }] });

/** TFLM's quantized MUL (mul.h MulElementwise): (a - z1) * (b - z2) times s1 * s2 / so (double) as a quantized multiplier, plus zo, clamped. */
function quantMulRef(a: number, b: number, s1: number, z1: number, s2: number, z2: number, so: number, zo: number, lo: number, hi: number): number {
  const [m, sh] = quantMult((s1 * s2) / so);
  return clampTo(mbqm((a - z1) * (b - z2), m, sh) + zo, lo, hi);
}

test("float32: products in float32, broadcasting and activations", (t) => {
  const tensors: TensorDef[] = [{ shape: [2, 1, 2], type: FLOAT32 }, { shape: [3, 1], type: FLOAT32 }, { shape: [2, 3, 2], type: FLOAT32 }];
  const x = [1, -2, 0.5, 4], y = [2, -1, 10];
  t.deepEqual(runOp(tensors, mulOp(0), [x, y]), [2, -4, -1, 2, 10, -20, 1, 8, -0.5, -4, 5, 40]);
  t.deepEqual(runOp(tensors, mulOp(3), [x, y]), [2, 0, 0, 2, 6, 0, 1, 6, 0, 0, 5, 6]);
  const same: TensorDef[] = [{ shape: [3], type: FLOAT32 }, { shape: [3], type: FLOAT32 }, { shape: [3], type: FLOAT32 }];
  t.deepEqual(runOp(same, mulOp(0), [[0.1, 1e30, -1e30], [0.7, 1e30, 1e30]]), [Math.fround(Math.fround(0.1) * Math.fround(0.7)), 3.4028234663852886e38, -3.4028234663852886e38]);
});

test("int32: wrapping product (as in the audio preprocessor, times a constant scalar) and the fused activation", (t) => {
  const tensors: TensorDef[] = [{ shape: [5], type: INT32 }, { shape: [], type: INT32, data: new Int32Array([65536]) }, { shape: [5], type: INT32 }];
  t.deepEqual(runOp(tensors, mulOp(0), [[1, -3, 32768, 65536, 40000]]), [65536, -196608, -2147483648, 0, -1673527296]);
  t.deepEqual(runOp(tensors, mulOp(1), [[1, -3, 32768, 65536, 40000]]), [65536, 0, 0, 0, 0]);
  t.deepEqual(runOp(tensors, mulOp(3), [[1, -3, 0, 65536, 40000]]), [6, 0, 0, 0, 0]);
});

test("int8: hand-computed values, rounding and saturation", (t) => {
  const tensors: TensorDef[] = [
    { shape: [6], type: INT8, scale: 0.5, zeroPoint: 0 },
    { shape: [6], type: INT8, scale: 0.5, zeroPoint: 1 },
    { shape: [6], type: INT8, scale: 1, zeroPoint: 0 },
  ];
  // a * 0.5 * (b - 1) * 0.5, multiplier 0.25 = 2^30 * 2^-32 (shift -1): 3 * 4 / 4 = 3; 1 * 1 / 4 = 0.25 -> 1 (!);
  // 0.5 -> 1 and -0.5 -> -1 (half away from zero); 127 * -129 / 4 -> -128; -128 * -129 / 4 -> 127.
  // The 0.25 -> 1 is TFLM's double rounding: the high multiply rounds 1 * 2^30 / 2^31 = 0.5 up to 1,
  // then the right shift by 1 rounds 0.5 up again.
  t.deepEqual(runOp(tensors, mulOp(), [[3, 1, 2, -2, 127, -128], [5, 2, 2, 2, -128, -128]]), [3, 1, 1, -1, -128, 127]);
});

test("int8: random scales (multipliers below and above 1), zero points and broadcast shapes match a BigInt reference", (t) => {
  const r = rng(77);
  let checked = 0, saturated = 0, aboveOne = 0;
  for (let c = 0; c < 300; c++) {
    const [sa, sb, so] = randomBroadcastShapes(r);
    const s1 = Math.fround(10 ** (-3 + 3 * r())), s2 = Math.fround(10 ** (-3 + 3 * r())), sOut = Math.fround(10 ** (-4 + 3 * r()));
    const z1 = randInt(r, -128, 127), z2 = randInt(r, -128, 127), zo = randInt(r, -128, 127);
    const act = [0, 1, 3][randInt(r, 0, 2)]!;
    if ((s1 * s2) / sOut >= 1) aboveOne++;
    const tensors: TensorDef[] = [
      { shape: sa, type: INT8, scale: s1, zeroPoint: z1 },
      { shape: sb, type: INT8, scale: s2, zeroPoint: z2 },
      { shape: so, type: INT8, scale: sOut, zeroPoint: zo },
    ];
    const n1 = sa.reduce((a, b) => a * b, 1), n2 = sb.reduce((a, b) => a * b, 1);
    const x = Array.from({ length: n1 }, () => randInt(r, -128, 127)), y = Array.from({ length: n2 }, () => randInt(r, -128, 127));
    const got = runOp(tensors, mulOp(act, 3), [x, y]);
    const qz = (v: number) => zo + Math.sign(Math.fround(v / sOut)) * Math.round(Math.abs(Math.fround(v / sOut)));
    const lo = act === 0 ? -128 : Math.max(-128, qz(0)), hi = act === 3 ? Math.min(127, qz(6)) : 127;
    const ia = broadcastIndex(sa, so), ib = broadcastIndex(sb, so);
    for (let i = 0; i < got.length; i++) {
      const want = quantMulRef(x[ia[i]!]!, y[ib[i]!]!, s1, z1, s2, z2, sOut, zo, lo, hi);
      if (got[i] !== want) {
        t.fail(`case ${c} [${sa}]*[${sb}] element ${i}: ${got[i]} vs ${want}`);
        return;
      }
      if (want === -128 || want === 127) saturated++;
      checked++;
    }
  }
  t.true(checked > 3000);
  t.true(saturated > 50);
  t.true(aboveOne > 10);
});

test("int16: zero points 0, random scales", (t) => {
  const r = rng(5);
  for (let c = 0; c < 30; c++) {
    const s1 = Math.fround(10 ** (-5 + 2 * r())), s2 = Math.fround(10 ** (-5 + 2 * r())), so = Math.fround(10 ** (-7 + 3 * r()));
    const ts: TensorDef[] = [
      { shape: [4, 2], type: INT16, scale: s1, zeroPoint: 0 },
      { shape: [1], type: INT16, scale: s2, zeroPoint: 0 },
      { shape: [4, 2], type: INT16, scale: so, zeroPoint: 0 },
    ];
    const x = Array.from({ length: 8 }, () => randInt(r, -32768, 32767)), y = [randInt(r, -32768, 32767)];
    t.deepEqual(runOp(ts, mulOp(0, 4), [x, y]), x.map((v) => quantMulRef(v, y[0]!, s1, 0, s2, 0, so, 0, -32768, 32767)));
  }
  const extreme: TensorDef[] = [
    { shape: [2], type: INT16, scale: 1 / 32768, zeroPoint: 0 },
    { shape: [2], type: INT16, scale: 1 / 32768, zeroPoint: 0 },
    { shape: [2], type: INT16, scale: 1 / 32768, zeroPoint: 0 },
  ];
  // -1 * -1 = 1 saturates to 32767; -1 * 0.5 = -0.5
  t.deepEqual(runOp(extreme, mulOp(0, 4), [[-32768, -32768], [-32768, 16384]]), [32767, -16384]);
});

test("invalid models", (t) => {
  const q = (shape: number[], type: number = INT8, zeroPoint = 0): TensorDef => ({ shape, type, scale: 0.1, zeroPoint });
  t.regex(loadError([q([2]), q([2], INT16), q([2])], mulOp()), /^UNSUPPORTED_OP/);
  t.regex(loadError([q([2], TensorType.UINT8), q([2], TensorType.UINT8), q([2], TensorType.UINT8)], mulOp()), /^UNSUPPORTED_OP/);
  t.is(loadError([q([2, 3]), q([2]), q([2, 3])], mulOp()), "BAD_SHAPE");
  t.is(loadError([q([2], INT16, 1), q([2], INT16), q([2], INT16)], mulOp(0, 4)), "BAD_QUANTIZATION");
  t.is(loadError([q([2]), q([2]), { shape: [2], type: INT8 }], mulOp()), "BAD_QUANTIZATION");
  t.regex(loadError([{ shape: [2], type: INT32 }, { shape: [2], type: INT32 }, { shape: [2], type: INT32 }], mulOp(0, 5)), /^UNSUPPORTED_OP/);
});
