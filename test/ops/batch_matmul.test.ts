/** BATCH_MATMUL: float32 by hand (adj_x, adj_y, broadcast batches), int8 random against TFLM's requantization, invalid models. */
import test from "ava";
import { BuiltinOperator, TensorType, type TensorDef } from "../helpers/model_builder";
import { clampTo, mbqm, quantMult } from "../helpers/elementwise_reference";
import { randInt, rng } from "../helpers/random";
import { expectModelError, runOp } from "./shape_ops_helpers";

const { FLOAT32, INT8 } = TensorType;
const BATCH_MATMUL_OPTIONS = 101;
const bmm = (adjX = false, adjY = false) => ({ op: BuiltinOperator.BATCH_MATMUL, inputs: [0, 1], outputs: [2], optionsType: BATCH_MATMUL_OPTIONS, options: [{ id: 0, bool: adjX }, { id: 1, bool: adjY }] });
const fl = (shape: number[]): TensorDef => ({ shape, type: FLOAT32 });

test("float32: [2, 3] x [3, 2] and the transposed forms", (t) => {
  const a = [1, 2, 3, 4, 5, 6], b = [7, 8, 9, 10, 11, 12];
  const want = [58, 64, 139, 154];
  t.deepEqual(runOp([fl([2, 3]), fl([3, 2]), fl([2, 2])], bmm(), [a, b]), want);
  t.deepEqual(runOp([fl([3, 2]), fl([3, 2]), fl([2, 2])], bmm(true), [[1, 4, 2, 5, 3, 6], b]), want);
  t.deepEqual(runOp([fl([2, 3]), fl([2, 3]), fl([2, 2])], bmm(false, true), [a, [7, 9, 11, 8, 10, 12]]), want);
});

test("float32: batch dimensions broadcast ([2, 1, 2, 2] x [3, 2, 2] -> [2, 3, 2, 2])", (t) => {
  const lhs = [1, 0, 0, 1, 2, 0, 0, 2]; // identity, then 2 x identity
  const rhs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const got = runOp([fl([2, 1, 2, 2]), fl([3, 2, 2]), fl([2, 3, 2, 2])], bmm(), [lhs, rhs]);
  t.deepEqual(got, [...rhs, ...rhs.map((v) => 2 * v)]);
});

test("int8: random shapes, zero points and scales against a reference with TFLM's requantization", (t) => {
  const r = rng(808);
  for (let c = 0; c < 40; c++) {
    const rows = randInt(r, 1, 5), depth = randInt(r, 1, 12), cols = randInt(r, 1, 5), batch = randInt(r, 1, 3);
    const adjX = r() < 0.3, adjY = r() < 0.3;
    const sl = Math.fround(10 ** (-2 + r())), sr = Math.fround(10 ** (-2 + r())), so = Math.fround(sl * sr * 60 * Math.sqrt(depth) * 10 ** (r() - 0.5));
    const zl = randInt(r, -20, 20), zr = randInt(r, -20, 20), zo = randInt(r, -20, 20);
    const L = Array.from({ length: batch * rows * depth }, () => randInt(r, -128, 127)), R = Array.from({ length: batch * depth * cols }, () => randInt(r, -128, 127));
    const got = runOp([
      { shape: [batch, ...(adjX ? [depth, rows] : [rows, depth])], type: INT8, scale: sl, zeroPoint: zl },
      { shape: [batch, ...(adjY ? [cols, depth] : [depth, cols])], type: INT8, scale: sr, zeroPoint: zr },
      { shape: [batch, rows, cols], type: INT8, scale: so, zeroPoint: zo },
    ], bmm(adjX, adjY), [L, R]);
    const [m, s] = quantMult(Math.fround(sl * sr) / so);
    const want: number[] = [];
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          let acc = 0;
          for (let k = 0; k < depth; k++) {
            const l = L[b * rows * depth + (adjX ? k * rows + i : i * depth + k)]!, x = R[b * depth * cols + (adjY ? j * depth + k : k * cols + j)]!;
            acc += (l - zl) * (x - zr);
          }
          want.push(clampTo(mbqm(acc, m, s) + zo, -128, 127));
        }
      }
    }
    t.deepEqual(got, want, `case ${c}`);
  }
});

test("invalid matrix products are typed ModelErrors", (t) => {
  expectModelError(t, [fl([2, 3]), fl([2, 2]), fl([2, 2])], bmm(), "BAD_SHAPE", /accumulation depth/);
  expectModelError(t, [fl([2, 2, 3]), fl([3, 3, 2]), fl([3, 2, 2])], bmm(), "BAD_SHAPE", /do not broadcast/);
  expectModelError(t, [fl([2, 3]), fl([3, 2]), fl([2, 3])], bmm(), "BAD_SHAPE", /expected \[2, 2\]/);
});
