/**
 * Runs two models on the same inputs and measures how far B's outputs are from A's, in real units:
 * per output, the fraction of inputs whose largest element (top-1) is the same, the largest absolute
 * difference and the SQNR (signal: A's outputs; noise: B - A). Inputs are given in A's input types;
 * B gets them as real values re-expressed in its own types (quantized with its own scale and zero
 * point when B is quantized); quantized outputs are dequantized before comparing.
 */
import { TinyMLArgumentError } from "../../errors";
import { Interpreter } from "../../interpreter/interpreter";
import type { TensorView } from "../../interpreter/tensor_view";
import type { Model } from "../../model/model";

export interface OutputComparison {
  name: string;
  /** Share of inputs where both models' largest output element is the same one; null for one-element outputs. */
  top1Agreement: number | null;
  maxAbsError: number;
  /** 10 log10(sum a^2 / sum (b - a)^2); Infinity when the outputs are equal. */
  sqnrDb: number;
}

export interface Comparison {
  inputs: number;
  outputs: OutputComparison[];
}

const INTEGER_RANGE: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], int32: [-2147483648, 2147483647] };

/** Writes real values into a tensor of any numeric type (quantized: rounded, clamped to its type). */
function setReal(view: TensorView, values: Float64Array): void {
  const range = INTEGER_RANGE[view.type];
  if (range === undefined) {
    if (view.type !== "float32" && view.type !== "float64") throw new TinyMLArgumentError(`compare cannot feed a ${view.type} input`);
    view.data.set(values);
    return;
  }
  const scale = view.scale === 0 ? 1 : view.scale;
  for (let i = 0; i < values.length; i++) view.data[i] = Math.max(range[0], Math.min(range[1], Math.round(values[i]! / scale) + view.zeroPoint));
}

function realValues(view: TensorView): Float64Array {
  const out = new Float64Array(view.data.length);
  for (let i = 0; i < out.length; i++) out[i] = view.dequantize(i);
  return out;
}

function argmax(v: Float64Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

/** `inputs`: one buffer per graph input of A, holding N consecutive inputs as A's tensors take them. */
export function compareModels(a: Model, b: Model, inputs: readonly Uint8Array[], progress?: (done: number, total: number) => void): Comparison {
  const ia = new Interpreter(a), ib = new Interpreter(b);
  if (ia.inputCount !== ib.inputCount) throw new TinyMLArgumentError(`the models have ${ia.inputCount} and ${ib.inputCount} inputs`);
  if (ia.outputCount !== ib.outputCount) throw new TinyMLArgumentError(`the models have ${ia.outputCount} and ${ib.outputCount} outputs`);
  if (inputs.length !== ia.inputCount) throw new TinyMLArgumentError(`model A has ${ia.inputCount} input(s); ${inputs.length} input file(s) given`);
  for (let i = 0; i < ia.inputCount; i++) {
    if (ia.input(i).data.length !== ib.input(i).data.length) throw new TinyMLArgumentError(`input ${i} has ${ia.input(i).data.length} elements in A and ${ib.input(i).data.length} in B`);
  }
  for (let o = 0; o < ia.outputCount; o++) {
    if (ia.output(o).data.length !== ib.output(o).data.length) throw new TinyMLArgumentError(`output ${o} has ${ia.output(o).data.length} elements in A and ${ib.output(o).data.length} in B`);
  }
  const counts = inputs.map((d, i) => {
    const per = ia.input(i).bytes.length;
    if (d.length === 0 || d.length % per !== 0) throw new TinyMLArgumentError(`input file ${i} has ${d.length} bytes, not a whole number of ${per}-byte ${ia.input(i).type}[${ia.input(i).shape.join(",")}] inputs`);
    return d.length / per;
  });
  const n = counts[0]!;
  if (counts.some((c) => c !== n)) throw new TinyMLArgumentError(`the input files hold different numbers of inputs: ${counts.join(", ")}`);
  const stats = Array.from({ length: ia.outputCount }, () => ({ agree: 0, maxAbs: 0, signal: 0, noise: 0 }));
  for (let k = 0; k < n; k++) {
    inputs.forEach((d, i) => {
      const per = ia.input(i).bytes.length;
      ia.input(i).bytes.set(d.subarray(k * per, (k + 1) * per));
      for (let j = 0; j < ia.input(i).data.length; j++) if (!Number.isFinite(ia.input(i).data[j]!)) throw new TinyMLArgumentError(`input ${k} of file ${i} holds ${ia.input(i).data[j]} at element ${j}`);
      setReal(ib.input(i), realValues(ia.input(i)));
    });
    ia.invoke();
    ib.invoke();
    stats.forEach((s, o) => {
      const ra = realValues(ia.output(o)), rb = realValues(ib.output(o));
      if (argmax(ra) === argmax(rb)) s.agree++;
      for (let j = 0; j < ra.length; j++) {
        const e = rb[j]! - ra[j]!;
        s.maxAbs = Math.max(s.maxAbs, Math.abs(e));
        s.signal += ra[j]! * ra[j]!;
        s.noise += e * e;
      }
    });
    progress?.(k + 1, n);
  }
  return {
    inputs: n,
    outputs: stats.map((s, o) => ({
      name: ia.output(o).name,
      top1Agreement: ia.output(o).data.length > 1 ? s.agree / n : null,
      maxAbsError: s.maxAbs,
      sqnrDb: s.noise === 0 ? Infinity : 10 * Math.log10(s.signal / s.noise),
    })),
  };
}
