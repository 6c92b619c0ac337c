/** SignalWindow: (x * w) >> shift with an arithmetic (flooring) shift, saturated to int16, per frame. */
import test from "ava";
import { customOp, expectLoadError, output, run, type TensorDef, TensorType } from "./helpers";

const T = TensorType.INT16;
const tensors = (shape: number[], w: number[]): TensorDef[] => [{ shape, type: T }, { shape: [w.length], type: T, data: new Int16Array(w) }, { shape, type: T }];
const op = (opts: Record<string, number> | undefined = { shift: 12 }) => customOp("SignalWindow", [0, 1], [2], opts);

test("hand-computed values: scaling, flooring of negatives, saturation both ways", (t) => {
  const w = [4096, 2048, 1, 16384, 16384, 8191];
  const x = [1000, -1000, -1, 32767, -32768, 3];
  // 1000*4096>>12 = 1000; -1000*2048>>12 = -500; -1*1>>12 = floor(-1/4096) = -1;
  // 32767*16384>>12 = 131068 -> 32767; -32768*16384>>12 = -131072 -> -32768; 3*8191>>12 = 24573>>12 = 5
  t.deepEqual(output(run(tensors([1, 6], w), op(), [x])), [1000, -500, -1, 32767, -32768, 5]);
});

test("the window repeats over every frame of the input", (t) => {
  const it = run(tensors([3, 2], [2, 3]), op({ shift: 1 }), [[10, 10, -7, 7, 1, 1]]);
  // frame k: [x0 * 2 >> 1, x1 * 3 >> 1]
  t.deepEqual(output(it), [10, 15, -7, 10, 1, 1]);
});

test("shift 0 is a plain saturating product", (t) => {
  t.deepEqual(output(run(tensors([2], [3, -3]), op({ shift: 0 }), [[100, 20000]])), [300, -32768]);
});

test("invalid models", (t) => {
  expectLoadError(t, tensors([4], [1, 2, 3]), op(), "BAD_SHAPE", /frames/);
  expectLoadError(t, tensors([4], [1, 2, 3, 4]), customOp("SignalWindow", [0, 1], [2]), "BAD_FORMAT", /'shift' is missing/);
  expectLoadError(t, tensors([4], [1, 2, 3, 4]), op({ shift: 40 }), "BAD_FORMAT", /shift/);
  const bad: TensorDef[] = [{ shape: [4], type: TensorType.INT8 }, { shape: [4], type: T, data: new Int16Array(4) }, { shape: [4], type: TensorType.INT8 }];
  expectLoadError(t, bad, op(), "BAD_TYPE", /input/);
  const badW: TensorDef[] = [{ shape: [4], type: T }, { shape: [2, 2], type: T, data: new Int16Array(4) }, { shape: [4], type: T }];
  expectLoadError(t, badW, op(), "BAD_SHAPE", /weights/);
});
