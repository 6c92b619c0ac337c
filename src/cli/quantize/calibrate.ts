/**
 * Calibration: the range (min, max) every non-constant tensor of a float model takes over a set of
 * inputs. The model is written again with every such tensor as a graph output (outputs live until
 * the end of an invoke, so the planner gives none of them shared memory), run on each input, and
 * each tensor's values tracked.
 */
import { ModelError, TinyMLArgumentError } from "../../errors";
import { Interpreter } from "../../interpreter/interpreter";
import { Model } from "../../model/model";
import { TensorType, tensorTypeName } from "../../model/schema";
import { modelToDef } from "../model_def";
import { buildModel } from "../tflite_writer";

export interface Range {
  min: number;
  max: number;
}

/** Reports progress: done of total inputs. */
export type Progress = (done: number, total: number) => void;

/**
 * Ranges by tensor index of every float32 tensor the model computes (and its inputs), over `inputs`:
 * one Float32Array per graph input holding N consecutive inputs.
 */
export function calibrate(model: Model, inputs: readonly Float32Array[], progress?: Progress): Map<number, Range> {
  if (inputs.length !== model.inputs.length) throw new TinyMLArgumentError(`the model has ${model.inputs.length} input(s); ${inputs.length} calibration set(s) given`);
  const def = modelToDef(model);
  const produced = new Set<number>([...model.inputs, ...model.operators.flatMap((op) => op.outputs)]);
  const tracked = [...produced].filter((i) => i >= 0 && model.tensor(i).data === null && model.tensor(i).type === TensorType.FLOAT32).sort((a, b) => a - b);
  def.outputs = tracked;
  const it = new Interpreter(Model.from(buildModel(def)), { kernels: "portable" });
  const per = model.inputs.map((t) => model.tensor(t).elements);
  const counts = inputs.map((data, i) => {
    const spec = model.tensor(model.inputs[i]!);
    if (spec.type !== TensorType.FLOAT32) throw new ModelError("BAD_TYPE", `input '${spec.name}' is ${tensorTypeName(spec.type)}, not float32: quantize takes a float32 model`, { table: "Tensor", index: spec.index });
    if (data.length === 0 || data.length % per[i]! !== 0) throw new TinyMLArgumentError(`calibration set ${i} holds ${data.length} float32 values, not a whole number of ${per[i]}-value inputs`);
    return data.length / per[i]!;
  });
  const n = counts[0]!;
  if (counts.some((c) => c !== n)) throw new TinyMLArgumentError(`the calibration sets hold different numbers of inputs: ${counts.join(", ")}`);
  const ranges = new Map<number, Range>(tracked.map((t) => [t, { min: Infinity, max: -Infinity }]));
  for (let k = 0; k < n; k++) {
    inputs.forEach((data, i) => {
      const slice = data.subarray(k * per[i]!, (k + 1) * per[i]!);
      for (let j = 0; j < slice.length; j++) if (!Number.isFinite(slice[j]!)) throw new TinyMLArgumentError(`calibration input ${k} of set ${i} holds ${slice[j]} at value ${j}`);
      (it.input(i).data as Float32Array).set(slice);
    });
    it.invoke();
    tracked.forEach((t, o) => {
      const r = ranges.get(t)!, d = it.output(o).data as Float32Array;
      for (let j = 0; j < d.length; j++) {
        const v = d[j]!;
        if (v < r.min) r.min = v;
        if (v > r.max) r.max = v;
      }
    });
    progress?.(k + 1, n);
  }
  return ranges;
}
