/** SignalFftAutoScale: the left shift 15 - msb(max |x|) (at least 0), applied to the frame and output. */
import test from "ava";
import { customOp, expectLoadError, output, run, type TensorDef, TensorType } from "./helpers";

const tensors = (n: number): TensorDef[] => [{ shape: [n], type: TensorType.INT16 }, { shape: [n], type: TensorType.INT16 }, { shape: [], type: TensorType.INT32 }];
const op = customOp("SignalFftAutoScale", [0], [1, 2]);
const scale = (x: number[]) => {
  const it = run(tensors(x.length), op, [x]);
  return { y: output(it, 0), bits: output(it, 1)[0] };
};

test("hand-computed shifts", (t) => {
  // max |x| = 300 needs 9 bits: shift 15 - 9 = 6
  t.deepEqual(scale([0, 100, -300]), { y: [0, 6400, -19200], bits: 6 });
  // 1 needs 1 bit: shift 14
  t.deepEqual(scale([1, -1, 0]), { y: [16384, -16384, 0], bits: 14 });
  // 16384 needs 15 bits: shift 0; 32767 as well
  t.deepEqual(scale([16384, -5]), { y: [16384, -5], bits: 0 });
  t.deepEqual(scale([-32767, 5]), { y: [-32767, 5], bits: 0 });
});

test("all zeros: TFLM's MostSignificantBit32(0) is 32 on GCC builds, so the shift is 0", (t) => {
  t.deepEqual(scale([0, 0, 0, 0]), { y: [0, 0, 0, 0], bits: 0 });
});

test("-32768 wraps TFLM's int16 running maximum", (t) => {
  // After -32768 the maximum is int16(32768) = -32768 (shift 0) unless a later value replaces it.
  t.deepEqual(scale([5, -32768]), { y: [5, -32768], bits: 0 });
  // Here 5 > -32768 replaces it: max 5 -> shift 12, and -32768 << 12 wraps to 0 in int16.
  t.deepEqual(scale([-32768, 5]), { y: [0, 20480], bits: 12 });
});

test("invalid models", (t) => {
  const bad: TensorDef[] = [{ shape: [4], type: TensorType.INT16 }, { shape: [4], type: TensorType.INT16 }, { shape: [1], type: TensorType.INT32 }];
  expectLoadError(t, bad, op, "BAD_SHAPE", /scale bits/);
  const badType: TensorDef[] = [{ shape: [4], type: TensorType.INT16 }, { shape: [4], type: TensorType.INT16 }, { shape: [], type: TensorType.INT16 }];
  expectLoadError(t, badType, op, "BAD_TYPE");
  expectLoadError(t, tensors(4), customOp("SignalFftAutoScale", [0], [1]), "BAD_FORMAT", /output/);
});
