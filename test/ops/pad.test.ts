/** PAD and PADV2: hand-computed paddings of several types and ranks, and invalid models. */
import test from "ava";
import { BuiltinOperator, OptionsType, TensorType, type TensorDef } from "../helpers/model_builder";
import { expectModelError, expectUnsupported, indices, load, outputValues, rng, runOp, setInput, stridesOf } from "./shape_ops_helpers";

const PAD = { op: BuiltinOperator.PAD, inputs: [0, 1], outputs: [2], optionsType: OptionsType.PadOptions, options: [] };
const padV2 = (valueIndex = 2) => ({ op: BuiltinOperator.PADV2, inputs: [0, 1, valueIndex], outputs: [3] });

/** Independent reference: every output position is the input value shifted by the left paddings, or the pad value. */
function reference(input: number[], inShape: number[], pads: number[], value: number): number[] {
  const outShape = inShape.map((d, i) => d + pads[2 * i]! + pads[2 * i + 1]!);
  const st = stridesOf(inShape);
  const out: number[] = [];
  for (const idx of indices(outShape)) {
    const src = idx.map((v, i) => v - pads[2 * i]!);
    const inside = src.every((v, i) => v >= 0 && v < inShape[i]!);
    out.push(inside ? input[src.reduce((a, v, i) => a + v * st[i]!, 0)]! : value);
  }
  return out;
}

test("PAD float32 2-D: hand-computed", (t) => {
  // [[1, 2, 3], [4, 5, 6]] padded by one row on top and two columns on the right.
  const out = runOp(
    [
      { shape: [2, 3], type: TensorType.FLOAT32 },
      { shape: [2, 2], type: TensorType.INT32, data: new Int32Array([1, 0, 0, 2]) },
      { shape: [3, 5], type: TensorType.FLOAT32 },
    ],
    PAD,
    [[1, 2, 3, 4, 5, 6]],
  );
  t.deepEqual(out, [0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 4, 5, 6, 0, 0]);
});

test("PAD int8 pads with the output zero point; uint8 too", (t) => {
  const int8 = runOp(
    [
      { shape: [1, 2, 1], type: TensorType.INT8, scale: 0.5, zeroPoint: -5 },
      { shape: [3, 2], type: TensorType.INT32, data: new Int32Array([0, 0, 1, 1, 0, 1]) },
      { shape: [1, 4, 2], type: TensorType.INT8, scale: 0.5, zeroPoint: -5 },
    ],
    PAD,
    [[-128, 127]],
  );
  t.deepEqual(int8, [-5, -5, -128, -5, 127, -5, -5, -5]);
  const uint8 = runOp(
    [
      { shape: [2], type: TensorType.UINT8, scale: 1, zeroPoint: 128 },
      { shape: [1, 2], type: TensorType.INT32, data: new Int32Array([2, 1]) },
      { shape: [5], type: TensorType.UINT8, scale: 1, zeroPoint: 128 },
    ],
    PAD,
    [[0, 255]],
  );
  t.deepEqual(uint8, [128, 128, 0, 255, 128]);
});

test("PAD int16 pads with 0 whatever the zero point (as TFLM), int32 and int64 with 0", (t) => {
  const tensors = (type: number, zeroPoint = 0): TensorDef[] => [
    { shape: [2], type, scale: 1, zeroPoint },
    { shape: [1, 2], type: TensorType.INT32, data: new Int32Array([1, 1]) },
    { shape: [4], type, scale: 1, zeroPoint },
  ];
  t.deepEqual(runOp(tensors(TensorType.INT16, 5), PAD, [[-32768, 32767]]), [0, -32768, 32767, 0]);
  t.deepEqual(runOp(tensors(TensorType.INT32), PAD, [[-2147483648, 2147483647]]), [0, -2147483648, 2147483647, 0]);
  t.deepEqual(runOp(tensors(TensorType.INT64), PAD, [[-(2 ** 40), 2 ** 40 + 3]]), [0, -(2 ** 40), 2 ** 40 + 3, 0]);
});

test("PAD with int64 paddings, 5-D, every dimension padded", (t) => {
  const inShape = [1, 2, 1, 2, 3];
  const pads = [1, 0, 0, 1, 2, 1, 1, 1, 0, 2];
  const input = Array.from({ length: 12 }, (_, i) => i + 1);
  const out = runOp(
    [
      { shape: inShape, type: TensorType.FLOAT32 },
      { shape: [5, 2], type: TensorType.INT64, data: new BigInt64Array(pads.map(BigInt)) },
      { shape: [2, 3, 4, 4, 5], type: TensorType.FLOAT32 },
    ],
    PAD,
    [input],
  );
  t.deepEqual(out, reference(input, inShape, pads, 0));
  t.is(out.filter((v) => v !== 0).length, 12);
});

test("PAD randomized shapes and types against the reference", (t) => {
  const r = rng(7);
  for (let k = 0; k < 40; k++) {
    const rank = r(1, 5);
    const inShape = Array.from({ length: rank }, () => r(1, 3));
    const pads = Array.from({ length: 2 * rank }, () => r(0, 2));
    const outShape = inShape.map((d, i) => d + pads[2 * i]! + pads[2 * i + 1]!);
    const type = [TensorType.INT8, TensorType.INT16, TensorType.FLOAT32, TensorType.INT32][k % 4]!;
    const n = inShape.reduce((a, b) => a * b, 1);
    const input = Array.from({ length: n }, () => r(1, 100));
    const q = type === TensorType.INT8 ? { scale: 0.1, zeroPoint: 3 } : {};
    const out = runOp(
      [
        { shape: inShape, type, ...q },
        { shape: [rank, 2], type: TensorType.INT32, data: new Int32Array(pads) },
        { shape: outShape, type, ...q },
      ],
      PAD,
      [input],
    );
    t.deepEqual(out, reference(input, inShape, pads, type === TensorType.INT8 ? 3 : 0), `case ${k}`);
  }
});

test("PADV2 with a constant value (float32, bool) and with a value fed at run time (int8)", (t) => {
  const f = runOp(
    [
      { shape: [2], type: TensorType.FLOAT32 },
      { shape: [1, 2], type: TensorType.INT32, data: new Int32Array([1, 2]) },
      { shape: [], type: TensorType.FLOAT32, data: new Float32Array([-7.25]) },
      { shape: [5], type: TensorType.FLOAT32 },
    ],
    padV2(),
    [[1.5, 2.5]],
  );
  t.deepEqual(f, [-7.25, 1.5, 2.5, -7.25, -7.25]);
  const b = runOp(
    [
      { shape: [1, 1], type: TensorType.BOOL },
      { shape: [2, 2], type: TensorType.INT32, data: new Int32Array([0, 1, 1, 0]) },
      { shape: [1], type: TensorType.BOOL, data: new Uint8Array([1]) },
      { shape: [2, 2], type: TensorType.BOOL },
    ],
    padV2(),
    [[0]],
  );
  t.deepEqual(b, [1, 0, 1, 1]);
  // The value is a graph input here: it is read on every invoke.
  const it = load(
    [
      { shape: [2], type: TensorType.INT8, scale: 0.5, zeroPoint: 1 },
      { shape: [1, 2], type: TensorType.INT32, data: new Int32Array([1, 1]) },
      { shape: [], type: TensorType.INT8, scale: 0.5, zeroPoint: 1 },
      { shape: [4], type: TensorType.INT8, scale: 0.5, zeroPoint: 1 },
    ],
    padV2(),
  );
  setInput(it, 0, [10, 20]);
  setInput(it, 1, [-9]);
  it.invoke();
  t.deepEqual(outputValues(it), [-9, 10, 20, -9]);
  setInput(it, 1, [42]);
  it.invoke();
  t.deepEqual(outputValues(it), [42, 10, 20, 42]);
});

test("PAD output overwrites stale arena contents every invoke", (t) => {
  const it = load(
    [
      { shape: [1], type: TensorType.FLOAT32 },
      { shape: [1, 2], type: TensorType.INT32, data: new Int32Array([1, 1]) },
      { shape: [3], type: TensorType.FLOAT32 },
    ],
    PAD,
  );
  it.output(0).data.fill(99);
  setInput(it, 0, [5]);
  it.invoke();
  t.deepEqual(outputValues(it), [0, 5, 0]);
});

test("PAD invalid models", (t) => {
  const base = (): TensorDef[] => [
    { shape: [2, 3], type: TensorType.FLOAT32 },
    { shape: [2, 2], type: TensorType.INT32, data: new Int32Array([1, 0, 0, 2]) },
    { shape: [3, 5], type: TensorType.FLOAT32 },
  ];
  const with_ = (i: number, d: Partial<TensorDef>) => base().map((x, k) => (k === i ? { ...x, ...d } : x));
  expectModelError(t, with_(2, { shape: [3, 4] }), PAD, "BAD_SHAPE", /padded/);
  expectModelError(t, with_(2, { shape: [15] }), PAD, "BAD_SHAPE");
  expectModelError(t, with_(1, { data: new Int32Array([2, -1, 0, 2]) }), PAD, "BAD_SHAPE", /negative/);
  expectModelError(t, with_(1, { shape: [2], data: new Int32Array([1, 0]) }), PAD, "BAD_SHAPE");
  expectModelError(t, with_(1, { data: undefined }), PAD, "BAD_FORMAT", /constant/);
  expectUnsupported(t, with_(1, { type: TensorType.FLOAT32, data: new Float32Array([1, 0, 0, 2]) }), PAD, /paddings/);
  expectUnsupported(t, with_(2, { type: TensorType.INT32 }), PAD, /types differ/);
  expectModelError(
    t,
    [
      { shape: [1, 1, 1, 1, 1, 1], type: TensorType.FLOAT32 },
      { shape: [6, 2], type: TensorType.INT32, data: new Int32Array(12) },
      { shape: [1, 1, 1, 1, 1, 1], type: TensorType.FLOAT32 },
    ],
    PAD,
    "BAD_SHAPE",
    /rank 6/,
  );
  // int8 PADV2: the value must be quantized like the output.
  const q = (s: number, z: number) => ({ scale: s, zeroPoint: z });
  const v2 = (value: Partial<TensorDef>): TensorDef[] => [
    { shape: [2], type: TensorType.INT8, ...q(0.5, 1) },
    { shape: [1, 2], type: TensorType.INT32, data: new Int32Array([1, 1]) },
    { shape: [], type: TensorType.INT8, data: new Int8Array([3]), ...q(0.5, 1), ...value },
    { shape: [4], type: TensorType.INT8, ...q(0.5, 1) },
  ];
  expectModelError(t, v2({ zeroPoint: 2 }), padV2(), "BAD_QUANTIZATION");
  expectModelError(t, v2({ scale: 0.25 }), padV2(), "BAD_QUANTIZATION");
  expectModelError(t, v2({ shape: [2], data: new Int8Array([3, 3]) }), padV2(), "BAD_SHAPE", /one value/);
  expectUnsupported(t, v2({ type: TensorType.INT16, data: new Int16Array([3]) }), padV2(), /constant value/);
  // PAD of int8 with an out-of-range zero point cannot represent its pad value.
  expectModelError(
    t,
    [
      { shape: [2], type: TensorType.INT8, scale: 1, zeroPoint: 0 },
      { shape: [1, 2], type: TensorType.INT32, data: new Int32Array([1, 1]) },
      { shape: [4], type: TensorType.INT8, scale: 1, zeroPoint: 200 },
    ],
    PAD,
    "BAD_QUANTIZATION",
  );
});
