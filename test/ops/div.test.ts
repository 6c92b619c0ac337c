/** DIV: float32 (float32 quotient, activation bounds of +-FLT_MAX) and int32 (C's truncating division); invalid models. */
import test from "ava";
import { BuiltinOperator, OptionsType, type TensorDef, TensorType } from "../helpers/model_builder";
import { loadError, runOp } from "../helpers/elementwise_reference";

const { INT8, INT32, FLOAT32 } = TensorType;
const FLT_MAX = 3.4028234663852886e38;
const divOp = (act = 0, version = 1) => ({ op: BuiltinOperator.DIV, version, inputs: [0, 1], outputs: [2], optionsType: OptionsType.DivOptions, options: [{ id: 0, i8: act }] });

test("float32: quotients round to float32; x/0 clamps to +-FLT_MAX; activations", (t) => {
  const tensors: TensorDef[] = [{ shape: [6], type: FLOAT32 }, { shape: [6], type: FLOAT32 }, { shape: [6], type: FLOAT32 }];
  const out = runOp(tensors, divOp(0), [[1, 7, -6, 1, -1, 0], [3, 2, 4, 0, 0, 0]]);
  t.deepEqual(out.slice(0, 5), [Math.fround(1 / 3), 3.5, -1.5, FLT_MAX, -FLT_MAX]);
  t.true(Number.isNaN(out[5]));
  t.deepEqual(runOp(tensors, divOp(3), [[1, 70, -6, 1, -1, 12], [3, 2, 4, 0, 0, 4]]), [Math.fround(1 / 3), 6, 0, 6, 0, 3]);
});

test("float32: broadcasting a divisor per channel", (t) => {
  const tensors: TensorDef[] = [{ shape: [1, 2, 2], type: FLOAT32 }, { shape: [2], type: FLOAT32, data: new Float32Array([2, -4]) }, { shape: [1, 2, 2], type: FLOAT32 }];
  t.deepEqual(runOp(tensors, divOp(), [[1, 1, 6, -8]]), [0.5, -0.25, 3, 2]);
});

test("int32: truncates toward zero, broadcasts a constant scalar, applies the activation; x/0 gives 0 (as Cortex-M SDIV does)", (t) => {
  const tensors: TensorDef[] = [{ shape: [6], type: INT32 }, { shape: [], type: INT32, data: new Int32Array([2]) }, { shape: [6], type: INT32 }];
  t.deepEqual(runOp(tensors, divOp(0), [[7, -7, 1, -1, 2147483647, -2147483648]]), [3, -3, 0, 0, 1073741823, -1073741824]);
  t.deepEqual(runOp(tensors, divOp(1), [[7, -7, 1, -1, 2147483647, -2147483648]]), [3, 0, 0, 0, 1073741823, 0]);
  const same: TensorDef[] = [{ shape: [4], type: INT32 }, { shape: [4], type: INT32 }, { shape: [4], type: INT32 }];
  t.deepEqual(runOp(same, divOp(0), [[5, -9, -2147483648, 100], [0, 4, -1, -7]]), [0, -2, -2147483648, -14]);
});

test("invalid models", (t) => {
  t.regex(loadError([{ shape: [2], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [2], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [2], type: INT8, scale: 1, zeroPoint: 0 }], divOp()), /^UNSUPPORTED_OP/);
  t.regex(loadError([{ shape: [2], type: FLOAT32 }, { shape: [2], type: INT32 }, { shape: [2], type: FLOAT32 }], divOp()), /^UNSUPPORTED_OP/);
  t.is(loadError([{ shape: [2], type: INT32, scale: 1, zeroPoint: 0 }, { shape: [2], type: INT32 }, { shape: [2], type: INT32 }], divOp()), "BAD_QUANTIZATION");
  t.is(loadError([{ shape: [3], type: FLOAT32 }, { shape: [2], type: FLOAT32 }, { shape: [3], type: FLOAT32 }], divOp()), "BAD_SHAPE");
  t.regex(loadError([{ shape: [2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }], divOp(0, 3)), /^UNSUPPORTED_OP/);
});
