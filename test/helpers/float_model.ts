/**
 * The float32 model of an int8 model, for tests of `tinyml quantize` on real networks: every
 * constant dequantized (weights per channel or per tensor, int32 biases at their own scales), every
 * other int8 tensor made float32 without quantization, ops at version 1. Its weights are the int8
 * model's exactly, so quantizing it again is measured against the int8 model itself.
 */
import { modelToDef } from "../../src/cli/model_def";
import { buildModel, TensorType } from "../../src/cli/tflite_writer";
import type { Model } from "../../src/model/model";

export function dequantizedModel(model: Model): Uint8Array {
  const def = modelToDef(model);
  def.tensors.forEach((t, i) => {
    const spec = model.tensor(i);
    if (spec.type !== TensorType.INT8 && !(spec.type === TensorType.INT32 && spec.data !== null && spec.quantization !== null)) return;
    const q = spec.quantization;
    if (spec.data !== null && q !== null) {
      const raw = Uint8Array.from(spec.data);
      const ints = spec.type === TensorType.INT8 ? new Int8Array(raw.buffer) : new Int32Array(raw.buffer);
      const channels = q.scale.length, inner = spec.shape.slice(q.quantizedDimension + 1).reduce((a, b) => a * b, 1);
      t.data = Float32Array.from(ints, (v, k) => {
        const c = channels === 1 ? 0 : Math.floor(k / inner) % channels;
        return q.scale[c]! * (v - q.zeroPoint[c]!);
      });
    }
    t.type = TensorType.FLOAT32;
    delete t.scale;
    delete t.zeroPoint;
    delete t.quantizedDimension;
  });
  def.operators.forEach((op) => (op.version = 1));
  return buildModel(def);
}
