/** QUANTIZE: float32 -> int8 / int16 (AffineQuantize) and integer requantization (Requantize); invalid models. */
import test from "ava";
import { BuiltinOperator, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { clampTo, loadError, mbqm, quantMult, runOp } from "../helpers/elementwise_reference";

const { INT8, UINT8, INT16, INT32, FLOAT32 } = TensorType;
const quantizeOp = (version = 1) => ({ op: BuiltinOperator.QUANTIZE, version, inputs: [0], outputs: [1] });
const RANGES: Record<number, [number, number]> = { [INT8]: [-128, 127], [UINT8]: [0, 255], [INT16]: [-32768, 32767], [INT32]: [-2147483648, 2147483647] };

test("float32 -> int8: divide by the scale in float32, round half away from zero, add the zero point, clamp", (t) => {
  const tensors: TensorDef[] = [{ shape: [2, 5], type: FLOAT32 }, { shape: [2, 5], type: INT8, scale: 0.5, zeroPoint: -3 }];
  const x = [0, 0.25, -0.25, 1, -1.3, 100, -100, 63.9, NaN, Infinity];
  // 0 -> -3; 0.5 -> 1 -> -2; -0.5 -> -1 -> -4; 2 -> -1; -2.6 -> -3 -> -6; clamps; 127.8 -> 128 - 3 = 125; NaN -> 0 + zp; +inf clamps
  t.deepEqual(runOp(tensors, quantizeOp(), [x]), [-3, -2, -4, -1, -6, 127, -128, 125, -3, 127]);
});

test("float32 -> int8: the division is float32 (0.25 / 0.1f is 2.5 in float32, 2.4999999 in double)", (t) => {
  const tensors: TensorDef[] = [{ shape: [3], type: FLOAT32 }, { shape: [3], type: INT8, scale: 0.1, zeroPoint: 0 }];
  t.deepEqual(runOp(tensors, quantizeOp(), [[0.25, 0.35, -0.45]]), [3, 4, -5]);
});

test("float32 -> int16", (t) => {
  const tensors: TensorDef[] = [{ shape: [5], type: FLOAT32 }, { shape: [5], type: INT16, scale: 1 / 1024, zeroPoint: 0 }];
  t.deepEqual(runOp(tensors, quantizeOp(2), [[1, -1, 0.5 / 1024, 40, -40]]), [1024, -1024, 1, 32767, -32768]);
});

test("float32 -> int8: random values against the float32 formula", (t) => {
  const r = rng(17);
  for (let c = 0; c < 50; c++) {
    const scale = Math.fround(10 ** (-4 + 4 * r())), zp = randInt(r, -128, 127);
    const x = Array.from({ length: 64 }, () => Math.fround((r() - 0.5) * 300 * scale));
    const want = x.map((v) => {
      const q = Math.fround(v / scale);
      return clampTo((q < 0 ? -Math.round(-q) : Math.round(q)) + zp, -128, 127);
    });
    t.deepEqual(runOp([{ shape: [64], type: FLOAT32 }, { shape: [64], type: INT8, scale, zeroPoint: zp }], quantizeOp(), [x]), want);
  }
});

test("requantization between integer types matches MultiplyByQuantizedMultiplier on (q - zp_in) plus zp_out", (t) => {
  const r = rng(31);
  const pairs: [number, number][] = [[INT8, INT8], [INT16, INT8], [INT8, UINT8], [UINT8, INT8], [INT8, INT16], [INT8, INT32], [INT16, INT16], [INT16, INT32], [INT32, INT8], [INT32, INT16]];
  for (const [ti, to] of pairs) {
    for (let c = 0; c < 20; c++) {
      const si = Math.fround(10 ** (-4 + 4 * r())), so = Math.fround(10 ** (-4 + 4 * r()));
      const [imin, imax] = RANGES[ti]!, [omin, omax] = RANGES[to]!;
      const zi = ti === INT16 || ti === INT32 ? 0 : randInt(r, imin, imax), zo = to === INT16 || to === INT32 ? 0 : randInt(r, omin, omax);
      const span = ti === INT32 ? 1e6 : imax - imin;
      const x = Array.from({ length: 32 }, () => (ti === INT32 ? randInt(r, -span, span) : randInt(r, imin, imax)));
      const [m, sh] = quantMult(si / so);
      const want = x.map((v) => clampTo(mbqm(v - zi, m, sh) + zo, omin, omax));
      const got = runOp([{ shape: [32], type: ti, scale: si, zeroPoint: zi }, { shape: [32], type: to, scale: so, zeroPoint: zo }], quantizeOp(), [x]);
      t.deepEqual(got, want, `${ti} -> ${to}`);
    }
  }
});

test("int8 <-> uint8 with one scale is a shift of the zero point by 128", (t) => {
  const v = Array.from({ length: 256 }, (_, i) => i - 128);
  t.deepEqual(runOp([{ shape: [256], type: INT8, scale: 0.3, zeroPoint: 5 }, { shape: [256], type: UINT8, scale: 0.3, zeroPoint: 133 }], quantizeOp(), [v]), v.map((x) => x + 128));
  const u = v.map((x) => x + 128);
  t.deepEqual(runOp([{ shape: [256], type: UINT8, scale: 0.3, zeroPoint: 133 }, { shape: [256], type: INT8, scale: 0.3, zeroPoint: 5 }], quantizeOp(), [u]), v);
});

test("requantization: hand-computed halves and saturation", (t) => {
  // scale 1 -> 2: (q - 1) * 0.5, multiplier 2^30 with shift 0, so the rounding is all in the high
  // multiply, whose nudge breaks ties upward: 0.5 -> 1, -0.5 -> 0, 63 -> 63, -64.5 -> -64.
  const got = runOp([{ shape: [6], type: INT8, scale: 1, zeroPoint: 1 }, { shape: [6], type: INT8, scale: 2, zeroPoint: 0 }], quantizeOp(), [[1, 2, 0, 4, 127, -128]]);
  t.deepEqual(got, [0, 1, 0, 2, 63, -64]);
  // scale 1 -> 4: multiplier 2^30 with shift -1; the final rounding right shift breaks ties away from zero.
  const quarter = runOp([{ shape: [4], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [4], type: INT8, scale: 4, zeroPoint: 0 }], quantizeOp(), [[2, -2, 6, -6]]);
  t.deepEqual(quarter, [1, -1, 2, -2]); // 0.5 -> 1, -0.5 -> -1, 1.5 -> 2, -1.5 -> -2
  const widen = runOp([{ shape: [3], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [3], type: INT8, scale: 0.25, zeroPoint: 0 }], quantizeOp(), [[31, 32, -33]]);
  t.deepEqual(widen, [124, 127, -128]);
});

test("invalid models", (t) => {
  t.regex(loadError([{ shape: [2], type: FLOAT32 }, { shape: [2], type: UINT8, scale: 1, zeroPoint: 0 }], quantizeOp()), /^UNSUPPORTED_OP/);
  t.regex(loadError([{ shape: [2], type: UINT8, scale: 1, zeroPoint: 0 }, { shape: [2], type: INT16, scale: 1, zeroPoint: 0 }], quantizeOp()), /^UNSUPPORTED_OP/);
  t.regex(loadError([{ shape: [2], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [2], type: FLOAT32 }], quantizeOp()), /^UNSUPPORTED_OP/);
  t.is(loadError([{ shape: [2], type: FLOAT32 }, { shape: [2], type: INT8 }], quantizeOp()), "BAD_QUANTIZATION");
  t.is(loadError([{ shape: [2], type: FLOAT32 }, { shape: [2], type: INT8, scale: [0.1, 0.2], zeroPoint: [0, 0] }], quantizeOp()), "BAD_QUANTIZATION");
  t.is(loadError([{ shape: [2], type: INT8 }, { shape: [2], type: INT8, scale: 1, zeroPoint: 0 }], quantizeOp()), "BAD_QUANTIZATION");
  t.is(loadError([{ shape: [3], type: FLOAT32 }, { shape: [2], type: INT8, scale: 1, zeroPoint: 0 }], quantizeOp()), "BAD_SHAPE");
  t.regex(loadError([{ shape: [2], type: FLOAT32 }, { shape: [2], type: INT8, scale: 1, zeroPoint: 0 }], quantizeOp(3)), /^UNSUPPORTED_OP/);
});
