/** CONCATENATION: hand-computed joins along every axis, several types, and invalid models. */
import test from "ava";
import { BuiltinOperator, type Field, OptionsType, TensorType, type TensorDef } from "../helpers/model_builder";
import { expectModelError, expectUnsupported, indices, iota, rng, runOp } from "./shape_ops_helpers";

const concat = (n: number, axis: number, activation = 0) => ({
  op: BuiltinOperator.CONCATENATION,
  inputs: iota(n),
  outputs: [n],
  optionsType: OptionsType.ConcatenationOptions,
  options: [{ id: 0, i32: axis }, { id: 1, i8: activation }] as Field[],
});

test("float32 along axis 1 and axis 0: hand-computed", (t) => {
  const a = [1, 2, 3, 4]; // [[1, 2], [3, 4]]
  const b = [5, 6]; // [[5], [6]]
  t.deepEqual(
    runOp(
      [
        { shape: [2, 2], type: TensorType.FLOAT32 },
        { shape: [2, 1], type: TensorType.FLOAT32 },
        { shape: [2, 3], type: TensorType.FLOAT32 },
      ],
      concat(2, 1),
      [a, b],
    ),
    [1, 2, 5, 3, 4, 6],
  );
  t.deepEqual(
    runOp(
      [
        { shape: [2, 2], type: TensorType.FLOAT32 },
        { shape: [1, 2], type: TensorType.FLOAT32 },
        { shape: [3, 2], type: TensorType.FLOAT32 },
      ],
      concat(2, 0),
      [a, [5, 6]],
    ),
    [1, 2, 3, 4, 5, 6],
  );
});

test("int8, three inputs, negative axis, identical quantization", (t) => {
  const q = { scale: 0.05, zeroPoint: -3 };
  const out = runOp(
    [
      { shape: [2, 1, 2], type: TensorType.INT8, ...q },
      { shape: [2, 1, 1], type: TensorType.INT8, ...q },
      { shape: [2, 1, 3], type: TensorType.INT8, ...q },
      { shape: [2, 1, 6], type: TensorType.INT8, ...q },
    ],
    concat(3, -1),
    [[-128, 1, 2, 3], [127, -1], [10, 11, 12, 13, 14, 15]],
  );
  t.deepEqual(out, [-128, 1, 127, 10, 11, 12, 2, 3, -1, 13, 14, 15]);
});

test("int16, int32, int64 and bool (the audio preprocessor joins int32 zeros and a slice)", (t) => {
  const three = (type: number, q = {}): TensorDef[] => [
    { shape: [2], type, data: type === TensorType.INT64 ? new BigInt64Array([0n, 0n]) : type === TensorType.INT16 ? new Int16Array(2) : new Int32Array(2), ...q },
    { shape: [3], type, ...q },
    { shape: [1], type, data: type === TensorType.INT64 ? new BigInt64Array([-1n]) : type === TensorType.INT16 ? new Int16Array([-1]) : new Int32Array([-1]), ...q },
    { shape: [6], type, ...q },
  ];
  const op = { ...concat(3, 0), inputs: [0, 1, 2], outputs: [3] };
  t.deepEqual(runOp(three(TensorType.INT32), op, [[7, -2147483648, 2147483647]]), [0, 0, 7, -2147483648, 2147483647, -1]);
  t.deepEqual(runOp(three(TensorType.INT16, { scale: 1, zeroPoint: 0 }), op, [[7, -32768, 32767]]), [0, 0, 7, -32768, 32767, -1]);
  t.deepEqual(runOp(three(TensorType.INT64), op, [[7, -(2 ** 50), 2 ** 50]]), [0, 0, 7, -(2 ** 50), 2 ** 50, -1]);
  t.deepEqual(
    runOp(
      [
        { shape: [1, 2], type: TensorType.BOOL },
        { shape: [1, 1], type: TensorType.BOOL },
        { shape: [1, 3], type: TensorType.BOOL },
      ],
      concat(2, 1),
      [[1, 0], [1]],
    ),
    [1, 0, 1],
  );
});

test("randomized 4-D joins against an index-mapping reference", (t) => {
  const r = rng(11);
  for (let k = 0; k < 30; k++) {
    const rank = r(1, 4);
    const axis = r(0, rank - 1);
    const n = r(1, 4);
    const base = Array.from({ length: rank }, () => r(1, 3));
    const shapes = Array.from({ length: n }, () => base.map((d, i) => (i === axis ? r(0, 3) : d)));
    const outShape = base.map((d, i) => (i === axis ? shapes.reduce((s, sh) => s + sh[axis]!, 0) : d));
    const data = shapes.map((sh) => Array.from({ length: sh.reduce((a, b) => a * b, 1) }, () => r(-100, 100)));
    const type = k % 2 === 0 ? TensorType.FLOAT32 : TensorType.INT16;
    const out = runOp([...shapes.map((shape) => ({ shape, type })), { shape: outShape, type }], concat(n, axis - (k % 3 === 0 ? rank : 0)), data);
    // Reference: output position idx along the axis falls into input j at offset idx[axis] - start_j.
    const expected: number[] = [];
    for (const idx of indices(outShape)) {
      let at = idx[axis]!, j = 0;
      while (at >= shapes[j]![axis]!) at -= shapes[j++]![axis]!;
      const src = idx.map((v, i) => (i === axis ? at : v));
      const sh = shapes[j]!;
      expected.push(data[j]![src.reduce((a, v, i) => a * sh[i]! + v, 0)]!);
    }
    t.deepEqual(out, expected, `case ${k}: ${JSON.stringify(shapes)} axis ${axis}`);
  }
});

test("invalid models", (t) => {
  const q = (s: number, z: number) => ({ scale: s, zeroPoint: z });
  const int8 = (a: object, b: object, out: object): TensorDef[] => [
    { shape: [1, 2], type: TensorType.INT8, ...a },
    { shape: [1, 2], type: TensorType.INT8, ...b },
    { shape: [1, 4], type: TensorType.INT8, ...out },
  ];
  // TFLM's int8 concatenation does not rescale.
  expectModelError(t, int8(q(0.5, 0), q(0.25, 0), q(0.5, 0)), concat(2, 1), "BAD_QUANTIZATION", /not quantized like the output/);
  expectModelError(t, int8(q(0.5, 0), q(0.5, 1), q(0.5, 0)), concat(2, 1), "BAD_QUANTIZATION");
  expectModelError(t, int8(q(0.5, 2), q(0.5, 2), q(0.5, 0)), concat(2, 1), "BAD_QUANTIZATION");
  // Fused activations are refused for every type, as TFLM does.
  expectModelError(t, int8(q(0.5, 0), q(0.5, 0), q(0.5, 0)), concat(2, 1, 1), "BAD_FORMAT", /activation/);
  const f = (s0: number[], s1: number[], so: number[]): TensorDef[] => [
    { shape: s0, type: TensorType.FLOAT32 },
    { shape: s1, type: TensorType.FLOAT32 },
    { shape: so, type: TensorType.FLOAT32 },
  ];
  expectModelError(t, f([1, 2], [1, 2], [1, 4]), concat(2, 1, 3), "BAD_FORMAT", /activation/);
  expectModelError(t, f([1, 2], [1, 2], [1, 5]), concat(2, 1), "BAD_SHAPE", /add up/);
  expectModelError(t, f([1, 2], [2, 2], [1, 4]), concat(2, 1), "BAD_SHAPE", /off axis/);
  expectModelError(t, f([1, 2], [2], [1, 4]), concat(2, 1), "BAD_SHAPE", /rank/);
  expectModelError(t, f([1, 2], [1, 2], [1, 4]), concat(2, 2), "BAD_SHAPE", /axis 2/);
  expectModelError(t, f([1, 2], [1, 2], [1, 4]), concat(2, -3), "BAD_SHAPE", /axis -3/);
  expectUnsupported(t, [{ shape: [1], type: TensorType.FLOAT32 }, { shape: [1], type: TensorType.INT32 }, { shape: [2], type: TensorType.FLOAT32 }], concat(2, 0), /types differ/);
  // int16 needs zero point 0 everywhere.
  expectModelError(
    t,
    [
      { shape: [1], type: TensorType.INT16, ...q(1, 0) },
      { shape: [1], type: TensorType.INT16, ...q(1, 4) },
      { shape: [2], type: TensorType.INT16, ...q(1, 0) },
    ],
    concat(2, 0),
    "BAD_QUANTIZATION",
  );
});
