/** SQUARED_DIFFERENCE: float32 ((a - b) rounded to float32, squared in float32, no activation) and int32 (wrapping); invalid models. */
import test from "ava";
import { BuiltinOperator, type TensorDef, TensorType } from "../helpers/model_builder";
import { loadError, runOp } from "../helpers/elementwise_reference";

const { INT8, INT32, FLOAT32 } = TensorType;
const op = (version = 1) => ({ op: BuiltinOperator.SQUARED_DIFFERENCE, version, inputs: [0, 1], outputs: [2] });

test("float32 with broadcasting; large squares overflow to infinity (no activation clamp)", (t) => {
  const tensors: TensorDef[] = [{ shape: [2, 2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }];
  const out = runOp(tensors, op(), [[3, -1, 0.1, 2e19], [1, 1]]);
  const d = Math.fround(Math.fround(0.1) - 1);
  t.deepEqual(out, [4, 4, Math.fround(d * d), Infinity]);
});

test("int32 wraps", (t) => {
  const tensors: TensorDef[] = [{ shape: [3], type: INT32 }, { shape: [], type: INT32, data: new Int32Array([-5]) }, { shape: [3], type: INT32 }];
  t.deepEqual(runOp(tensors, op(), [[-2, 5, 65531]]), [9, 100, 0]); // 65536^2 wraps to 0
});

test("invalid models", (t) => {
  const q: TensorDef = { shape: [2], type: INT8, scale: 1, zeroPoint: 0 };
  t.regex(loadError([q, q, q], op()), /^UNSUPPORTED_OP/);
  t.regex(loadError([q, q, q], op(2)), /^UNSUPPORTED_OP/);
  t.is(loadError([{ shape: [2], type: FLOAT32 }, { shape: [3], type: FLOAT32 }, { shape: [2], type: FLOAT32 }], op()), "BAD_SHAPE");
});
