/**
 * Writes .tflite models (for the project's own model scripts and for tests), with the `flatbuffers` package's Builder: tensors with
 * optional constant data and quantization, operators with builtin options, graph inputs/outputs.
 */
import * as flatbuffers from "flatbuffers";
import { BuiltinOperator, TensorType } from "../model/schema";

export { BuiltinOperator, TensorType };

/** BuiltinOptions union type ids (schema.fbs) of the options tables tests use. */
export const OptionsType = {
  Conv2DOptions: 1,
  DepthwiseConv2DOptions: 2,
  Pool2DOptions: 5,
  FullyConnectedOptions: 8,
  SoftmaxOptions: 9,
  ConcatenationOptions: 10,
  AddOptions: 11,
  ReshapeOptions: 17,
  MulOptions: 21,
  PadOptions: 22,
  TransposeOptions: 26,
  ReducerOptions: 27,
  SubOptions: 28,
  DivOptions: 29,
  SqueezeOptions: 30,
  StridedSliceOptions: 32,
} as const;

export type Field =
  | { id: number; i32: number }
  | { id: number; i8: number }
  | { id: number; u8: number }
  | { id: number; bool: boolean }
  | { id: number; f32: number }
  | { id: number; i32s: number[] };

export interface TensorDef {
  shape: number[];
  type: number;
  name?: string;
  data?: ArrayBufferView;
  scale?: number | number[];
  zeroPoint?: number | number[];
  quantizedDimension?: number;
  isVariable?: boolean;
}

export interface OperatorDef {
  /** Builtin code, or "CUSTOM:Name". */
  op: number | string;
  version?: number;
  inputs: number[];
  outputs: number[];
  optionsType?: number;
  options?: Field[];
  customOptions?: Uint8Array;
}

export interface ModelDef {
  tensors: TensorDef[];
  operators: OperatorDef[];
  inputs: number[];
  outputs: number[];
  /** Schema version to write (default 3). */
  version?: number;
}

function i32Vector(b: flatbuffers.Builder, values: readonly number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]!);
  return b.endVector();
}

function table(b: flatbuffers.Builder, fields: Field[]): number {
  const offsets = new Map<number, number>();
  for (const f of fields) if ("i32s" in f) offsets.set(f.id, i32Vector(b, f.i32s));
  const max = fields.reduce((m, f) => Math.max(m, f.id + 1), 0);
  b.startObject(max);
  for (const f of fields) {
    if ("i32" in f) b.addFieldInt32(f.id, f.i32, 0x7fffffff);
    else if ("i8" in f) b.addFieldInt8(f.id, f.i8, 0x7f);
    else if ("u8" in f) b.addFieldInt8(f.id, f.u8, 0xff);
    else if ("bool" in f) b.addFieldInt8(f.id, f.bool ? 1 : 0, 2);
    else if ("f32" in f) b.addFieldFloat32(f.id, f.f32, NaN);
    else b.addFieldOffset(f.id, offsets.get(f.id)!, 0);
  }
  return b.endObject();
}

/** Serializes a model definition as .tflite bytes. */
export function buildModel(def: ModelDef): Uint8Array {
  const b = new flatbuffers.Builder(1024);
  // Buffers: 0 is the empty sentinel; each constant tensor gets its own.
  const bufferData: (Uint8Array | null)[] = [null];
  const tensorBuffer = def.tensors.map((t) => {
    if (t.data === undefined) return 0;
    bufferData.push(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    return bufferData.length - 1;
  });
  const buffers = bufferData.map((d) => {
    let data = 0;
    if (d !== null) {
      b.startVector(1, d.length, 16);
      for (let i = d.length - 1; i >= 0; i--) b.addInt8(d[i]!);
      data = b.endVector();
    }
    b.startObject(1);
    if (d !== null) b.addFieldOffset(0, data, 0);
    return b.endObject();
  });

  const tensors = def.tensors.map((t, i) => {
    const name = b.createString(t.name ?? `t${i}`);
    const shape = i32Vector(b, t.shape);
    let quant = 0;
    if (t.scale !== undefined) {
      const scales = Array.isArray(t.scale) ? t.scale : [t.scale];
      const zps = t.zeroPoint === undefined ? scales.map(() => 0) : Array.isArray(t.zeroPoint) ? t.zeroPoint : [t.zeroPoint];
      b.startVector(4, scales.length, 4);
      for (let k = scales.length - 1; k >= 0; k--) b.addFloat32(scales[k]!);
      const s = b.endVector();
      b.startVector(8, zps.length, 8);
      for (let k = zps.length - 1; k >= 0; k--) b.addInt64(BigInt(zps[k]!));
      const z = b.endVector();
      b.startObject(7);
      b.addFieldOffset(2, s, 0);
      b.addFieldOffset(3, z, 0);
      b.addFieldInt32(6, t.quantizedDimension ?? 0, 0);
      quant = b.endObject();
    }
    b.startObject(6);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, t.type, -1);
    b.addFieldInt32(2, tensorBuffer[i]!, -1);
    b.addFieldOffset(3, name, 0);
    if (quant !== 0) b.addFieldOffset(4, quant, 0);
    if (t.isVariable) b.addFieldInt8(5, 1, 0);
    return b.endObject();
  });

  const codes: string[] = [];
  const codeIndex = (op: OperatorDef) => {
    const key = `${op.op}@${op.version ?? 1}`;
    let k = codes.indexOf(key);
    if (k < 0) k = codes.push(key) - 1;
    return k;
  };
  const operators = def.operators.map((op) => {
    const opcode = codeIndex(op);
    const inputs = i32Vector(b, op.inputs);
    const outputs = i32Vector(b, op.outputs);
    const options = op.options === undefined ? 0 : table(b, op.options);
    let custom = 0;
    if (op.customOptions !== undefined) {
      b.startVector(1, op.customOptions.length, 1);
      for (let i = op.customOptions.length - 1; i >= 0; i--) b.addInt8(op.customOptions[i]!);
      custom = b.endVector();
    }
    b.startObject(6);
    b.addFieldInt32(0, opcode, -1);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    if (options !== 0) {
      b.addFieldInt8(3, op.optionsType ?? 0, -1);
      b.addFieldOffset(4, options, 0);
    }
    if (custom !== 0) b.addFieldOffset(5, custom, 0);
    return b.endObject();
  });
  const opcodes = codes.map((key) => {
    const [op, version] = key.split("@") as [string, string];
    const isCustom = op.startsWith("CUSTOM:");
    const code = isCustom ? BuiltinOperator.CUSTOM : Number(op);
    const custom = isCustom ? b.createString(op.slice(7)) : 0;
    b.startObject(4);
    b.addFieldInt8(0, Math.min(code, 127), -1);
    if (custom !== 0) b.addFieldOffset(1, custom, 0);
    b.addFieldInt32(2, Number(version), -1);
    b.addFieldInt32(3, code, -1);
    return b.endObject();
  });

  const vecOfOffsets = (offs: number[]) => {
    b.startVector(4, offs.length, 4);
    for (let i = offs.length - 1; i >= 0; i--) b.addOffset(offs[i]!);
    return b.endVector();
  };
  const tensorsVec = vecOfOffsets(tensors);
  const inputsVec = i32Vector(b, def.inputs);
  const outputsVec = i32Vector(b, def.outputs);
  const opsVec = vecOfOffsets(operators);
  b.startObject(5);
  b.addFieldOffset(0, tensorsVec, 0);
  b.addFieldOffset(1, inputsVec, 0);
  b.addFieldOffset(2, outputsVec, 0);
  b.addFieldOffset(3, opsVec, 0);
  const subgraph = b.endObject();

  const codesVec = vecOfOffsets(opcodes);
  const subgraphsVec = vecOfOffsets([subgraph]);
  const buffersVec = vecOfOffsets(buffers);
  b.startObject(5);
  b.addFieldInt32(0, def.version ?? 3, -1);
  b.addFieldOffset(1, codesVec, 0);
  b.addFieldOffset(2, subgraphsVec, 0);
  b.addFieldOffset(4, buffersVec, 0);
  const model = b.endObject();
  b.finish(model, "TFL3");
  return b.asUint8Array().slice();
}

/** A model of one operator whose non-constant inputs are the graph inputs and whose outputs are the graph outputs. */
export function singleOpModel(tensors: TensorDef[], op: OperatorDef): Uint8Array {
  const inputs = op.inputs.filter((i) => i >= 0 && tensors[i]!.data === undefined);
  return buildModel({ tensors, operators: [op], inputs, outputs: op.outputs });
}
