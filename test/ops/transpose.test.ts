/** TRANSPOSE: hand-computed permutations, randomized up to 6-D against the index definition, invalid models. */
import test from "ava";
import { BuiltinOperator, OptionsType, TensorType, type TensorDef } from "../helpers/model_builder";
import { expectModelError, expectUnsupported, indices, iota, rng, runOp, stridesOf } from "./shape_ops_helpers";

const OP = { op: BuiltinOperator.TRANSPOSE, inputs: [0, 1], outputs: [2], optionsType: OptionsType.TransposeOptions, options: [] };

function model(inShape: number[], perm: number[], outShape: number[], type: number = TensorType.FLOAT32, permType: number = TensorType.INT32): TensorDef[] {
  const p = permType === TensorType.INT64 ? new BigInt64Array(perm.map(BigInt)) : new Int32Array(perm);
  return [{ shape: inShape, type }, { shape: [perm.length], type: permType, data: p }, { shape: outShape, type }];
}

test("2-D and 3-D: hand-computed", (t) => {
  // [[0, 1, 2], [3, 4, 5]] -> [[0, 3], [1, 4], [2, 5]]
  t.deepEqual(runOp(model([2, 3], [1, 0], [3, 2]), OP, [iota(6)]), [0, 3, 1, 4, 2, 5]);
  // x[a][b][c] = 100a + 10b + c with shape [2, 2, 3]; output[c][a][b] for perm [2, 0, 1].
  const x = [0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112];
  t.deepEqual(runOp(model([2, 2, 3], [2, 0, 1], [3, 2, 2], TensorType.INT16), OP, [x]), [0, 10, 100, 110, 1, 11, 101, 111, 2, 12, 102, 112]);
  // The identity permutation copies.
  t.deepEqual(runOp(model([2, 3], [0, 1], [2, 3], TensorType.INT8), OP, [[-128, 1, 2, 3, 4, 127]]), [-128, 1, 2, 3, 4, 127]);
  // Negative entries count from the end, as TFLite reads them.
  t.deepEqual(runOp(model([2, 3], [-1, 0], [3, 2]), OP, [iota(6)]), [0, 3, 1, 4, 2, 5]);
});

test("int64, bool and uint8 elements move unchanged", (t) => {
  t.deepEqual(runOp(model([2, 2], [1, 0], [2, 2], TensorType.INT64), OP, [[2 ** 40, -1, -(2 ** 41), 7]]), [2 ** 40, -(2 ** 41), -1, 7]);
  t.deepEqual(runOp(model([1, 3], [1, 0], [3, 1], TensorType.BOOL), OP, [[1, 0, 1]]), [1, 0, 1]);
  t.deepEqual(runOp(model([2, 1, 2], [2, 1, 0], [2, 1, 2], TensorType.UINT8), OP, [[0, 255, 128, 1]]), [0, 128, 255, 1]);
});

test("randomized permutations up to 6-D against output[i] = input[i permuted back]", (t) => {
  const r = rng(99);
  for (let k = 0; k < 60; k++) {
    const rank = r(1, 6);
    const inShape = Array.from({ length: rank }, () => r(1, 3));
    const perm = iota(rank);
    for (let i = rank - 1; i > 0; i--) {
      const j = r(0, i);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const outShape = perm.map((p) => inShape[p]!);
    const n = inShape.reduce((a, b) => a * b, 1);
    const input = Array.from({ length: n }, () => r(-30000, 30000));
    const st = stridesOf(inShape);
    const expected: number[] = [];
    // Output index o reads input index in with in[perm[i]] = o[i].
    for (const o of indices(outShape)) expected.push(input[o.reduce((acc, v, i) => acc + v * st[perm[i]!]!, 0)]!);
    const type = [TensorType.FLOAT32, TensorType.INT16, TensorType.INT32][k % 3]!;
    t.deepEqual(runOp(model(inShape, perm, outShape, type), OP, [input]), expected, `case ${k}: ${inShape} by ${perm}`);
  }
});

test("invalid models", (t) => {
  expectModelError(t, model([2, 3], [1, 0], [2, 3]), OP, "BAD_SHAPE", /transposing/);
  expectModelError(t, model([2, 3], [0, 0], [2, 2]), OP, "BAD_FORMAT", /permutation/);
  expectModelError(t, model([2, 3], [0, 2], [2, 3]), OP, "BAD_FORMAT", /permutation/);
  expectModelError(t, model([2, 3], [0, -3], [2, 3]), OP, "BAD_FORMAT", /permutation/);
  expectModelError(t, model([2, 3], [1, 0, 2], [3, 2]), OP, "BAD_SHAPE", /vector of 2/);
  expectModelError(t, model([1, 1, 1, 1, 1, 1, 1], iota(7), [1, 1, 1, 1, 1, 1, 1]), OP, "BAD_SHAPE", /rank 7/);
  const nonConst = model([2, 3], [1, 0], [3, 2]).map((x, i) => (i === 1 ? { shape: [2], type: TensorType.INT32 } : x));
  expectModelError(t, nonConst, OP, "BAD_FORMAT", /constant/);
  // TFLite reads perm as int32 only.
  expectUnsupported(t, model([2, 3], [1, 0], [3, 2], TensorType.FLOAT32, TensorType.INT64), OP, /perm/);
  expectUnsupported(t, model([2, 3], [1, 0], [3, 2]).map((x, i) => (i === 2 ? { ...x, type: TensorType.INT8 } : x)), OP, /types differ/);
});
