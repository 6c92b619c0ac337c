/**
 * Magnitude pruning: in each weight tensor (the filter of FULLY_CONNECTED, CONV_2D and
 * DEPTHWISE_CONV_2D), the given share of the elements with the smallest magnitude become zero, in
 * a copy of the model's bytes (the FlatBuffer keeps its layout: only weight values change). Float32
 * weights and symmetric int8 weights (zero point 0, as TFLite writes them) are pruned; the zeros are
 * what a compressor then packs, and `tinyml compare` shows what they cost.
 */
import { ModelError } from "../../errors";
import { Model } from "../../model/model";
import { BuiltinOperator, TensorType } from "../../model/schema";

const PRUNED_OPS: ReadonlySet<number> = new Set([BuiltinOperator.FULLY_CONNECTED, BuiltinOperator.CONV_2D, BuiltinOperator.DEPTHWISE_CONV_2D]);

export interface PrunedTensor {
  index: number;
  name: string;
  elements: number;
  zerosBefore: number;
  zerosAfter: number;
}

/** Values of a weight tensor as a typed array over the (copied) model bytes, or an error naming why it cannot be pruned. */
function weightValues(model: Model, t: number): Float32Array | Int8Array {
  const spec = model.tensor(t);
  const data = spec.data!;
  if (spec.type === TensorType.FLOAT32) {
    if (data.byteOffset % 4 !== 0) return new Float32Array(data.slice().buffer); // read-only copy; written back below
    return new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  }
  if (spec.type === TensorType.INT8) {
    if (spec.quantization !== null && spec.quantization.zeroPoint.some((z) => z !== 0)) {
      throw new ModelError("BAD_QUANTIZATION", `weights '${spec.name}' have a nonzero zero point: prune takes symmetric int8 weights`, { table: "Tensor", index: t });
    }
    return new Int8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  throw new ModelError("BAD_TYPE", `weights '${spec.name}' are ${spec.type === TensorType.INT4 ? "int4" : `type ${spec.type}`}: prune takes float32 or int8 weights`, { table: "Tensor", index: t });
}

function zeros(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) count++;
  return count;
}

/** The pruned model's bytes and what changed in each weight tensor. `sparsity` in [0, 1]. */
export function pruneModel(source: Uint8Array, sparsity: number): { bytes: Uint8Array; tensors: PrunedTensor[] } {
  if (!(sparsity >= 0 && sparsity <= 1)) throw new RangeError(`sparsity ${sparsity} is outside [0, 1]`);
  const bytes = Uint8Array.from(source);
  const model = Model.from(bytes);
  const weights = new Set<number>();
  for (const op of model.operators) {
    if (op.customCode !== null || !PRUNED_OPS.has(op.builtinCode)) continue;
    const w = op.inputs[1];
    if (w !== undefined && w >= 0 && model.tensor(w).data !== null) weights.add(w);
  }
  if (weights.size === 0) throw new ModelError("UNSUPPORTED_MODEL", "the model has no constant weights of FULLY_CONNECTED, CONV_2D or DEPTHWISE_CONV_2D to prune");
  const tensors = [...weights].sort((a, b) => a - b).map((t) => {
    const values = weightValues(model, t);
    const zerosBefore = zeros(values);
    const order = Array.from(values.keys()).sort((a, b) => Math.abs(values[a]!) - Math.abs(values[b]!) || a - b);
    const count = Math.floor(sparsity * values.length);
    for (let k = 0; k < count; k++) values[order[k]!] = 0;
    const data = model.tensor(t).data!;
    if (values.buffer !== data.buffer) data.set(new Uint8Array(values.buffer));
    return { index: t, name: model.tensor(t).name, elements: values.length, zerosBefore, zerosAfter: zeros(values) };
  });
  return { bytes, tensors };
}
