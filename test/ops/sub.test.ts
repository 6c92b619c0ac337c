/** SUB: int8 / int16 (TFLM's quantized subtract, multipliers computed in float32), float32, int32 with activation; invalid models. */
import test from "ava";
import { BuiltinOperator, OptionsType, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { broadcastIndex, clampTo, loadError, mbqm, quantMult, randomBroadcastShapes, runOp } from "../helpers/elementwise_reference";

const { INT8, INT16, INT32, FLOAT32 } = TensorType;
const subOp = (act = 0, version = 1) => ({ op: BuiltinOperator.SUB, version, inputs: [0, 1], outputs: [2], optionsType: OptionsType.SubOptions, options: [{ id: 0, i8: act }] });

/**
 * TFLM's quantized SUB (sub.h SubElementwise, sub_common.cc CalculateOpDataSub): unlike ADD, the
 * real multipliers are computed in float32 (twice_max_input_scale is a float); the two rescaled
 * inputs are subtracted. `double` computes them in double instead, as ADD does, for comparison.
 */
function quantSubRef(a: number, b: number, s1: number, z1: number, s2: number, z2: number, so: number, zo: number, lo: number, hi: number, leftShift: number, double = false): number {
  const f = double ? (v: number) => v : Math.fround;
  const twice = f(2 * Math.max(s1, s2));
  const [m1, sh1] = quantMult(f(s1 / twice)), [m2, sh2] = quantMult(f(s2 / twice)), [mo, sho] = quantMult(f(twice / f(2 ** leftShift * so)));
  const x = mbqm((a - z1) * 2 ** leftShift, m1, sh1);
  const y = mbqm((b - z2) * 2 ** leftShift, m2, sh2);
  return clampTo(mbqm(x - y, mo, sho) + zo, lo, hi);
}

test("float32: broadcast, activations", (t) => {
  const tensors: TensorDef[] = [{ shape: [2, 2], type: FLOAT32 }, { shape: [2, 1], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }];
  t.deepEqual(runOp(tensors, subOp(0), [[1, 2, 3, 4], [0.5, 5]]), [0.5, 1.5, -2, -1]);
  t.deepEqual(runOp(tensors, subOp(1), [[1, 2, 3, 4], [0.5, 5]]), [0.5, 1.5, 0, 0]);
  const same: TensorDef[] = [{ shape: [4], type: FLOAT32 }, { shape: [4], type: FLOAT32 }, { shape: [4], type: FLOAT32 }];
  t.deepEqual(runOp(same, subOp(0), [[3e38, -3e38, 0.3, 1], [-3e38, 3e38, 0.1, 1]]), [3.4028234663852886e38, -3.4028234663852886e38, Math.fround(Math.fround(0.3) - Math.fround(0.1)), 0]);
});

test("int32: wraps; unlike ADD, TFLM's int32 SUB applies the fused activation", (t) => {
  const tensors: TensorDef[] = [{ shape: [4], type: INT32 }, { shape: [], type: INT32 }, { shape: [4], type: INT32 }];
  t.deepEqual(runOp(tensors, subOp(0), [[-2147483648, 10, 0, 3], [1]]), [2147483647, 9, -1, 2]);
  t.deepEqual(runOp(tensors, subOp(1), [[-2147483648, 10, 0, 3], [1]]), [2147483647, 9, 0, 2]);
  t.deepEqual(runOp(tensors, subOp(3), [[-2147483648, 10, 0, 3], [1]]), [6, 6, 0, 2]);
  t.deepEqual(runOp(tensors, subOp(2), [[-2147483648, 10, 0, 3], [1]]), [1, 1, -1, 1]);
});

test("int8: hand-computed values and saturation", (t) => {
  const tensors: TensorDef[] = [
    { shape: [5], type: INT8, scale: 0.5, zeroPoint: 0 },
    { shape: [5], type: INT8, scale: 0.5, zeroPoint: 0 },
    { shape: [5], type: INT8, scale: 1, zeroPoint: -5 },
  ];
  // (a - b) * 0.5 then / 1 - 5: 4 -> -1; 0.5 -> 1 - 5 = -4 (half away from zero); -0.5 -> -1 - 5 = -6; saturations
  t.deepEqual(runOp(tensors, subOp(), [[10, 1, 0, 127, -128], [2, 0, 1, -128, 127]]), [-1, -4, -6, 123, -128]);
});

test("int8: random scales, zero points, values and broadcast shapes match a BigInt reference of TFLM's SUB", (t) => {
  const r = rng(99);
  let checked = 0, saturated = 0;
  for (let c = 0; c < 300; c++) {
    const [sa, sb, so] = randomBroadcastShapes(r);
    const s1 = Math.fround(10 ** (-3 + 2.5 * r())), s2 = Math.fround(10 ** (-3 + 2.5 * r())), sOut = Math.fround(10 ** (-3 + 2.5 * r()));
    const z1 = randInt(r, -128, 127), z2 = randInt(r, -128, 127), zo = randInt(r, -128, 127);
    const tensors: TensorDef[] = [
      { shape: sa, type: INT8, scale: s1, zeroPoint: z1 },
      { shape: sb, type: INT8, scale: s2, zeroPoint: z2 },
      { shape: so, type: INT8, scale: sOut, zeroPoint: zo },
    ];
    const n1 = sa.reduce((a, b) => a * b, 1), n2 = sb.reduce((a, b) => a * b, 1);
    const x = Array.from({ length: n1 }, () => randInt(r, -128, 127)), y = Array.from({ length: n2 }, () => randInt(r, -128, 127));
    const got = runOp(tensors, subOp(0, 2), [x, y]);
    const ia = broadcastIndex(sa, so), ib = broadcastIndex(sb, so);
    for (let i = 0; i < got.length; i++) {
      const a = x[ia[i]!]!, b = y[ib[i]!]!;
      const want = quantSubRef(a, b, s1, z1, s2, z2, sOut, zo, -128, 127, 20);
      if (got[i] !== want) {
        t.fail(`case ${c} [${sa}]-[${sb}] element ${i}: ${got[i]} vs ${want}`);
        return;
      }
      if (want === -128 || want === 127) saturated++;
      checked++;
    }
  }
  t.true(checked > 3000);
  t.true(saturated > 50);
});

test("int8: multipliers from float32 scale arithmetic, as TFLM's SUB computes them, change some outputs", (t) => {
  // Found by search: with these (float32) scales, 127 - 88 quantizes to 1 with TFLM's float32
  // multipliers and to 0 with double ones; likewise 108 - 38 gives -37 rather than -36.
  const make = (s1: number, s2: number, so: number): TensorDef[] => [
    { shape: [1], type: INT8, scale: s1, zeroPoint: 0 },
    { shape: [1], type: INT8, scale: s2, zeroPoint: 0 },
    { shape: [1], type: INT8, scale: so, zeroPoint: 0 },
  ];
  const a = make(0.1979706734418869, 0.28570008277893066, 0.0013383107725530863);
  t.deepEqual(runOp(a, subOp(), [[127], [88]]), [1]);
  t.is(quantSubRef(127, 88, 0.1979706734418869, 0, 0.28570008277893066, 0, 0.0013383107725530863, 0, -128, 127, 20, true), 0);
  const b = make(0.0014372924342751503, 0.012720548547804356, 0.008990501053631306);
  t.deepEqual(runOp(b, subOp(), [[108], [38]]), [-37]);
  t.is(quantSubRef(108, 38, 0.0014372924342751503, 0, 0.012720548547804356, 0, 0.008990501053631306, 0, -128, 127, 20, true), -36);
});

test("int16: zero points 0, general scales", (t) => {
  const r = rng(3);
  for (let c = 0; c < 30; c++) {
    const s1 = Math.fround(10 ** (-5 + 2 * r())), s2 = Math.fround(10 ** (-5 + 2 * r())), so = Math.fround(10 ** (-5 + 2 * r()));
    const ts: TensorDef[] = [
      { shape: [2, 3], type: INT16, scale: s1, zeroPoint: 0 },
      { shape: [2, 1], type: INT16, scale: s2, zeroPoint: 0 },
      { shape: [2, 3], type: INT16, scale: so, zeroPoint: 0 },
    ];
    const x = Array.from({ length: 6 }, () => randInt(r, -32768, 32767)), y = [randInt(r, -32768, 32767), randInt(r, -32768, 32767)];
    const want = x.map((v, i) => quantSubRef(v, y[Math.floor(i / 3)]!, s1, 0, s2, 0, so, 0, -32768, 32767, 15));
    t.deepEqual(runOp(ts, subOp(0, 5), [x, y]), want);
  }
});

test("invalid models", (t) => {
  const q = (shape: number[], type: number = INT8): TensorDef => ({ shape, type, scale: 0.1, zeroPoint: 0 });
  t.regex(loadError([q([2]), q([2]), q([2], INT16)], subOp()), /^UNSUPPORTED_OP/);
  t.is(loadError([q([3]), q([2]), q([3])], subOp()), "BAD_SHAPE");
  t.is(loadError([{ shape: [2], type: INT32 }, { shape: [2], type: INT32 }, q([2], INT32)], subOp()), "BAD_QUANTIZATION");
  t.regex(loadError([q([2], TensorType.INT64), q([2], TensorType.INT64), q([2], TensorType.INT64)], subOp(0, 4)), /^UNSUPPORTED_OP/);
});
