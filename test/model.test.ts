/** Model loading: typed errors naming the problem, and every unsupported op reported at once. */
import test from "ava";
import { Interpreter, Model, ModelError, UnsupportedOpsError } from "../src/index";
import { BuiltinOperator, buildModel, OptionsType, singleOpModel, TensorType } from "./helpers/model_builder";

const fc = (extra: Partial<Parameters<typeof buildModel>[0]> = {}) =>
  buildModel({
    tensors: [
      { shape: [1, 2], type: TensorType.FLOAT32 },
      { shape: [1, 2], type: TensorType.FLOAT32, data: new Float32Array([1, 2]) },
      { shape: [1, 1], type: TensorType.FLOAT32 },
    ],
    operators: [{ op: BuiltinOperator.FULLY_CONNECTED, inputs: [0, 1, -1], outputs: [2], optionsType: OptionsType.FullyConnectedOptions, options: [{ id: 0, i8: 0 }] }],
    inputs: [0],
    outputs: [2],
    ...extra,
  });

function modelError(t: import("ava").ExecutionContext, f: () => unknown, code: ModelError["code"]): ModelError {
  const e = t.throws(f, { instanceOf: ModelError });
  t.is(e?.code, code, e?.message);
  return e!;
}

test("a valid model loads from an ArrayBuffer, a Uint8Array at an offset, and a DataView", (t) => {
  const bytes = fc();
  const padded = new Uint8Array(bytes.length + 8);
  padded.set(bytes, 8);
  for (const src of [bytes.slice().buffer, padded.subarray(8), new DataView(padded.buffer, 8)]) {
    const model = Model.from(src);
    t.is(model.operators.length, 1);
    t.is(model.operators[0]!.name, "FULLY_CONNECTED");
    const it = new Interpreter(model);
    it.input(0).data.set([3, 4]);
    it.invoke();
    t.deepEqual([...it.output(0).data], [11]);
  }
});

test("constant data is viewed, not copied", (t) => {
  const bytes = fc();
  const model = Model.from(bytes);
  const w = model.tensor(1).data!;
  t.is(w.buffer, bytes.buffer);
});

test("wrong schema version", (t) => {
  modelError(t, () => Model.from(fc({ version: 2 })), "BAD_FORMAT");
});

test("empty and tiny buffers are TRUNCATED", (t) => {
  modelError(t, () => Model.from(new Uint8Array(0)), "TRUNCATED");
  modelError(t, () => Model.from(new Uint8Array([1, 2, 3])), "TRUNCATED");
  modelError(t, () => Model.from(new Uint8Array([255, 255, 255, 255, 0, 0, 0, 0])), "TRUNCATED");
});

test("a non-buffer source is a typed error", (t) => {
  modelError(t, () => Model.from(42 as unknown as ArrayBuffer), "BAD_FORMAT");
});

test("tensor index out of range names the operator", (t) => {
  const e = modelError(t, () => Model.from(fc({ operators: [{ op: BuiltinOperator.FULLY_CONNECTED, inputs: [0, 7], outputs: [2] }] })), "BAD_INDEX");
  t.is(e.table, "Operator");
  t.is(e.index, 0);
});

test("graph input out of range", (t) => {
  modelError(t, () => Model.from(fc({ inputs: [9] })), "BAD_INDEX");
});

test("constant buffer size disagreeing with the shape", (t) => {
  const bytes = buildModel({
    tensors: [{ shape: [3], type: TensorType.INT32, data: new Int32Array([1, 2]) }],
    operators: [],
    inputs: [],
    outputs: [0],
  });
  const e = modelError(t, () => Model.from(bytes), "BAD_SHAPE");
  t.is(e.table, "Tensor");
});

test("absurd shapes are refused", (t) => {
  const bytes = buildModel({ tensors: [{ shape: [65536, 65536, 65536], type: TensorType.FLOAT32 }], operators: [], inputs: [0], outputs: [0] });
  modelError(t, () => Model.from(bytes), "BAD_SHAPE");
  const neg = buildModel({ tensors: [{ shape: [1, -4], type: TensorType.FLOAT32 }], operators: [], inputs: [0], outputs: [0] });
  modelError(t, () => Model.from(neg), "BAD_SHAPE");
});

test("per-channel filter scales must match the output channels", (t) => {
  const bytes = singleOpModel(
    [
      { shape: [1, 2, 2, 1], type: TensorType.INT8, scale: 1 },
      { shape: [2, 1, 1, 1], type: TensorType.INT8, scale: [1, 2, 3], zeroPoint: [0, 0, 0], quantizedDimension: 0, data: new Int8Array(2) },
      { shape: [1, 2, 2, 2], type: TensorType.INT8, scale: 1 },
    ],
    { op: BuiltinOperator.CONV_2D, inputs: [0, 1], outputs: [2], optionsType: OptionsType.Conv2DOptions, options: [{ id: 0, i8: 1 }, { id: 1, i32: 1 }, { id: 2, i32: 1 }] },
  );
  const e = t.throws(() => new Interpreter(Model.from(bytes)), { instanceOf: ModelError });
  t.is(e?.code, "BAD_QUANTIZATION");
});

test("more zero points than scales is BAD_QUANTIZATION", (t) => {
  const bytes = buildModel({
    tensors: [{ shape: [2], type: TensorType.INT8, scale: [1, 2], zeroPoint: [0, 0, 0], data: new Int8Array(2) }],
    operators: [],
    inputs: [],
    outputs: [0],
  });
  const e = t.throws(() => Model.from(bytes), { instanceOf: ModelError });
  t.is(e?.code, "BAD_QUANTIZATION");
});

test("every unsupported op is reported in one error, at load time", (t) => {
  const bytes = buildModel({
    tensors: [
      { shape: [4], type: TensorType.FLOAT32 },
      { shape: [4], type: TensorType.FLOAT32 },
      { shape: [4], type: TensorType.FLOAT32 },
      { shape: [4], type: TensorType.FLOAT32 },
    ],
    operators: [
      { op: "CUSTOM:MyMagic", inputs: [0], outputs: [1] },
      { op: BuiltinOperator.LSTM, inputs: [1], outputs: [2] },
      { op: BuiltinOperator.RESHAPE, version: 9, inputs: [2], outputs: [3] },
    ],
    inputs: [0],
    outputs: [3],
  });
  const model = Model.from(bytes); // the file itself is fine
  const e = t.throws(() => new Interpreter(model), { instanceOf: UnsupportedOpsError });
  t.is(e?.code, "UNSUPPORTED_OP");
  t.deepEqual(e?.ops.map((o) => `${o.op} v${o.version}`), ["CUSTOM:MyMagic v1", "LSTM v1", "RESHAPE v9"]);
  t.throws(() => Interpreter.plan(model), { instanceOf: UnsupportedOpsError });
});

test("an op whose tensor types are unsupported is listed as unsupported", (t) => {
  const bytes = singleOpModel(
    [
      { shape: [1, 4, 4, 1], type: TensorType.INT32 },
      { shape: [1, 2, 2, 1], type: TensorType.INT8, scale: 1, data: new Int8Array(4) },
      { shape: [1, 3, 3, 1], type: TensorType.INT32 },
    ],
    { op: BuiltinOperator.CONV_2D, inputs: [0, 1], outputs: [2], optionsType: OptionsType.Conv2DOptions, options: [{ id: 0, i8: 1 }, { id: 1, i32: 1 }, { id: 2, i32: 1 }] },
  );
  const e = t.throws(() => new Interpreter(Model.from(bytes)), { instanceOf: UnsupportedOpsError });
  t.is(e?.ops.length, 1);
  t.is(e?.ops[0]!.op, "CONV_2D");
});

test("unsupported operators are grouped by op and reason, each group naming every operator", (t) => {
  const conv = (input: number, output: number) => ({ op: BuiltinOperator.CONV_2D, inputs: [input, 8], outputs: [output], optionsType: OptionsType.Conv2DOptions, options: [{ id: 0, i8: 1 }, { id: 1, i32: 1 }, { id: 2, i32: 1 }] });
  const bytes = buildModel({
    tensors: [
      { shape: [1, 4, 4, 1], type: TensorType.INT32, name: "a" },
      { shape: [1, 4, 4, 1], type: TensorType.INT32, name: "b" },
      { shape: [1, 4, 4, 1], type: TensorType.INT32, name: "c" },
      { shape: [1, 4, 4, 1], type: TensorType.INT32, name: "d" },
      { shape: [1, 3, 3, 1], type: TensorType.INT32, name: "e" },
      { shape: [1, 3, 3, 1], type: TensorType.INT32, name: "f" },
      { shape: [1, 4, 4, 1], type: TensorType.INT32, name: "g" },
      { shape: [1, 4, 4, 1], type: TensorType.INT32, name: "h" },
      { shape: [1, 2, 2, 1], type: TensorType.INT8, scale: 1, data: new Int8Array(4), name: "w" },
    ],
    operators: [
      { op: "CUSTOM:MyMagic", inputs: [0], outputs: [1] },
      { op: "CUSTOM:MyMagic", inputs: [1], outputs: [2] },
      conv(2, 4),
      { op: "CUSTOM:MyMagic", inputs: [3], outputs: [6] },
      conv(6, 5),
      { op: BuiltinOperator.RESHAPE, version: 9, inputs: [5], outputs: [7] },
    ],
    inputs: [0, 3],
    outputs: [4, 7],
  });
  const e = t.throws(() => new Interpreter(Model.from(bytes)), { instanceOf: UnsupportedOpsError });
  t.deepEqual(e?.ops.map((o) => [o.op, o.version, o.operators]), [
    ["CUSTOM:MyMagic", 1, [0, 1, 3]],
    ["CONV_2D", 1, [2, 4]],
    ["RESHAPE", 9, [5]],
  ]);
  t.is(e?.ops[1]!.operator, 2);
  t.regex(e!.ops[1]!.reason, /int32/);
  t.deepEqual(e!.ops[1]!.details.map((d) => /'(\w)'/.exec(d)?.[1]), ["c", "g"]); // each operator's refusal names its own tensor
  t.regex(e!.message, /CUSTOM:MyMagic v1 \(operators 0, 1, 3: not implemented\)/);
  t.regex(e!.message, /CONV_2D v1 \(operators 2, 4: /);
});

test("an output shape the op cannot produce is BAD_SHAPE", (t) => {
  const bytes = singleOpModel(
    [
      { shape: [1, 4, 4, 1], type: TensorType.FLOAT32 },
      { shape: [1, 2, 2, 1], type: TensorType.FLOAT32, data: new Float32Array(4) },
      { shape: [1, 4, 4, 1], type: TensorType.FLOAT32 },
    ],
    { op: BuiltinOperator.CONV_2D, inputs: [0, 1], outputs: [2], optionsType: OptionsType.Conv2DOptions, options: [{ id: 0, i8: 1 }, { id: 1, i32: 1 }, { id: 2, i32: 1 }] },
  );
  const e = t.throws(() => new Interpreter(Model.from(bytes)), { instanceOf: ModelError });
  t.is(e?.code, "BAD_SHAPE");
  t.regex(e!.message, /CONV_2D/);
});

test("maxArenaBytes refuses a plan that does not fit", (t) => {
  const e = t.throws(() => new Interpreter(Model.from(fc()), { maxArenaBytes: 8 }), { instanceOf: ModelError });
  t.is(e?.code, "TOO_LARGE");
});
