/** SignalPCAN: the gain from TFLM's WideDynamicFunction LUT, snr = (x * gain) >> snr_shift, then PcanShrink. */
import test from "ava";
import { pcanShrink, wideDynamicFunction } from "../../../src/ops/signal/pcan";
import { customOp, expectLoadError, output, run, type TensorDef, TensorType } from "./helpers";

const U = TensorType.UINT32;
const tensors = (n: number, lut: number[]): TensorDef[] => [
  { shape: [n], type: U },
  { shape: [n], type: U },
  { shape: [lut.length], type: TensorType.INT16, data: new Int16Array(lut) },
  { shape: [n], type: U },
];
const op = (shift: number) => customOp("SignalPCAN", [0, 1, 2], [3], { snr_shift: shift });

// A LUT with recognisable entries: lut[0..2] = gains for x = 0, 1, 2; interval 2 (x = 3) uses lut[2..4].
const lut = Array.from({ length: 125 }, (_, i) => i + 1000);
lut[0] = 7;
lut[1] = 9;
lut[2] = 100;
lut[3] = 64;
lut[4] = 32;
lut[122] = 555;

test("WideDynamicFunction by hand", (t) => {
  const g = new Int16Array(lut);
  t.is(wideDynamicFunction(0, g), 7);
  t.is(wideDynamicFunction(2, g), 100);
  // x = 3: msb 2, segment lut[2..4], frac = (3 << 9) & 0x3FF = 512:
  // ((32 * 512) >> 5 + (64 << 5)) * 512 = 1310720; (1310720 + 16384) >> 15 = 40; + 100 = 140
  t.is(wideDynamicFunction(3, g), 140);
  // x = 2^31: msb 32, segment lut[122..124], frac = (x >> 21) & 0x3FF = 0: the gain is lut[122]
  t.is(wideDynamicFunction(2 ** 31, g), 555);
});

test("PcanShrink by hand", (t) => {
  t.is(pcanShrink(2187), 4); // 2187^2 >> 20 = 4782969 >> 20
  t.is(pcanShrink(8191), 63); // 67092481 >> 20
  t.is(pcanShrink(8192), 64); // (8192 >> 6) - 64
  t.is(pcanShrink(21875), 277); // (21875 >> 6) - 64 = 341 - 64
});

test("the op: gain, snr shift, shrink; negative gains sign-extend to uint32", (t) => {
  const neg = [...lut];
  neg[0] = -1;
  // Channel 0: noise 3 -> gain 140: (1000 * 140) >> 6 = 2187 -> 4. Channel 1: (10000 * 140) >> 6 = 21875 -> 277.
  t.deepEqual(output(run(tensors(2, lut), op(6), [[1000, 10000], [3, 3]])), [4, 277]);
  // Gain -1 is 0xFFFFFFFF: (64 * 0xFFFFFFFF) >> 6 = 0xFFFFFFFF, shrunk to (0xFFFFFFFF >> 6) - 64.
  t.deepEqual(output(run(tensors(1, neg), op(6), [[64], [0]])), [67108799]);
});

test("invalid models", (t) => {
  expectLoadError(t, tensors(2, lut.slice(0, 100)), op(6), "BAD_SHAPE", /LUT/);
  expectLoadError(t, tensors(2, lut), op(70), "BAD_FORMAT", /snr_shift/);
  const bad = tensors(2, lut);
  bad[1] = { shape: [2], type: TensorType.INT32 };
  expectLoadError(t, bad, op(6), "BAD_TYPE", /noise/);
});
