/** SignalEnergy: re^2 + im^2 per complex bin in [start_index, end_index). */
import test from "ava";
import { customOp, expectLoadError, output, run, type TensorDef, TensorType } from "./helpers";

const tensors = (bins: number): TensorDef[] => [{ shape: [2 * bins], type: TensorType.INT16 }, { shape: [bins], type: TensorType.UINT32 }];
const op = (start: number, end: number) => customOp("SignalEnergy", [0], [1], { start_index: start, end_index: end });

test("hand-computed energies, the int32 wrap of 2 * 32768^2, bins outside the range", (t) => {
  const x = [3, 4, -5, 12, -32768, -32768, 1, 1, 7, 7];
  // bins 1..3: 25 + 144 = 169; 2 * 2^30 = 2^31 (wraps to INT32_MIN in TFLM, 2^31 as uint32); 1 + 1 = 2
  t.deepEqual(output(run(tensors(5), op(1, 4), [x])), [0, 169, 2147483648, 2, 0]);
  t.deepEqual(output(run(tensors(5), op(0, 5), [x])), [25, 169, 2147483648, 2, 98]);
  t.deepEqual(output(run(tensors(5), op(2, 2), [x])), [0, 0, 0, 0, 0]);
});

test("invalid models", (t) => {
  expectLoadError(t, tensors(4), op(0, 5), "BAD_FORMAT", /bins/);
  expectLoadError(t, tensors(4), op(3, 2), "BAD_FORMAT", /bins/);
  expectLoadError(t, [{ shape: [7], type: TensorType.INT16 }, { shape: [4], type: TensorType.UINT32 }], op(0, 4), "BAD_SHAPE");
  expectLoadError(t, [{ shape: [8], type: TensorType.INT16 }, { shape: [4], type: TensorType.INT32 }], op(0, 4), "BAD_TYPE");
  expectLoadError(t, tensors(4), customOp("SignalEnergy", [0], [1], { start_index: 0 }), "BAD_FORMAT", /end_index/);
});
