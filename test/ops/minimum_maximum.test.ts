/** MINIMUM and MAXIMUM: float32 (TFLM's comparison order decides NaN and -0), int8, int16, int32; broadcasting; invalid models. */
import test from "ava";
import { BuiltinOperator, type TensorDef, TensorType } from "../helpers/model_builder";
import { randInt, rng } from "../helpers/random";
import { broadcastIndex, loadError, randomBroadcastShapes, runOp } from "../helpers/elementwise_reference";

const { INT8, INT16, INT32, FLOAT32, UINT8 } = TensorType;
const minOp = (version = 1) => ({ op: BuiltinOperator.MINIMUM, version, inputs: [0, 1], outputs: [2] });
const maxOp = (version = 1) => ({ op: BuiltinOperator.MAXIMUM, version, inputs: [0, 1], outputs: [2] });

test("float32: values, broadcast of a constant, NaN and -0 follow TFLM's `a > b ? a : b` / `a < b ? a : b`", (t) => {
  const tensors: TensorDef[] = [{ shape: [2, 3], type: FLOAT32 }, { shape: [3], type: FLOAT32, data: new Float32Array([0, 2.5, -1]) }, { shape: [2, 3], type: FLOAT32 }];
  const x = [-1, 3, -1, 0.5, 2, -2];
  t.deepEqual(runOp(tensors, maxOp(), [x]), [0, 3, -1, 0.5, 2.5, -1]);
  t.deepEqual(runOp(tensors, minOp(), [x]), [-1, 2.5, -1, 0, 2, -2]);
  const same: TensorDef[] = [{ shape: [4], type: FLOAT32 }, { shape: [4], type: FLOAT32 }, { shape: [4], type: FLOAT32 }];
  const mx = runOp(same, maxOp(), [[NaN, 1, -0, 0], [1, NaN, 0, -0]]);
  // NaN first: the comparison fails, the second operand wins; NaN second: likewise, NaN wins.
  t.is(mx[0], 1);
  t.true(Number.isNaN(mx[1]));
  t.true(Object.is(mx[2], 0)); // -0 > 0 is false: the second (+0)
  t.true(Object.is(mx[3], -0));
  const mn = runOp(same, minOp(), [[NaN, 1, -0, 0], [1, NaN, 0, -0]]);
  t.is(mn[0], 1);
  t.true(Number.isNaN(mn[1]));
  t.true(Object.is(mn[2], 0));
  t.true(Object.is(mn[3], -0));
});

test("int32: the audio preprocessor's clamp of [40] against constant scalars", (t) => {
  const lo: TensorDef[] = [{ shape: [40], type: INT32 }, { shape: [], type: INT32, data: new Int32Array([127]) }, { shape: [40], type: INT32 }];
  const x = Array.from({ length: 40 }, (_, i) => (i - 20) * 13);
  t.deepEqual(runOp(lo, minOp(), [x]), x.map((v) => Math.min(v, 127)));
  const hi: TensorDef[] = [{ shape: [40], type: INT32 }, { shape: [], type: INT32, data: new Int32Array([-128]) }, { shape: [40], type: INT32 }];
  t.deepEqual(runOp(hi, maxOp(), [x]), x.map((v) => Math.max(v, -128)));
  const ext: TensorDef[] = [{ shape: [2], type: INT32 }, { shape: [2], type: INT32 }, { shape: [2], type: INT32 }];
  t.deepEqual(runOp(ext, maxOp(), [[-2147483648, 2147483647], [2147483647, -2147483648]]), [2147483647, 2147483647]);
  t.deepEqual(runOp(ext, minOp(), [[-2147483648, 2147483647], [2147483647, -2147483648]]), [-2147483648, -2147483648]);
});

test("int8 and int16: raw values compared, random broadcast shapes", (t) => {
  const r = rng(8);
  for (const [type, lo, hi, version] of [[INT8, -128, 127, 2], [INT16, -32768, 32767, 4]] as const) {
    for (let c = 0; c < 60; c++) {
      const [sa, sb, so] = randomBroadcastShapes(r);
      const tensors: TensorDef[] = [
        { shape: sa, type, scale: 0.1, zeroPoint: 0 },
        { shape: sb, type, scale: 0.1, zeroPoint: 0 },
        { shape: so, type, scale: 0.1, zeroPoint: 0 },
      ];
      const x = Array.from({ length: sa.reduce((a, b) => a * b, 1) }, () => randInt(r, lo, hi));
      const y = Array.from({ length: sb.reduce((a, b) => a * b, 1) }, () => randInt(r, lo, hi));
      const ia = broadcastIndex(sa, so), ib = broadcastIndex(sb, so);
      t.deepEqual(runOp(tensors, maxOp(version), [x, y]), ia.map((a, i) => Math.max(x[a]!, y[ib[i]!]!)));
      t.deepEqual(runOp(tensors, minOp(version), [x, y]), ia.map((a, i) => Math.min(x[a]!, y[ib[i]!]!)));
    }
  }
});

test("invalid models", (t) => {
  const f = (shape: number[], type: number = FLOAT32): TensorDef => ({ shape, type });
  t.regex(loadError([f([2], UINT8), f([2], UINT8), f([2], UINT8)], maxOp()), /^UNSUPPORTED_OP/);
  t.regex(loadError([f([2]), f([2], INT32), f([2])], minOp()), /^UNSUPPORTED_OP/);
  t.regex(loadError([f([2], INT32), f([2], INT32), f([2])], minOp()), /^UNSUPPORTED_OP/);
  t.is(loadError([f([2, 3]), f([2]), f([2, 3])], maxOp()), "BAD_SHAPE");
  t.is(loadError([f([2, 3]), f([1, 3]), f([3, 3])], maxOp()), "BAD_SHAPE");
  t.regex(loadError([f([2]), f([2]), f([2])], maxOp(5)), /^UNSUPPORTED_OP/);
});
