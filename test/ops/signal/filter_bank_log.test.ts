/**
 * SignalFilterBankLog: TFLM's Log32. Powers of two have a zero fraction (log2 = k in Q16), so
 * ln = 45426 * k exactly (45426 = ln 2 in Q16); the output is (scale * ln + 2^15) >> 16 in uint32.
 */
import test from "ava";
import { log32 } from "../../../src/ops/signal/filter_bank_log";
import { customOp, expectLoadError, output, run, type TensorDef, TensorType } from "./helpers";

const tensors = (n: number): TensorDef[] => [{ shape: [n], type: TensorType.UINT32 }, { shape: [n], type: TensorType.INT16 }];
const op = (correction: number, scale: number) => customOp("SignalFilterBankLog", [0], [1], { input_correction_bits: correction, output_scale: scale });

test("Log32 by hand", (t) => {
  // 2^3: ln = 3 * 45426 = 136278; 64 * 136278 + 32768 = 8754560 >> 16 = 133
  t.is(log32(8, 64), 133);
  // 2^31: ln = 1408206; 64 * 1408206 + 32768 >> 16 = 1375 (64 * ln 2^31 = 1375.2)
  t.is(log32(2 ** 31, 64), 1375);
  // 3: fraction (3 - 2) << 15 = 32768, segment 64 (LUT 5568, next 5547, offset 0): log2 = 65536 + 38336 = 103872
  // ln = (45426 * 103872 + 32768) >> 16 = 71998; 64 * 71998 + 32768 >> 16 = 70
  t.is(log32(3, 64), 70);
  // With scale 2^16 the product 71998 * 2^16 wraps in uint32 to (71998 - 65536) * 2^16: 6462.
  t.is(log32(3, 65536), 6462);
  // scale * ln wraps in uint32: 4000 * 1408206 = 5632824000 -> 1337856704; + 32768 >> 16 = 20414
  t.is(log32(2 ** 31, 4000), 20414);
});

test("the op: correction bits, values <= 1 give 0, saturation at 32767", (t) => {
  // x << 3: 0 -> 0, 1 -> 8 (133), 2^28 -> 2^31 (1375); 2^29 << 3 wraps to 0 -> 0
  t.deepEqual(output(run(tensors(4), op(3, 64), [[0, 1, 2 ** 28, 2 ** 29]])), [0, 133, 1375, 0]);
  // Without correction, 1 gives 0 (x > 1 is required).
  t.deepEqual(output(run(tensors(2), op(0, 64), [[1, 2]])), [0, 44]); // 45426 * 64 + 32768 >> 16 = 44
  // 2000 * 1408206 + 32768 >> 16 = 42975 > 32767: saturates.
  t.deepEqual(output(run(tensors(2), op(0, 2000), [[2 ** 31, 2]])), [32767, 1386]); // 2000 * 45426 + 32768 >> 16 = 1386
});

test("invalid models", (t) => {
  expectLoadError(t, tensors(2), op(32, 64), "BAD_FORMAT", /input_correction_bits/);
  expectLoadError(t, [{ shape: [2], type: TensorType.UINT32 }, { shape: [2], type: TensorType.INT32 }], op(0, 64), "BAD_TYPE");
  expectLoadError(t, [{ shape: [2], type: TensorType.UINT32 }, { shape: [3], type: TensorType.INT16 }], op(0, 64), "BAD_SHAPE");
});
