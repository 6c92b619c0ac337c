/**
 * The writer's definition (tflite_writer.ts ModelDef) of a loaded model: tensors with their constant
 * data and quantization, operators with their builtin options, so that tools (quantize, calibration)
 * can change a model and write it again. Builtin options are copied field by field for the options
 * tables listed in OPTION_FIELDS; an operator with another options table is refused by name.
 */
import { ModelError } from "../errors";
import type { Model } from "../model/model";
import { OptionsType, type Field, type ModelDef, type OperatorDef, type TensorDef } from "./tflite_writer";

type FieldKind = "i8" | "i32" | "bool" | "f32" | "i32s";

/** The fields of each options table the tools copy (schema.fbs order: field id = position). */
const OPTION_FIELDS: Record<number, readonly FieldKind[]> = {
  // padding, stride_w, stride_h, fused_activation_function, dilation_w_factor, dilation_h_factor
  [OptionsType.Conv2DOptions]: ["i8", "i32", "i32", "i8", "i32", "i32"],
  // padding, stride_w, stride_h, depth_multiplier, fused_activation_function, dilation_w, dilation_h
  [OptionsType.DepthwiseConv2DOptions]: ["i8", "i32", "i32", "i32", "i8", "i32", "i32"],
  // padding, stride_w, stride_h, filter_width, filter_height, fused_activation_function
  [OptionsType.Pool2DOptions]: ["i8", "i32", "i32", "i32", "i32", "i8"],
  // fused_activation_function, weights_format, keep_num_dims, asymmetric_quantize_inputs
  [OptionsType.FullyConnectedOptions]: ["i8", "i8", "bool", "bool"],
  [OptionsType.SoftmaxOptions]: ["f32"], // beta
  [OptionsType.ConcatenationOptions]: ["i32", "i8"], // axis, fused_activation_function
  [OptionsType.AddOptions]: ["i8", "bool"], // fused_activation_function, pot_scale_int16
  [OptionsType.ReshapeOptions]: ["i32s"], // new_shape
  [OptionsType.MulOptions]: ["i8"], // fused_activation_function
  [OptionsType.PadOptions]: [],
  [OptionsType.ReducerOptions]: ["bool"], // keep_dims
  [OptionsType.SubOptions]: ["i8", "bool"], // fused_activation_function, pot_scale_int16
  [OptionsType.SqueezeOptions]: ["i32s"], // squeeze_dims
};

function copyOptions(model: Model, index: number): Field[] | undefined {
  const op = model.operator(index);
  if (op.options === null) return undefined;
  const kinds = OPTION_FIELDS[op.optionsType];
  if (kinds === undefined) {
    throw new ModelError("UNSUPPORTED_OP", `${op.name}: its options table (type ${op.optionsType}) cannot be rewritten by the model tools`, { table: "Operator", index });
  }
  const fields: Field[] = [];
  kinds.forEach((kind, id) => {
    const t = op.options!;
    if (!t.has(id)) return;
    switch (kind) {
      case "i8": fields.push({ id, i8: t.i8(id, 0) }); break;
      case "i32": fields.push({ id, i32: t.i32(id, 0) }); break;
      case "bool": fields.push({ id, bool: t.bool(id, false) }); break;
      case "f32": fields.push({ id, f32: t.f32(id, 0) }); break;
      case "i32s": fields.push({ id, i32s: t.i32Vector(id) ?? [] }); break;
    }
  });
  return fields;
}

/** A copy of the model as a writer definition (constant data copied out of the model bytes). */
export function modelToDef(model: Model): ModelDef {
  const tensors: TensorDef[] = model.tensors.map((t) => {
    const def: TensorDef = { shape: [...t.shape], type: t.type, name: t.name };
    if (t.data !== null) def.data = Uint8Array.from(t.data);
    if (t.quantization !== null && t.quantization.scale.length > 0) {
      def.scale = [...t.quantization.scale];
      def.zeroPoint = [...t.quantization.zeroPoint];
      def.quantizedDimension = t.quantization.quantizedDimension;
    }
    if (t.isVariable) def.isVariable = true;
    return def;
  });
  const operators: OperatorDef[] = model.operators.map((op) => {
    const def: OperatorDef = { op: op.customCode === null ? op.builtinCode : `CUSTOM:${op.customCode}`, version: op.version, inputs: [...op.inputs], outputs: [...op.outputs] };
    const options = copyOptions(model, op.index);
    if (options !== undefined) {
      def.optionsType = op.optionsType;
      def.options = options;
    }
    if (op.customOptions !== null) def.customOptions = Uint8Array.from(op.customOptions);
    return def;
  });
  return { tensors, operators, inputs: [...model.inputs], outputs: [...model.outputs], version: model.version };
}
