/**
 * Model: a validated, zero-copy view of a .tflite file. It knows the file format and nothing
 * else: tensors (shape, type, quantization, constant data as views into the file), operators
 * (op code, version, tensor indices, options) and the graph's inputs and outputs.
 */
import { ModelError } from "../errors";
import { FlatBuffer, type Table } from "./flatbuffer";
import {
  BufferField,
  builtinOperatorName,
  BuiltinOperator,
  ModelField,
  OperatorCodeField,
  OperatorField,
  QuantizationField,
  SubGraphField,
  TensorField,
  tensorTypeName,
  TensorType,
  tensorTypeSize,
} from "./schema";

/** The schema version TFLite writes and TFLM requires. */
const SCHEMA_VERSION = 3;
/** A tensor larger than this many bytes cannot live on a microcontroller; reject it as absurd. */
export const MAX_TENSOR_BYTES = 0x40000000;
const MAX_RANK = 8;

export interface Quantization {
  /** One scale per tensor, or one per channel along quantizedDimension (compact typed arrays: XS arrays of numbers cost 16+ bytes an element). */
  readonly scale: Float32Array;
  readonly zeroPoint: Int32Array;
  readonly quantizedDimension: number;
}

export interface TensorSpec {
  readonly index: number;
  readonly name: string;
  /** TensorType code (see schema.ts). */
  readonly type: number;
  readonly shape: readonly number[];
  readonly elements: number;
  readonly byteLength: number;
  /** Constant data as a view into the model bytes, or null for tensors that live in the arena. */
  readonly data: Uint8Array | null;
  readonly quantization: Quantization | null;
  readonly isVariable: boolean;
}

export interface OperatorSpec {
  readonly index: number;
  /** Builtin op code (CUSTOM for custom ops). */
  readonly builtinCode: number;
  readonly customCode: string | null;
  readonly version: number;
  /** "CONV_2D", or "CUSTOM:<name>" for a custom op. */
  readonly name: string;
  /** Tensor indices; -1 marks an omitted optional input. */
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly intermediates: readonly number[];
  /** The builtin options table, or null when the op has none. */
  readonly options: Table | null;
  readonly optionsType: number;
  readonly customOptions: Uint8Array | null;
}

/** What Model.from accepts: an ArrayBuffer, any typed array or DataView, or an XS host buffer (a Resource). */
export type ModelSource = ArrayBuffer | ArrayBufferView | { readonly byteLength: number };

/** The bytes of a model source, viewed in place. */
export function toBytes(source: ModelSource): Uint8Array {
  if (source instanceof Uint8Array) return source;
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  try {
    // ArrayBuffer, SharedArrayBuffer, or an XS host buffer: typed arrays view all of them in place.
    return new Uint8Array(source as ArrayBuffer);
  } catch {
    throw new ModelError("BAD_FORMAT", "the model must be an ArrayBuffer, a typed array, a DataView or a host buffer");
  }
}

/**
 * A model keeps the positions of its tables (tensors, operators, op codes) in typed arrays and
 * nothing per tensor: a TensorSpec or OperatorSpec is read from the FlatBuffer when asked (every
 * table was validated at load), so a loaded model holds no JS object, array or string per tensor,
 * which on XS would be most of the memory a model costs.
 */
export class Model {
  readonly bytes: Uint8Array;
  readonly version: number;
  readonly description: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** Number of tensors of the (only) subgraph. */
  readonly tensorCount: number;
  /** Number of operators, in execution order. */
  readonly operatorCount: number;
  private readonly fb: FlatBuffer;
  /** Absolute positions of the OperatorCode tables. */
  private readonly opcodePositions: Uint32Array;
  /** Absolute positions of the Tensor tables, then of the Operator tables. */
  private readonly tablePositions: Uint32Array;
  /** Position and length of the Model.buffers vector. */
  private readonly buffersPos: number;
  private readonly buffersLength: number;
  /** Decoded tensors while withDecodedTensors runs, else null. */
  private decoded: (TensorSpec | undefined)[] | null = null;

  private constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    const fb = new FlatBuffer(bytes);
    this.fb = fb;
    const root = fb.root("Model");
    this.version = root.u32(ModelField.version, 0, "version");
    if (this.version !== SCHEMA_VERSION) {
      throw new ModelError("BAD_FORMAT", `schema version ${this.version}, expected ${SCHEMA_VERSION} (is this a .tflite file?)`, { table: "Model", field: "version" });
    }
    this.description = root.string(ModelField.description, "description") ?? "";

    const buffers = root.vector(ModelField.buffers, 4, "Buffer");
    this.buffersPos = buffers?.pos ?? 0;
    this.buffersLength = buffers?.length ?? 0;
    for (let i = 0; i < this.buffersLength; i++) this.buffer(i);
    const opcodes = root.vector(ModelField.operatorCodes, 4, "OperatorCode");
    this.opcodePositions = new Uint32Array(opcodes?.length ?? 0);
    for (let i = 0; i < this.opcodePositions.length; i++) {
      this.opcodePositions[i] = offsetTarget(fb, opcodes!.pos + 4 * i);
      this.opcode(i);
    }

    const subgraphs = root.vector(ModelField.subgraphs, 4, "SubGraph");
    if (subgraphs === null || subgraphs.length === 0) throw new ModelError("BAD_FORMAT", "the model has no subgraph", { table: "Model", field: "subgraphs" });
    if (subgraphs.length > 1) throw new ModelError("UNSUPPORTED_MODEL", `the model has ${subgraphs.length} subgraphs; one is supported`, { table: "Model", field: "subgraphs" });
    const sg = fb.table(subgraphs.pos + fb.u32(subgraphs.pos), "SubGraph", 0);

    const tensors = sg.vector(SubGraphField.tensors, 4, "Tensor");
    const operators = sg.vector(SubGraphField.operators, 4, "Operator");
    this.tensorCount = tensors?.length ?? 0;
    this.operatorCount = operators?.length ?? 0;
    this.tablePositions = new Uint32Array(this.tensorCount + this.operatorCount);
    for (let i = 0; i < this.tensorCount; i++) this.tablePositions[i] = offsetTarget(fb, tensors!.pos + 4 * i);
    for (let i = 0; i < this.operatorCount; i++) this.tablePositions[this.tensorCount + i] = offsetTarget(fb, operators!.pos + 4 * i);

    this.inputs = sg.i32Vector(SubGraphField.inputs, "inputs") ?? [];
    this.outputs = sg.i32Vector(SubGraphField.outputs, "outputs") ?? [];
    this.inputs.forEach((v, i) => this.checkIndex(v, "SubGraph.inputs", i, "index", false));
    this.outputs.forEach((v, i) => this.checkIndex(v, "SubGraph.outputs", i, "index", false));
    // Everything is validated now, so that tensor(i) and operator(i) cannot fail later.
    for (let i = 0; i < this.tensorCount; i++) this.decodeTensor(i);
    for (let i = 0; i < this.operatorCount; i++) this.operator(i);
  }

  /** Parses and validates a .tflite model in place (the bytes are viewed, never copied). */
  static from(source: ModelSource): Model {
    const bytes = toBytes(source);
    try {
      return new Model(bytes);
    } catch (e) {
      if (e instanceof ModelError) throw e;
      // Anything else escaping the validating reader is a bug in it; still give the user a typed error.
      throw new ModelError("BAD_FORMAT", `malformed model (${(e as Error)?.message ?? String(e)})`);
    }
  }

  /**
   * Tensor `index`: a small object that reads each field from the model when asked (a new object on
   * each call; every field was validated at load). Keeping it costs a few bytes, not its name,
   * shape and quantization.
   */
  tensor(index: number): TensorSpec {
    this.checkTensorIndex(index);
    return new ModelTensor(this, index);
  }

  /**
   * Runs fn with each tensor decoded at most once, however often its fields are read (preparing a
   * model reads them many times: decoding every field, per-channel scales included, on each read
   * made planning several times slower on XS); the decoded fields are dropped when fn returns, so
   * TensorSpecs kept afterwards cost only their few bytes again.
   */
  withDecodedTensors<T>(fn: () => T): T {
    if (this.decoded !== null) return fn();
    this.decoded = new Array<TensorSpec | undefined>(this.tensorCount);
    try {
      return fn();
    } finally {
      this.decoded = null;
    }
  }

  /** Every field of tensor `index`, decoded now (what a ModelTensor reads its fields from). */
  decodeTensor(index: number): TensorSpec {
    this.checkTensorIndex(index);
    const cached = this.decoded?.[index];
    if (cached !== undefined) return cached;
    const t = this.fb.table(this.tablePositions[index]!, "Tensor", index);
    const bufferIndex = t.u32(TensorField.buffer, 0, "buffer");
    if (bufferIndex >= this.buffersLength && bufferIndex !== 0) throw new ModelError("BAD_INDEX", `buffer index ${bufferIndex} out of range (${this.buffersLength} buffers)`, { table: "Tensor", index });
    const spec = readTensor(t, index, this.buffer(bufferIndex));
    if (this.decoded !== null) this.decoded[index] = spec;
    return spec;
  }

  /** Operator `index`, decoded from the model (a new object on each call). */
  operator(index: number): OperatorSpec {
    if (!(Number.isInteger(index) && index >= 0 && index < this.operatorCount)) throw new ModelError("BAD_INDEX", `operator index ${index} out of range`, { table: "Operator", index });
    return this.readOperator(this.fb.table(this.tablePositions[this.tensorCount + index]!, "Operator", index), index);
  }

  /** Every tensor, decoded anew (for tools; the runtime asks for tensor(i) one at a time). */
  get tensors(): readonly TensorSpec[] {
    return Array.from({ length: this.tensorCount }, (_, i) => this.tensor(i));
  }

  /** Every operator, decoded anew (for tools; the runtime asks for operator(i) one at a time). */
  get operators(): readonly OperatorSpec[] {
    return Array.from({ length: this.operatorCount }, (_, i) => this.operator(i));
  }

  /** The data of buffer `index`, a view into the model, or null when it has none. */
  private buffer(index: number): Uint8Array | null {
    if (index >= this.buffersLength) return null;
    const pos = this.buffersPos + 4 * index;
    return readBuffer(this.fb, this.fb.table(offsetTarget(this.fb, pos), "Buffer", index));
  }

  private opcode(index: number): OpCode {
    return readOperatorCode(this.fb.table(this.opcodePositions[index]!, "OperatorCode", index), index);
  }

  private checkTensorIndex(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.tensorCount)) throw new ModelError("BAD_INDEX", `tensor index ${index} out of range`, { table: "Tensor", index });
  }

  private checkIndex(v: number, table: string, index: number, field: string, optional: boolean): void {
    if (!(Number.isInteger(v) && ((optional && v === -1) || (v >= 0 && v < this.tensorCount)))) {
      throw new ModelError("BAD_INDEX", `tensor index ${v} out of range 0..${this.tensorCount - 1}`, { table, index, field });
    }
  }

  private readOperator(op: Table, i: number): OperatorSpec {
    const opcodeIndex = op.u32(OperatorField.opcodeIndex, 0, "opcode_index");
    if (opcodeIndex >= this.opcodePositions.length) throw new ModelError("BAD_INDEX", `opcode index ${opcodeIndex} out of range (${this.opcodePositions.length} op codes)`, { table: "Operator", index: i, field: "opcode_index" });
    const code = this.opcode(opcodeIndex);
    const inputs = op.i32Vector(OperatorField.inputs, "inputs") ?? [];
    const outputs = op.i32Vector(OperatorField.outputs, "outputs") ?? [];
    const intermediates = op.i32Vector(OperatorField.intermediates, "intermediates") ?? [];
    for (const v of inputs) this.checkIndex(v, "Operator", i, "inputs", true);
    for (const v of outputs) this.checkIndex(v, "Operator", i, "outputs", false);
    for (const v of intermediates) this.checkIndex(v, "Operator", i, "intermediates", false);
    const optionsType = op.u8(OperatorField.builtinOptionsType, 0, "builtin_options_type");
    const options = op.table(OperatorField.builtinOptions, "BuiltinOptions", i);
    let customOptions = op.bytesView(OperatorField.customOptions, "custom_options");
    const largeOffset = op.i64(OperatorField.largeCustomOptionsOffset, 0, "large_custom_options_offset");
    if (largeOffset > 1) {
      const size = op.i64(OperatorField.largeCustomOptionsSize, 0, "large_custom_options_size");
      this.fb.check(largeOffset, size, "large custom options");
      customOptions = this.bytes.subarray(largeOffset, largeOffset + size);
    }
    const { builtinCode, customCode, version, name } = code;
    return { index: i, builtinCode, customCode, version, name, inputs, outputs, intermediates, options, optionsType, customOptions };
  }
}

/** A TensorSpec whose fields are decoded from the model on each read (see Model.tensor). */
class ModelTensor implements TensorSpec {
  constructor(
    private readonly model: Model,
    readonly index: number,
  ) {}

  private get fields(): TensorSpec {
    return this.model.decodeTensor(this.index);
  }
  get name(): string {
    return this.fields.name;
  }
  get type(): number {
    return this.fields.type;
  }
  get shape(): readonly number[] {
    return this.fields.shape;
  }
  get elements(): number {
    return this.fields.elements;
  }
  get byteLength(): number {
    return this.fields.byteLength;
  }
  get data(): Uint8Array | null {
    return this.fields.data;
  }
  get quantization(): Quantization | null {
    return this.fields.quantization;
  }
  get isVariable(): boolean {
    return this.fields.isVariable;
  }
}

/** The target of the FlatBuffer offset stored at `pos` (bounds-checked where it is followed). */
function offsetTarget(fb: FlatBuffer, pos: number): number {
  return pos + fb.u32(pos);
}

interface OpCode {
  builtinCode: number;
  customCode: string | null;
  version: number;
  name: string;
}

function readOperatorCode(t: Table, i: number): OpCode {
  const deprecated = t.i8(OperatorCodeField.deprecatedBuiltinCode, 0, "deprecated_builtin_code");
  const extended = t.i32(OperatorCodeField.builtinCode, 0, "builtin_code");
  // Writers fill both fields; the larger one is the real code (the deprecated byte caps at 127).
  const builtinCode = Math.max(deprecated, extended);
  const version = t.i32(OperatorCodeField.version, 1, "version");
  if (builtinCode < 0 || version < 1) throw new ModelError("BAD_FORMAT", `op code ${builtinCode} version ${version} is invalid`, { table: "OperatorCode", index: i });
  const customCode = builtinCode === BuiltinOperator.CUSTOM ? (t.string(OperatorCodeField.customCode, "custom_code") ?? "") : null;
  return { builtinCode, customCode, version, name: customCode === null ? builtinOperatorName(builtinCode) : `CUSTOM:${customCode}` };
}

function readBuffer(fb: FlatBuffer, t: Table): Uint8Array | null {
  const data = t.bytesView(BufferField.data, "data");
  if (data !== null && data.length > 0) return data;
  const offset = t.i64(BufferField.offset, 0, "offset");
  if (offset > 1) {
    const size = t.i64(BufferField.size, 0, "size");
    fb.check(offset, size, `Buffer[${t.index}] data`);
    return fb.bytes.subarray(offset, offset + size);
  }
  return null;
}

function readTensor(t: Table, index: number, data: Uint8Array | null): TensorSpec {
  const where = { table: "Tensor", index };
  const name = t.string(TensorField.name, "name") ?? "";
  const type = t.i8(TensorField.type, 0, "type");
  const elemSize = tensorTypeSize(type);
  if (elemSize === 0) throw new ModelError("BAD_TYPE", `tensor '${name}' has type ${tensorTypeName(type)}, which this runtime does not handle`, where);
  const shape = t.i32Vector(TensorField.shape, "shape") ?? [];
  if (shape.length > MAX_RANK) throw new ModelError("BAD_SHAPE", `tensor '${name}' has rank ${shape.length} (at most ${MAX_RANK})`, where);
  let elements = 1;
  for (const d of shape) {
    if (d < 0) throw new ModelError("BAD_SHAPE", `tensor '${name}' has a negative dimension in [${shape.join(", ")}]`, where);
    elements *= d;
  }
  const byteLength = elements * elemSize;
  if (byteLength > MAX_TENSOR_BYTES) throw new ModelError("BAD_SHAPE", `tensor '${name}' of shape [${shape.join(", ")}] is absurdly large`, where);
  if (t.has(TensorField.sparsity)) throw new ModelError("UNSUPPORTED_MODEL", `tensor '${name}' is sparse; sparse tensors are not supported`, where);

  if (data !== null && data.length !== byteLength) {
    throw new ModelError("BAD_SHAPE", `tensor '${name}' of shape [${shape.join(", ")}] (${byteLength} bytes of ${tensorTypeName(type)}) has a ${data.length}-byte buffer`, where);
  }
  const isVariable = t.bool(TensorField.isVariable, false, "is_variable");

  let quantization: Quantization | null = null;
  const q = t.table(TensorField.quantization, "QuantizationParameters", index);
  if (q !== null) {
    const scale = q.f32Vector(QuantizationField.scale, "scale") ?? [];
    const zeroPoint = q.i64Vector(QuantizationField.zeroPoint, "zero_point") ?? [];
    const quantizedDimension = q.i32(QuantizationField.quantizedDimension, 0, "quantized_dimension");
    if (scale.length > 0) {
      const qwhere = { table: "Tensor", index, field: "quantization" };
      // Zero points: one per scale, or one for all (some converters write that), or none (all 0).
      if (zeroPoint.length !== scale.length && zeroPoint.length > 1) throw new ModelError("BAD_QUANTIZATION", `tensor '${name}' has ${scale.length} scales but ${zeroPoint.length} zero points`, qwhere);
      for (const s of scale) if (!Number.isFinite(s) || s < 0) throw new ModelError("BAD_QUANTIZATION", `tensor '${name}' has scale ${s}`, qwhere);
      // An int8 zero point outside int8 is meaningless (and the native kernels refuse such offsets).
      const zMax = type === TensorType.INT8 ? 127 : 0x7fffffff, zMin = type === TensorType.INT8 ? -128 : -0x7fffffff;
      for (const z of zeroPoint) if (!Number.isFinite(z) || z > zMax || z < zMin) throw new ModelError("BAD_QUANTIZATION", `tensor '${name}' has zero point ${z}`, qwhere);
      const zeroPoints = new Int32Array(scale.length).fill(zeroPoint[0] ?? 0);
      if (zeroPoint.length === scale.length) zeroPoints.set(zeroPoint);
      // quantized_dimension is not checked here: converters write stale values on tensors (biases)
      // whose per-channel scales the ops read by position; each op checks the count it needs.
      quantization = { scale: Float32Array.from(scale), zeroPoint: zeroPoints, quantizedDimension };
    }
  }
  return { index, name, type, shape, elements, byteLength, data, quantization, isVariable };
}
