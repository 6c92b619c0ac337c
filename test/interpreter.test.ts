/** The interpreter API: several inputs and outputs, reuse across invokes, profiling, argument errors. */
import test from "ava";
import { Interpreter, Model, TinyMLArgumentError } from "../src/index";
import { BuiltinOperator, buildModel, OptionsType, TensorType } from "./helpers/model_builder";

// Two inputs, two outputs: y0 = FC(x0) (float), y1 = RESHAPE(x1)
const twoByTwo = buildModel({
  tensors: [
    { shape: [1, 3], type: TensorType.FLOAT32, name: "x0" },
    { shape: [2, 3], type: TensorType.FLOAT32, data: new Float32Array([1, 0, -1, 0.5, 0.5, 0.5]) },
    { shape: [2], type: TensorType.FLOAT32, data: new Float32Array([10, -10]) },
    { shape: [1, 2], type: TensorType.FLOAT32, name: "y0" },
    { shape: [2, 2], type: TensorType.INT8, name: "x1", scale: 0.5, zeroPoint: 3 },
    { shape: [4], type: TensorType.INT8, name: "y1", scale: 0.5, zeroPoint: 3 },
  ],
  operators: [
    { op: BuiltinOperator.FULLY_CONNECTED, inputs: [0, 1, 2], outputs: [3], optionsType: OptionsType.FullyConnectedOptions, options: [{ id: 0, i8: 1 }] },
    { op: BuiltinOperator.RESHAPE, inputs: [4], outputs: [5] },
  ],
  inputs: [0, 4],
  outputs: [3, 5],
});

test("several inputs and outputs, with names, types, scales and zero points", (t) => {
  const it = new Interpreter(Model.from(twoByTwo));
  t.is(it.inputCount, 2);
  t.is(it.outputCount, 2);
  t.is(it.input(0).name, "x0");
  t.is(it.input(1).type, "int8");
  t.is(it.input(1).scale, 0.5);
  t.is(it.input(1).zeroPoint, 3);
  t.deepEqual(it.output(1).shape, [4]);
  it.input(0).data.set([1, 2, 3]);
  it.input(1).data.set([1, -2, 3, -4]);
  it.invoke();
  t.deepEqual([...it.output(0).data], [8, 0]); // [1-3+10, relu(3-10)]
  t.deepEqual([...it.output(1).data], [1, -2, 3, -4]);
  t.is(it.output(1).dequantize(0), -1);
});

test("reusable across invokes; the same views stay valid", (t) => {
  const it = new Interpreter(Model.from(twoByTwo));
  const x = it.input(0).data, y = it.output(0).data;
  for (let k = 0; k < 50; k++) {
    x.set([k, 0, 0]);
    it.invoke();
    t.is(y[0], k + 10);
    t.is(y[1], Math.max(0, k * 0.5 - 10));
  }
});

test("profiling reports op, time and MACs", (t) => {
  let now = 0;
  const it = new Interpreter(Model.from(twoByTwo), { profile: true, clock: () => (now += 1.5) });
  it.invoke();
  const p = it.profile;
  t.deepEqual(p.map((o) => o.op), ["FULLY_CONNECTED", "RESHAPE"]);
  t.is(p[0]!.macs, 6);
  t.is(p[0]!.ms, 1.5);
  t.is(p[1]!.ms, 1.5);
  const quiet = new Interpreter(Model.from(twoByTwo));
  quiet.invoke();
  t.is(quiet.profile[0]!.ms, 0);
});

test("asking for a tensor that does not exist is a typed error", (t) => {
  const it = new Interpreter(Model.from(twoByTwo));
  t.throws(() => it.input(2), { instanceOf: TinyMLArgumentError });
  t.throws(() => it.output(-1), { instanceOf: TinyMLArgumentError });
});

test("plan() gives the arena without allocating it, and equals the interpreter's", (t) => {
  const model = Model.from(twoByTwo);
  const plan = Interpreter.plan(model);
  t.is(plan.arenaBytes, new Interpreter(model).arenaBytes);
  t.is(plan.macs, 6);
  t.deepEqual(plan.ops.map((o) => o.op), ["FULLY_CONNECTED", "RESHAPE"]);
});
