/**
 * What an op is to the interpreter: a registration (name, code, highest version) whose prepare
 * step checks tensors, computes every per-layer constant once, asks for scratch memory, and
 * returns a bound invoke function once the arena exists. Nothing here allocates per invoke.
 */
import { ModelError, type ModelErrorCode } from "../errors";
import type { Kernels } from "../kernels/kernels";
import type { Table } from "../model/flatbuffer";
import type { Model, OperatorSpec, TensorSpec } from "../model/model";
import { tensorTypeName } from "../model/schema";

export interface OpRegistration {
  /** "CONV_2D", or "CUSTOM:<name>" for a custom op. */
  readonly name: string;
  /** BuiltinOperator code (CUSTOM for custom ops). */
  readonly builtinCode: number;
  /** For custom ops: the custom code string. */
  readonly customCode?: string;
  /** The highest op version this implementation handles (versions 1..maxVersion). */
  readonly maxVersion: number;
  /**
   * Prepare one operator: validate its tensors (types, shapes, quantization) with ctx.fail(...),
   * compute constants, request scratch. Runs once, at interpreter construction.
   */
  prepare(ctx: OpContext): PreparedOp;
}

export interface PreparedOp {
  /** Multiply-accumulates (or, for ops without MACs, element operations) per invoke. */
  readonly macs: number;
  /**
   * Called once, after the arena is laid out; returns the function that runs the op. Prefer a bound
   * kernel, `k.conv2dInt8.bind(null, p, x, w, b, y)`, to an arrow: on XS an arrow made here keeps
   * every variable that prepare's inner functions capture (its TensorSpecs too), a bound function
   * only its arguments.
   */
  bind(arena: ArenaBinding): () => void;
}

/** Typed views of tensors: constant ones view the model, the others the arena. */
export interface ArenaBinding {
  int8(t: TensorSpec): Int8Array;
  uint8(t: TensorSpec): Uint8Array;
  int16(t: TensorSpec): Int16Array;
  int32(t: TensorSpec): Int32Array;
  float32(t: TensorSpec): Float32Array;
  /** Raw bytes of any tensor. */
  bytes(t: TensorSpec): Uint8Array;
  /** A scratch buffer requested at prepare time (16-byte aligned in the arena). */
  scratch(id: number): Uint8Array;
  /** A persistent buffer requested at prepare time: kept across invokes, zeroed by reset(). */
  persistent(id: number): Uint8Array;
}

export class OpContext {
  readonly scratchSizes: number[] = [];
  readonly persistentSizes: number[] = [];
  /** This op's constants in the compiled plan the interpreter runs (null: the plan keeps none), or undefined without a plan. */
  compiledConstants: Int32Array | null | undefined = undefined;
  /** What the op gave constants(), for `tinyml compile` (null: it keeps none). */
  packed: Int32Array | null = null;

  constructor(
    readonly model: Model,
    readonly op: OperatorSpec,
    readonly kernels: Kernels,
  ) {}

  get options(): Table | null {
    return this.op.options;
  }
  get version(): number {
    return this.op.version;
  }
  get inputCount(): number {
    return this.op.inputs.length;
  }
  get outputCount(): number {
    return this.op.outputs.length;
  }

  /** A ModelError naming this operator. */
  fail(code: ModelErrorCode, message: string): never {
    throw new ModelError(code, `${this.op.name}: ${message}`, { table: "Operator", index: this.op.index });
  }

  /** Input i; fails when the op has no such input or it is omitted (-1). */
  input(i: number): TensorSpec {
    const index = this.op.inputs[i];
    if (index === undefined || index < 0) this.fail("BAD_FORMAT", `input ${i} is missing (the op has ${this.op.inputs.length} inputs)`);
    return this.model.tensor(index);
  }
  /** Input i, or null when absent or omitted. */
  optionalInput(i: number): TensorSpec | null {
    const index = this.op.inputs[i];
    return index === undefined || index < 0 ? null : this.model.tensor(index);
  }
  output(i: number): TensorSpec {
    const index = this.op.outputs[i];
    if (index === undefined) this.fail("BAD_FORMAT", `output ${i} is missing (the op has ${this.op.outputs.length} outputs)`);
    return this.model.tensor(index);
  }

  /** Fails unless the op has between min and max inputs and exactly `outputs` outputs. */
  expectCounts(minInputs: number, maxInputs: number, outputs: number): void {
    const n = this.op.inputs.length;
    if (n < minInputs || n > maxInputs) this.fail("BAD_FORMAT", `expects ${minInputs === maxInputs ? minInputs : `${minInputs}..${maxInputs}`} inputs, has ${n}`);
    if (this.op.outputs.length !== outputs) this.fail("BAD_FORMAT", `expects ${outputs} output(s), has ${this.op.outputs.length}`);
  }

  /** Fails unless the tensor has one of the given types (TensorType codes). */
  expectType(t: TensorSpec, what: string, ...types: number[]): void {
    if (!types.includes(t.type)) this.fail("BAD_TYPE", `${what} '${t.name}' has an unsupported type (${tensorTypeName(t.type)})`);
  }

  /** Fails unless the tensor is constant (its data is in the model). */
  expectConstant(t: TensorSpec, what: string): Uint8Array {
    if (t.data === null) this.fail("BAD_FORMAT", `${what} '${t.name}' must be a constant tensor`);
    return t.data;
  }

  /** Per-tensor quantization (scale, zero point), failing when absent. */
  quant(t: TensorSpec, what: string): { scale: number; zeroPoint: number } {
    const q = t.quantization;
    if (q === null || q.scale.length === 0) this.fail("BAD_QUANTIZATION", `${what} '${t.name}' is not quantized`);
    return { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0]! };
  }

  /**
   * The op's packed constants as its kernel will read them; call once, after filling p. With a
   * compiled plan (src/plan/compiled_plan.ts): the plan's copy, in flash when the plan is a
   * Resource, once every value is checked equal to p's (so p can be collected); else p itself.
   */
  constants(p: Int32Array): Int32Array {
    this.packed = p;
    const c = this.compiledConstants;
    if (c === undefined) return p;
    let same = c !== null && c.length === p.length;
    for (let i = 0; same && i < p.length; i++) same = c![i] === p[i];
    if (!same) throw new ModelError("BAD_FORMAT", `compiled plan: the constants of ${this.op.name} differ from what prepare computes (a plan for another model or runtime version?)`, { table: "Operator", index: this.op.index });
    return c!;
  }

  /** Asks for a scratch buffer of the given bytes, live only while this op runs. Returns its id. */
  requestScratch(bytes: number): number {
    this.scratchSizes.push(Math.max(0, Math.ceil(bytes)));
    return this.scratchSizes.length - 1;
  }

  /** requestScratch for a kernel's work buffer that may be empty: -1 (no buffer) for 0 bytes. */
  requestKernelScratch(bytes: number): number {
    return bytes > 0 ? this.requestScratch(bytes) : -1;
  }

  /** Asks for a buffer kept across invokes (op state), zeroed at reset. Returns its id. */
  requestPersistent(bytes: number): number {
    this.persistentSizes.push(Math.max(0, Math.ceil(bytes)));
    return this.persistentSizes.length - 1;
  }
}

/** Reads an int option with a default when the op carries no options table. */
export function optInt(t: Table | null, id: number, def: number): number {
  return t === null ? def : t.i32(id, def);
}
export function optByte(t: Table | null, id: number, def: number): number {
  return t === null ? def : t.i8(id, def);
}
export function optBool(t: Table | null, id: number, def: boolean): boolean {
  return t === null ? def : t.bool(id, def);
}
export function optFloat(t: Table | null, id: number, def: number): number {
  return t === null ? def : t.f32(id, def);
}

/** Product of a shape's dimensions. */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Shapes equal dimension by dimension. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
