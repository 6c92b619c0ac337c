/**
 * SVDF: float32 by hand over several invokes (the state shifts), int8 with int8 and int16 states
 * against a reference written from TFLM's svdf arithmetic (BigInt requantization), reset(), and
 * the typed errors of bad models.
 */
import test from "ava";
import { ModelError } from "../../src/errors";
import { Interpreter } from "../../src/interpreter/interpreter";
import { Model } from "../../src/model/model";
import { BuiltinOperator, buildModel, type TensorDef, TensorType } from "../helpers/model_builder";
import { clampTo, mbqm, quantMult } from "../helpers/elementwise_reference";
import { randInt, rng } from "../helpers/random";

const { INT8, INT16, INT32, FLOAT32 } = TensorType;
const SVDF_OPTIONS = 6;

/** An SVDF model: tensors input, weights_feature, weights_time, bias, state, output (bias omitted when null). */
function svdfModel(t: { input: TensorDef; feature: TensorDef; time: TensorDef; bias: TensorDef | null; state: TensorDef; output: TensorDef }, rank: number, activation = 0): Uint8Array {
  const tensors = [t.input, t.feature, t.time, t.bias ?? { shape: [1], type: INT32 }, t.state, t.output];
  return buildModel({
    tensors,
    operators: [{ op: BuiltinOperator.SVDF, version: 3, inputs: [0, 1, 2, t.bias === null ? -1 : 3, 4], outputs: [5], optionsType: SVDF_OPTIONS, options: [{ id: 0, i32: rank }, { id: 1, i8: activation }] }],
    inputs: [0],
    outputs: [5],
  });
}

function run(it: Interpreter, input: number[]): number[] {
  (it.input(0).data as unknown as { set(v: number[]): void }).set(input);
  it.invoke();
  return Array.from(it.output(0).data as ArrayLike<number>);
}

test("float32: feature projection into the newest state column, filtered over time, summed per rank; the state shifts every invoke", (t) => {
  // 1 batch, input 2, 2 filters (rank 2 -> 1 unit), memory 2.
  const model = svdfModel({
    input: { shape: [1, 2], type: FLOAT32 },
    feature: { shape: [2, 2], type: FLOAT32, data: new Float32Array([1, 2, -1, 1]) },
    time: { shape: [2, 2], type: FLOAT32, data: new Float32Array([0.5, 1, 2, -1]) },
    bias: { shape: [1], type: FLOAT32, data: new Float32Array([10]) },
    state: { shape: [1, 4], type: FLOAT32, isVariable: true },
    output: { shape: [1, 1], type: FLOAT32 },
  }, 2);
  const it = new Interpreter(Model.from(model));
  // invoke 1: features [1*1+2*2, -1+2] = [5, 1]; state rows [0, 5], [0, 1];
  // filter 0: 0.5*0 + 1*5 = 5; filter 1: 2*0 - 1*1 = -1; output 10 + 5 - 1 = 14.
  t.deepEqual(run(it, [1, 2]), [14]);
  // invoke 2: features [3*1 + 0, -3] = [3, -3]; rows [5, 3], [1, -3]; 0.5*5 + 3 = 5.5; 2*1 + 3 = 5; 10 + 10.5 = 20.5.
  t.deepEqual(run(it, [3, 0]), [20.5]);
  it.reset();
  t.deepEqual(run(it, [1, 2]), [14]);
});

test("float32: RELU fused activation, no bias", (t) => {
  const model = svdfModel({
    input: { shape: [1, 1], type: FLOAT32 },
    feature: { shape: [1, 1], type: FLOAT32, data: new Float32Array([1]) },
    time: { shape: [1, 1], type: FLOAT32, data: new Float32Array([2]) },
    bias: null,
    state: { shape: [1, 1], type: FLOAT32, isVariable: true },
    output: { shape: [1, 1], type: FLOAT32 },
  }, 1, 1);
  const it = new Interpreter(Model.from(model));
  t.deepEqual(run(it, [3]), [6]);
  t.deepEqual(run(it, [-3]), [0]);
});

/** TFLM's integer SVDF, written out from its definition, on a state kept here. */
function referenceSvdf(
  s: { batches: number; inputSize: number; filters: number; rank: number; memory: number; wide: boolean },
  q: { si: number; zi: number; sf: number; st: number; ss: number; zs: number; so: number; zo: number },
  feature: Int8Array, time: Int8Array | Int16Array, bias: Int32Array, state: number[], input: number[],
): number[] {
  const f = Math.fround;
  const [m1, s1] = quantMult(f(f(q.si * q.sf) / q.ss));
  const [m2, s2] = quantMult(f(f(q.ss * q.st) / q.so));
  const [lo, hi] = s.wide ? [-32768, 32767] : [-128, 127];
  const narrow = (v: number) => (s.wide ? v : ((((v + 128) % 256) + 256) % 256) - 128);
  state.splice(0, 1);
  state.push(0);
  for (let b = 0; b < s.batches; b++) {
    for (let k = 0; k < s.filters; k++) {
      let acc = 0;
      for (let i = 0; i < s.inputSize; i++) acc += feature[k * s.inputSize + i]! * (input[b * s.inputSize + i]! - q.zi);
      state[(b * s.filters + k) * s.memory + s.memory - 1] = narrow(clampTo(mbqm(acc, m1, s1), lo, hi) + q.zs);
    }
  }
  const units = s.filters / s.rank;
  const out: number[] = [];
  for (let b = 0; b < s.batches; b++) {
    for (let u = 0; u < units; u++) {
      let acc = bias[u]!;
      for (let r = 0; r < s.rank; r++) {
        const k = u * s.rank + r;
        for (let j = 0; j < s.memory; j++) acc += time[k * s.memory + j]! * (state[(b * s.filters + k) * s.memory + j]! - q.zs);
      }
      out.push(clampTo(mbqm(acc, m2, s2) + q.zo, -128, 127));
    }
  }
  return out;
}

for (const wide of [false, true]) {
  test(`int8 with an ${wide ? "int16" : "int8"} state: random shapes, scales and zero points over several invokes match the reference`, (t) => {
    const r = rng(wide ? 1312 : 1311);
    let checked = 0, saturated = 0;
    for (let c = 0; c < 40; c++) {
      const s = { batches: randInt(r, 1, 2), inputSize: randInt(r, 1, 24), rank: randInt(r, 1, 3), filters: 0, memory: randInt(r, 1, 10), wide };
      s.filters = s.rank * randInt(r, 1, 6);
      const units = s.filters / s.rank;
      // Scales that put typical state and output values well inside their ranges (x10^±0.5, so that some saturate).
      const spread = () => 10 ** (r() - 0.5);
      const typicalState = wide ? 5000 : 60, typicalTime = wide ? 19000 : 73;
      const si = Math.fround(10 ** (-2 + 2 * r())), sf = Math.fround(10 ** (-3 + r())), st = Math.fround(10 ** (-3 + r()));
      const ss = Math.fround((si * sf * Math.sqrt(s.inputSize) * 5300 / typicalState) * spread());
      const so = Math.fround((ss * st * Math.sqrt(s.rank * s.memory) * typicalTime * typicalState / 60) * spread());
      const q = { si, zi: randInt(r, -128, 127), sf, st, ss, zs: wide ? 0 : randInt(r, -128, 127), so, zo: randInt(r, -64, 63) };
      const feature = Int8Array.from({ length: s.filters * s.inputSize }, () => randInt(r, -127, 127));
      const time = wide ? Int16Array.from({ length: s.filters * s.memory }, () => randInt(r, -32767, 32767)) : Int8Array.from({ length: s.filters * s.memory }, () => randInt(r, -127, 127));
      const bias = Int32Array.from({ length: units }, () => randInt(r, -5000, 5000));
      const stateType = wide ? INT16 : INT8;
      const model = svdfModel({
        input: { shape: [s.batches, s.inputSize], type: INT8, scale: q.si, zeroPoint: q.zi },
        feature: { shape: [s.filters, s.inputSize], type: INT8, scale: q.sf, zeroPoint: 0, data: feature },
        time: { shape: [s.filters, s.memory], type: stateType, scale: q.st, zeroPoint: 0, data: time },
        bias: { shape: [units], type: INT32, scale: Math.fround(q.ss * q.st), zeroPoint: 0, data: bias },
        state: { shape: [s.batches, s.filters * s.memory], type: stateType, scale: q.ss, zeroPoint: q.zs, isVariable: true },
        output: { shape: [s.batches, units], type: INT8, scale: q.so, zeroPoint: q.zo },
      }, s.rank);
      const it = new Interpreter(Model.from(model), { kernels: "portable" });
      const state = new Array<number>(s.batches * s.filters * s.memory).fill(q.zs);
      for (let step = 0; step < s.memory + 2; step++) {
        const input = Array.from({ length: s.batches * s.inputSize }, () => randInt(r, -128, 127));
        const want = referenceSvdf(s, q, feature, time, bias, state, input);
        const got = run(it, input);
        if (got.join() !== want.join()) return t.fail(`case ${c} step ${step}: ${got} vs ${want}`);
        checked += got.length;
        saturated += got.filter((v) => v === -128 || v === 127).length;
      }
    }
    t.true(checked > 300, `${checked}`);
    t.true(saturated > 0 && saturated < checked / 2, `${saturated} of ${checked} saturated`);
  });
}

test("bad SVDF models are typed ModelErrors naming the tensor", (t) => {
  const base = () => ({
    input: { shape: [1, 4], type: INT8, scale: 0.1, zeroPoint: 0 } as TensorDef,
    feature: { shape: [4, 4], type: INT8, scale: 0.01, zeroPoint: 0, data: new Int8Array(16) } as TensorDef,
    time: { shape: [4, 3], type: INT8, scale: 0.01, zeroPoint: 0, data: new Int8Array(12) } as TensorDef,
    bias: { shape: [2], type: INT32, scale: 0.0001, zeroPoint: 0, data: new Int32Array(2) } as TensorDef | null,
    state: { shape: [1, 12], type: INT8, scale: 0.1, zeroPoint: 0, isVariable: true, name: "svdf_state" } as TensorDef,
    output: { shape: [1, 2], type: INT8, scale: 0.1, zeroPoint: 0 } as TensorDef,
  });
  const error = (m: ReturnType<typeof base>, rank = 2) => {
    try {
      new Interpreter(Model.from(svdfModel(m, rank)));
      return "ok";
    } catch (e) {
      if (e instanceof ModelError) return `${e.code} ${e.message}`;
      throw e;
    }
  };
  t.is(error(base()), "ok");
  t.regex(error({ ...base(), state: { ...base().state, isVariable: false } }), /BAD_FORMAT.*'svdf_state' must be a variable tensor/);
  t.regex(error({ ...base(), state: { ...base().state, shape: [1, 8] } }), /BAD_SHAPE.*'svdf_state' must be \[1, 12\]/);
  t.regex(error({ ...base(), time: { ...base().time, shape: [3, 4] } }), /BAD_SHAPE.*weights_time/);
  t.regex(error(base(), 3), /BAD_FORMAT.*rank 3/);
  t.regex(error({ ...base(), bias: { ...base().bias!, shape: [3], data: new Int32Array(3) } }), /BAD_SHAPE.*bias/);
  t.regex(error({ ...base(), time: { ...base().time, type: INT16, data: new Int16Array(12) } }), /UNSUPPORTED_OP.*weights_time.*int16/);
  t.regex(error({ ...base(), input: { shape: [1, 4], type: FLOAT32 } }), /UNSUPPORTED_OP.*weights_feature.*int8/);
});
