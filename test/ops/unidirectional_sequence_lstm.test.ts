/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM: TFLM's int16 sigmoid / tanh against the real functions; int8 LSTMs
 * of random shapes, scales, batch- and time-major layouts and cell clips over several invokes
 * against a reference written from TFLM's lstm_eval (BigInt requantization); float32 by hand;
 * reset(); the typed errors of LSTM variants and broken models.
 */
import test from "ava";
import { ModelError, UnsupportedOpsError } from "../../src/errors";
import { Interpreter } from "../../src/interpreter/interpreter";
import { SIGMOID_TABLE_UINT16, logisticInt16, tanhInt16 } from "../../src/math/int16_activation";
import { refSigmoid, refTanh } from "../helpers/int16_reference";
import { Model } from "../../src/model/model";
import { BuiltinOperator, buildModel, type TensorDef, TensorType } from "../helpers/model_builder";
import { clampTo, mbqm, quantMult } from "../helpers/elementwise_reference";
import { randInt, rng } from "../helpers/random";

const { INT8, INT16, INT32, FLOAT32 } = TensorType;
const LSTM_OPTIONS = 71;
const TANH = 4;

test("int16 sigmoid and tanh follow the real functions (Q3.12 in, Q0.15 out), odd / point-symmetric, saturating", (t) => {
  let worstSigmoid = 0, worstTanh = 0;
  for (let x = -32768; x <= 32767; x += 7) {
    const s = logisticInt16(x, 0, 0) / 32768, th = tanhInt16(x, 0, 0) / 32768;
    worstSigmoid = Math.max(worstSigmoid, Math.abs(s - 1 / (1 + Math.exp(-x / 4096))));
    worstTanh = Math.max(worstTanh, Math.abs(th - Math.tanh(x / 4096)));
  }
  t.true(worstSigmoid < 1e-4, `sigmoid error ${worstSigmoid}`);
  t.true(worstTanh < 2e-4, `tanh error ${worstTanh}`);
  t.is(logisticInt16(0, 0, 0), 16384);
  t.is(tanhInt16(0, 0, 0), 0);
  t.is(logisticInt16(32767, 0, 0), 32757); // sigmoid(8), interpolated
  t.is(logisticInt16(32767, 0, 2), 32767); // past the table: saturated
  t.is(logisticInt16(-32768, 0, 2), 1); // TFLM rounds the saturated negative side to 1, not 0
  t.is(tanhInt16(-32768, 0, 0), -32767);
  // The table is sigmoid(i / 24) in 0.16, increasing.
  SIGMOID_TABLE_UINT16.forEach((v, i) => t.true(Math.abs(v - 65536 / (1 + Math.exp(-i / 24))) < 1.5 && (i === 0 || v >= SIGMOID_TABLE_UINT16[i - 1]!), `entry ${i}`));
  // Input scaling: multiplier 0 means 3 << shift (a cell state of scale 2^-11 reads as Q3.12 doubled).
  t.is(tanhInt16(1000, 0, 1), tanhInt16(2000, 0, 0));
  t.is(tanhInt16(1000, 3, 1), tanhInt16(500, 0, 0)); // (1000 * 3 + 1) >> 1 = 1500 = 3 * 500 (cell scales below 2^-12)
});

interface Lstm {
  batches: number; steps: number; inputSize: number; units: number; timeMajor: boolean; clip: number;
  si: number; zi: number; sh: number; zh: number; sc: number;
  sw: number[]; sr: number[]; w: Int8Array[]; r: Int8Array[]; bias: Int32Array[];
}

/** The LSTM op's 24 inputs: input 0, weights 1..8, biases 12..15, states 18, 19; output tensor last. */
function lstmModel(tensors: { input: TensorDef; w: TensorDef[]; r: TensorDef[]; bias: (TensorDef | null)[]; hidden: TensorDef | null; cell: TensorDef | null; output: TensorDef; extra?: [number, TensorDef] }, options: { timeMajor: boolean; clip: number; activation?: number }): Uint8Array {
  const defs: TensorDef[] = [tensors.input];
  const slots = new Array<number>(24).fill(-1);
  const add = (slot: number, d: TensorDef | null) => {
    if (d === null) return;
    slots[slot] = defs.length;
    defs.push(d);
  };
  slots[0] = 0;
  tensors.w.forEach((d, g) => add(1 + g, d));
  tensors.r.forEach((d, g) => add(5 + g, d));
  tensors.bias.forEach((d, g) => add(12 + g, d));
  add(18, tensors.hidden);
  add(19, tensors.cell);
  if (tensors.extra) add(tensors.extra[0], tensors.extra[1]);
  const out = defs.length;
  defs.push(tensors.output);
  return buildModel({
    tensors: defs,
    operators: [{ op: BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM, inputs: slots, outputs: [out], optionsType: LSTM_OPTIONS, options: [{ id: 0, i8: options.activation ?? TANH }, { id: 1, f32: options.clip }, { id: 3, bool: options.timeMajor }] }],
    inputs: [0],
    outputs: [out],
  });
}

function int8Model(l: Lstm): Uint8Array {
  const inShape = l.timeMajor ? [l.steps, l.batches, l.inputSize] : [l.batches, l.steps, l.inputSize];
  return lstmModel({
    input: { shape: inShape, type: INT8, scale: l.si, zeroPoint: l.zi },
    w: l.w.map((data, g) => ({ shape: [l.units, l.inputSize], type: INT8, scale: l.sw[g]!, zeroPoint: 0, data })),
    r: l.r.map((data, g) => ({ shape: [l.units, l.units], type: INT8, scale: l.sr[g]!, zeroPoint: 0, data })),
    bias: l.bias.map((data, g) => ({ shape: [l.units], type: INT32, scale: Math.fround(l.si * l.sw[g]!), zeroPoint: 0, data })),
    hidden: { shape: [l.batches, l.units], type: INT8, scale: l.sh, zeroPoint: l.zh, isVariable: true, name: "hidden" },
    cell: { shape: [l.batches, l.units], type: INT16, scale: l.sc, zeroPoint: 0, isVariable: true, name: "cell" },
    output: { shape: [inShape[0]!, inShape[1]!, l.units], type: INT8, scale: l.sh, zeroPoint: l.zh },
  }, { timeMajor: l.timeMajor, clip: l.clip });
}

/** One invoke of TFLM's integer LSTM on states kept here; returns the output in tensor order. */
function referenceLstm(l: Lstm, hidden: number[], cell: number[], input: number[]): number[] {
  const q = (real: number) => quantMult(real);
  const s16 = (v: number) => clampTo(v, -32768, 32767);
  const gateMult = l.sw.map((s) => q(Math.fround(l.si * s) / 2 ** -12));
  const recMult = l.sr.map((s) => q(Math.fround(l.sh * s) / 2 ** -12));
  const [fm, fs] = q((2 ** -15 * l.sc) / l.sc), [im, is] = q(2 ** -30 / l.sc), [om, os] = q(2 ** -30 / l.sh);
  const tanhShift = 12 + Math.round(Math.log2(l.sc));
  const clip = l.clip > 0 ? Math.trunc(Math.min(32767, l.clip / l.sc)) : 0;
  const out = new Array<number>(l.batches * l.steps * l.units).fill(0);
  for (let b = 0; b < l.batches; b++) {
    for (let t = 0; t < l.steps; t++) {
      const x0 = (l.timeMajor ? t * l.batches + b : b * l.steps + t) * l.inputSize;
      const o0 = (l.timeMajor ? t * l.batches + b : b * l.steps + t) * l.units;
      const h = hidden.slice(b * l.units, (b + 1) * l.units);
      const gate = (g: number) => Array.from({ length: l.units }, (_, c) => {
        let acc = l.bias[g]![c]!, racc = 0;
        for (let d = 0; d < l.inputSize; d++) acc += l.w[g]![c * l.inputSize + d]! * (input[x0 + d]! - l.zi);
        for (let d = 0; d < l.units; d++) racc += l.r[g]![c * l.units + d]! * (h[d]! - l.zh);
        const v = s16(s16(mbqm(acc, ...gateMult[g]!)) + s16(mbqm(racc, ...recMult[g]!)));
        return g === 2 ? refTanh(v, 0) : refSigmoid(v);
      });
      const [gi, gf, gc, go] = [gate(0), gate(1), gate(2), gate(3)];
      for (let c = 0; c < l.units; c++) {
        const k = b * l.units + c;
        let cs = s16(s16(mbqm(gf[c]! * cell[k]!, fm, fs)) + s16(mbqm(gi[c]! * gc[c]!, im, is)));
        if (clip > 0) cs = clampTo(cs, -clip, clip);
        cell[k] = cs;
        hidden[k] = clampTo(mbqm(refTanh(cs, tanhShift) * go[c]!, om, os) + l.zh, -128, 127);
        out[o0 + c] = hidden[k]!;
      }
    }
  }
  // Time major runs every batch per step: the same numbers, since batches do not interact.
  return out;
}

function run(it: Interpreter, input: ArrayLike<number>): number[] {
  (it.input(0).data as unknown as { set(v: ArrayLike<number>): void }).set(input);
  it.invoke();
  return Array.from(it.output(0).data as ArrayLike<number>);
}

test("int8: random LSTMs (batch- and time-major, cell clip, several invokes) match the reference written from TFLM's lstm_eval", (t) => {
  const r = rng(4407);
  let checked = 0, distinct = new Set<number>();
  for (let c = 0; c < 30; c++) {
    const inputSize = randInt(r, 1, 20), units = randInt(r, 1, 12);
    const si = Math.fround(10 ** (-2 + 1.5 * r()));
    const spread = () => 10 ** (r() - 0.5);
    const l: Lstm = {
      batches: randInt(r, 1, 2), steps: randInt(r, 1, 3), inputSize, units, timeMajor: r() < 0.4, clip: r() < 0.3 ? Math.fround(0.5 + 3 * r()) : 0,
      si, zi: randInt(r, -128, 127), sh: Math.fround(spread() / 128), zh: randInt(r, -20, 20), sc: 2 ** -randInt(r, 9, 15),
      sw: [0, 1, 2, 3].map(() => Math.fround((3 / (si * Math.sqrt(inputSize) * 5300)) * spread())),
      sr: [0, 1, 2, 3].map(() => Math.fround((3 / ((1 / 128) * Math.sqrt(units) * 5300)) * spread())),
      w: [0, 1, 2, 3].map(() => Int8Array.from({ length: units * inputSize }, () => randInt(r, -127, 127))),
      r: [0, 1, 2, 3].map(() => Int8Array.from({ length: units * units }, () => randInt(r, -127, 127))),
      bias: [0, 1, 2, 3].map(() => Int32Array.from({ length: units }, () => randInt(r, -20000, 20000))),
    };
    const it = new Interpreter(Model.from(int8Model(l)), { kernels: "portable" });
    const hidden = new Array<number>(l.batches * units).fill(l.zh), cell = new Array<number>(l.batches * units).fill(0);
    for (let invoke = 0; invoke < 3; invoke++) {
      const x = Array.from({ length: l.batches * l.steps * inputSize }, () => randInt(r, -128, 127));
      const want = referenceLstm(l, hidden, cell, x);
      const got = run(it, x);
      if (got.join() !== want.join()) return t.fail(`case ${c} invoke ${invoke} (${JSON.stringify({ ...l, w: 0, r: 0, bias: 0 })}): ${got} vs ${want}`);
      checked += got.length;
      for (const v of got) distinct.add(v);
    }
    it.reset();
    hidden.fill(l.zh);
    cell.fill(0);
    const x = Array.from({ length: l.batches * l.steps * inputSize }, () => randInt(r, -128, 127));
    t.deepEqual(run(it, x), referenceLstm(l, hidden, cell, x), `case ${c} after reset`);
  }
  t.true(checked > 500, `${checked}`);
  t.true(distinct.size > 100, `only ${distinct.size} distinct outputs`);
});

test("float32: one unit by hand over two invokes (the state carries), and reset()", (t) => {
  const f = (v: number) => new Float32Array([v]);
  const model = lstmModel({
    input: { shape: [1, 1, 1], type: FLOAT32 },
    w: [0.5, -1, 2, 1].map((v) => ({ shape: [1, 1], type: FLOAT32, data: f(v) })),
    r: [0.25, 0.5, -0.5, 1].map((v) => ({ shape: [1, 1], type: FLOAT32, data: f(v) })),
    bias: [0, 1, 0, -0.5].map((v) => ({ shape: [1], type: FLOAT32, data: f(v) })),
    hidden: { shape: [1, 1], type: FLOAT32, isVariable: true },
    cell: { shape: [1, 1], type: FLOAT32, isVariable: true },
    output: { shape: [1, 1, 1], type: FLOAT32 },
  }, { timeMajor: false, clip: 0 });
  const it = new Interpreter(Model.from(model));
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  let h = 0, c = 0;
  const step = (x: number) => {
    const i = sig(0.5 * x + 0.25 * h), fg = sig(-x + 1 + 0.5 * h), g = Math.tanh(2 * x - 0.5 * h), o = sig(x - 0.5 + h);
    c = fg * c + i * g;
    h = o * Math.tanh(c);
    return h;
  };
  for (const x of [1, -2]) {
    const got = run(it, [x])[0]!, want = step(x);
    t.true(Math.abs(got - want) < 1e-6, `${got} vs ${want}`);
  }
  it.reset();
  h = 0;
  c = 0;
  t.true(Math.abs(run(it, [1])[0]! - step(1)) < 1e-6);
});

test("float32: the cell clip bounds the cell state", (t) => {
  const f = (v: number) => new Float32Array([v]);
  const build = (clip: number) => lstmModel({
    input: { shape: [1, 1, 1], type: FLOAT32 },
    w: [10, -10, 10, 10].map((v) => ({ shape: [1, 1], type: FLOAT32, data: f(v) })),
    r: [0, 0, 0, 0].map((v) => ({ shape: [1, 1], type: FLOAT32, data: f(v) })),
    bias: [0, 0, 0, 0].map((v) => ({ shape: [1], type: FLOAT32, data: f(v) })),
    hidden: { shape: [1, 1], type: FLOAT32, isVariable: true },
    cell: { shape: [1, 1], type: FLOAT32, isVariable: true },
    output: { shape: [1, 1, 1], type: FLOAT32 },
  }, { timeMajor: false, clip });
  // x = 1: input and output gates ~1, forget ~0, cell gate ~1: the cell grows by ~1 per invoke, clipped to 0.25.
  const clipped = new Interpreter(Model.from(build(0.25)));
  const free = new Interpreter(Model.from(build(0)));
  for (let k = 0; k < 3; k++) {
    t.true(Math.abs(run(clipped, [1])[0]! - Math.tanh(0.25)) < 1e-4);
    t.true(run(free, [1])[0]! > Math.tanh(0.9));
  }
});

test("LSTM variants TFLM does not run and broken LSTMs are typed ModelErrors naming the tensor", (t) => {
  const l: Lstm = {
    batches: 1, steps: 2, inputSize: 3, units: 2, timeMajor: false, clip: 0, si: 0.05, zi: 0, sh: 1 / 128, zh: 0, sc: 2 ** -12,
    sw: [0.01, 0.01, 0.01, 0.01], sr: [0.01, 0.01, 0.01, 0.01],
    w: [0, 1, 2, 3].map(() => new Int8Array(6)), r: [0, 1, 2, 3].map(() => new Int8Array(4)), bias: [0, 1, 2, 3].map(() => new Int32Array(2)),
  };
  const base = () => ({
    input: { shape: [1, 2, 3], type: INT8, scale: 0.05, zeroPoint: 0 } as TensorDef,
    w: l.w.map((data, g) => ({ shape: [2, 3], type: INT8, scale: 0.01, zeroPoint: 0, data, name: `w${g}` }) as TensorDef),
    r: l.r.map((data, g) => ({ shape: [2, 2], type: INT8, scale: 0.01, zeroPoint: 0, data, name: `r${g}` }) as TensorDef),
    bias: l.bias.map((data, g) => ({ shape: [2], type: INT32, scale: 0.0005, zeroPoint: 0, data, name: `b${g}` }) as TensorDef | null),
    hidden: { shape: [1, 2], type: INT8, scale: 1 / 128, zeroPoint: 0, isVariable: true, name: "hidden" } as TensorDef | null,
    cell: { shape: [1, 2], type: INT16, scale: 2 ** -12, zeroPoint: 0, isVariable: true, name: "cell" } as TensorDef | null,
    output: { shape: [1, 2, 2], type: INT8, scale: 1 / 128, zeroPoint: 0 } as TensorDef,
  });
  const error = (m: ReturnType<typeof base> & { extra?: [number, TensorDef] }, activation = TANH) => {
    try {
      new Interpreter(Model.from(lstmModel(m, { timeMajor: false, clip: 0, activation })));
      return "ok";
    } catch (e) {
      if (e instanceof UnsupportedOpsError) return `UNSUPPORTED_OP ${e.ops.flatMap((o) => o.details).join("; ")}`;
      if (e instanceof ModelError) return `${e.code} ${e.message}`;
      throw e;
    }
  };
  t.is(error(base()), "ok");
  t.regex(error({ ...base(), extra: [9, { shape: [2], type: INT16, scale: 1, zeroPoint: 0, data: new Int16Array(2), name: "peep" }] }), /UNSUPPORTED_OP .*peephole.*'peep'/);
  t.regex(error({ ...base(), extra: [16, { shape: [2, 2], type: INT8, scale: 1, zeroPoint: 0, data: new Int8Array(4), name: "proj" }] }), /UNSUPPORTED_OP .*projection weights 'proj'/);
  t.regex(error({ ...base(), extra: [20, { shape: [2], type: INT16, scale: 1, zeroPoint: 0, data: new Int16Array(2), name: "norm" }] }), /UNSUPPORTED_OP .*layer norm.*'norm'/);
  t.regex(error(Object.assign(base(), { bias: [null, ...base().bias.slice(1)] })), /UNSUPPORTED_OP .*input gate's bias \(input 12\) is missing/);
  t.regex(error({ ...base(), hidden: null }), /BAD_FORMAT.*hidden state \(input 18\) is missing/);
  t.regex(error({ ...base(), cell: { ...base().cell!, isVariable: false } }), /BAD_FORMAT.*cell state 'cell' must be a variable tensor/);
  const wrongGate = base();
  wrongGate.r[2] = { ...wrongGate.r[2]!, shape: [2, 3], data: new Int8Array(6) };
  t.regex(error(wrongGate), /BAD_SHAPE.*cell gate's recurrent weights 'r2' must be \[2, 2\]/);
  t.regex(error({ ...base(), cell: { ...base().cell!, shape: [1, 3] } }), /BAD_SHAPE.*cell state 'cell'/);
  t.regex(error({ ...base(), cell: { ...base().cell!, type: INT8 } }), /UNSUPPORTED_OP .*cell state.*int8/);
  t.regex(error(base(), 1), /UNSUPPORTED_OP .*cell gate activation 1/);
  const perChannel = base();
  perChannel.w[1] = { ...perChannel.w[1]!, scale: [0.01, 0.02], zeroPoint: [0, 0], quantizedDimension: 0 };
  t.regex(error(perChannel), /BAD_QUANTIZATION.*'w1' has 2 scales/);
});
