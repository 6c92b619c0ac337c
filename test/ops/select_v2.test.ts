/** SELECT_V2: hand-computed selections with broadcasting, a random check against a multi-index reference, invalid models. */
import test from "ava";
import { BuiltinOperator, TensorType } from "../helpers/model_builder";
import { broadcastIndex } from "../helpers/elementwise_reference";
import { randInt, rng } from "../helpers/random";
import { expectModelError, expectUnsupported, runOp } from "./shape_ops_helpers";

const { BOOL, FLOAT32, INT8, INT16 } = TensorType;
const select = { op: BuiltinOperator.SELECT_V2, inputs: [0, 1, 2], outputs: [3] };

test("same shapes, a scalar condition, and a row condition broadcast over columns", (t) => {
  t.deepEqual(runOp([{ shape: [4], type: BOOL }, { shape: [4], type: FLOAT32 }, { shape: [4], type: FLOAT32 }, { shape: [4], type: FLOAT32 }], select, [[1, 0, 0, 1], [1, 2, 3, 4], [-1, -2, -3, -4]]), [1, -2, -3, 4]);
  t.deepEqual(runOp([{ shape: [], type: BOOL }, { shape: [2], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [2], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [2], type: INT8, scale: 1, zeroPoint: 0 }], select, [[0], [5, 6], [-7, -8]]), [-7, -8]);
  // condition [2, 1], x [1, 3], y scalar -> [2, 3].
  t.deepEqual(runOp([{ shape: [2, 1], type: BOOL }, { shape: [1, 3], type: INT16 }, { shape: [], type: INT16 }, { shape: [2, 3], type: INT16 }], select, [[1, 0], [10, 20, 30], [-1]]), [10, 20, 30, -1, -1, -1]);
});

test("random broadcast shapes match a multi-index reference", (t) => {
  const r = rng(313);
  for (let c = 0; c < 60; c++) {
    const rank = randInt(r, 1, 4);
    const out = Array.from({ length: rank }, () => randInt(r, 1, 4));
    const sub = () => out.slice(randInt(r, 0, rank)).map((d) => (r() < 0.3 ? 1 : d));
    const [sc, sx, sy] = [sub(), sub(), sub()];
    // The output is what the three broadcast to.
    const fullRank = Math.max(sc.length, sx.length, sy.length);
    const full = Array.from({ length: fullRank }, (_, i) => Math.max(...[sc, sx, sy].map((s) => (i < fullRank - s.length ? 1 : s[i - (fullRank - s.length)]!))));
    const n = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const cond = Array.from({ length: n(sc) }, () => randInt(r, 0, 1)), x = Array.from({ length: n(sx) }, () => randInt(r, -99, 99)), y = Array.from({ length: n(sy) }, () => randInt(r, -99, 99));
    const got = runOp([{ shape: sc, type: BOOL }, { shape: sx, type: FLOAT32 }, { shape: sy, type: FLOAT32 }, { shape: full, type: FLOAT32 }], select, [cond, x, y]);
    const ic = broadcastIndex(sc, full), ix = broadcastIndex(sx, full), iy = broadcastIndex(sy, full);
    t.deepEqual(got, got.map((_, i) => (cond[ic[i]!] ? x[ix[i]!]! : y[iy[i]!]!)), `case ${c}: [${sc}] [${sx}] [${sy}] -> [${full}]`);
  }
});

test("invalid selects: shapes that do not broadcast, a wrong output, a non-bool condition", (t) => {
  expectModelError(t, [{ shape: [3], type: BOOL }, { shape: [2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }], select, "BAD_SHAPE");
  expectModelError(t, [{ shape: [2], type: BOOL }, { shape: [2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }, { shape: [2, 2], type: FLOAT32 }], select, "BAD_SHAPE", /broadcast to \[2\]/);
  expectUnsupported(t, [{ shape: [2], type: INT8, scale: 1, zeroPoint: 0 }, { shape: [2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }, { shape: [2], type: FLOAT32 }], select, /condition/);
});
