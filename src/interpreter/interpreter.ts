/**
 * Interpreter: prepares every op of a model once (constants packed, scratch requested), plans one
 * arena for all non-constant tensors, binds each op to its tensors' views, and then runs the ops
 * in order on invoke() without allocating.
 */
import { ModelError, TinyMLArgumentError, type UnsupportedOp, UnsupportedOpsError } from "../errors";
import { rememberBytes } from "../kernels/byte_views";
import type { Kernels } from "../kernels/kernels";
import { hostMaxArenaBytes } from "../kernels/native/host";
import { nativeKernels } from "../kernels/native/index";
import { portableKernels } from "../kernels/portable/index";
import type { Model, TensorSpec } from "../model/model";
import { TensorType } from "../model/schema";
import { OpContext, type PreparedOp } from "../ops/op";
import { defaultResolver, type OpResolver } from "../ops/resolver";
import { BoundGraph, RunsBoundGraph } from "./bound_graph";
import { BUFFER_FIELDS, type BufferRequest, type MemoryPlan, planMemory } from "./planner";
import { type TensorData, TensorView } from "./tensor_view";

export interface InterpreterOptions {
  /**
   * Which kernels run: "auto" (default: the host's native kernels where it has them, TypeScript
   * for the rest), "portable" (TypeScript only), "native" (like auto, but fails when the host has
   * no native kernels), or an object of kernels (any missing one falls back to TypeScript).
   */
  kernels?: KernelChoice;
  /** Ops this interpreter may run (default: every op tinyml-xs implements). */
  resolver?: OpResolver;
  /** Record per-op time on every invoke (see `profile`). */
  profile?: boolean;
  /** Clock for profiling, in milliseconds (default: performance.now when present, else Date.now). */
  clock?: () => number;
  /**
   * Refuse models whose arena would exceed this many bytes (a ModelError TOO_LARGE). Default: the
   * host's (64 MiB on Node and in the simulator, 512 KiB on a Moddable device); `Infinity` lifts it.
   */
  maxArenaBytes?: number;
  /**
   * An ahead-of-time plan of this model (`tinyml compile`, read with CompiledPlan.from from
   * tinyml-xs/plan, in place from a Resource on a device), cross-checked: every op is still
   * prepared, the plan's arena layout and packed constants must equal what prepare computes
   * (ModelError BAD_FORMAT when the plan is not this model's for these kernels), and the ops then
   * read their constants from it. To boot without the model's walk and prepare: CompiledInterpreter.load.
   */
  compiled?: CrossCheckedPlan;
}

/**
 * What the Interpreter asks of a compiled plan it cross-checks (CompiledPlan, src/plan/compiled_plan.ts,
 * which an app without plans does not carry).
 */
export interface CrossCheckedPlan {
  readonly opCount: number;
  /** Op `op`'s packed constants, or null where the plan keeps none. */
  constants(op: number): Int32Array | null;
  /** Fails (BAD_FORMAT) unless the plan was compiled for these model bytes and these kernels (`portable`: the TypeScript ones). */
  checkForKernels(model: Uint8Array, portable: boolean): void;
  /**
   * The plan's arena layout, checked (BAD_FORMAT) to place exactly the buffers prepare asks for:
   * `requests` in order, `kinds` three numbers per request (buffer kind, id, op), as BUFFER_FIELDS keeps them.
   */
  layoutFor(requests: readonly BufferRequest[], kinds: readonly number[]): MemoryPlan;
}

export type KernelChoice = "auto" | "portable" | "native" | Partial<Kernels>;

// The host's kernels, made once at run time and shared by every interpreter (a kernel set with
// its native wrappers costs a few KB of XS heap). Not made while XS preloads this module: they
// are looked up when first asked for.
let hostKernels: { kernels: Kernels; natives: number } | null = null;

/** The kernel set for a choice: the portable kernels overlaid with the chosen ones. */
export function selectKernels(choice: KernelChoice = "auto"): Kernels {
  if (choice === "portable") return portableKernels;
  if (choice === "auto" || choice === "native") {
    if (hostKernels === null) {
      const natives = nativeKernels();
      // The portable kernels as the prototype: only the native ones are own properties (defined,
      // not assigned: the frozen prototype's properties are read-only).
      const kernels = Object.create(portableKernels) as Kernels;
      const names = Object.keys(natives) as (keyof Kernels)[];
      for (const name of names) Object.defineProperty(kernels, name, { value: natives[name], enumerable: true });
      hostKernels = { kernels, natives: names.length };
    }
    if (choice === "native" && hostKernels.natives === 0) throw new TinyMLArgumentError("kernels: \"native\" was asked for, but this host provides no native kernels");
    return hostKernels.kernels;
  }
  return { ...portableKernels, ...choice };
}

export interface OpProfile {
  index: number;
  op: string;
  macs: number;
  /** Milliseconds spent in this op during the last invoke (profiling on), else 0. */
  ms: number;
}

export interface Plan {
  /** Bytes of the one arena that holds every non-constant tensor, scratch and op state buffer. */
  arenaBytes: number;
  /** Multiply-accumulates per invoke, all ops together. */
  macs: number;
  ops: { index: number; op: string; version: number; macs: number }[];
  /** Offset in the arena of each non-constant tensor (by tensor index; -1 for constants). */
  tensorOffsets: number[];
  /** The buffers the planner placed (tensors, then scratch, then persistent), for inspection and tests. */
  buffers: (BufferRequest & { offset: number; kind: "tensor" | "scratch" | "persistent"; id: number })[];
}

/** Buffer kinds, as stored in PlanTable.buffers. */
const KINDS = ["tensor", "scratch", "persistent"] as const;
export const TENSOR = 0, SCRATCH = 1, PERSISTENT = 2;

/** A plan in compact form: what the Interpreter constructor lays the arena out from; planOf makes the Plan object. */
export interface PlanTable {
  arenaBytes: number;
  /** MACs of each op. */
  macs: Float64Array;
  /** BUFFER_FIELDS int32 per buffer, in planner request order (tensors, then scratch and persistent by op). */
  buffers: Int32Array;
  /** Arena offset of each tensor (-1: constant or unused). */
  tensorOffsets: Int32Array;
}

export interface Analysis {
  prepared: PreparedOp[];
  table: PlanTable;
  /** Each op's packed constants (OpContext.constants), null for the ops that keep none there. */
  constants: (Int32Array | null)[];
}

function badPlan(message: string): never {
  throw new ModelError("BAD_FORMAT", `compiled plan: ${message} (a plan for another model, kernel set or runtime version?)`, { table: "CompiledPlan" });
}

/** The arena, within the limit (the host's by default); a failed allocation is a ModelError TOO_LARGE too. */
export function allocateArena(bytes: number, maxArenaBytes: number = hostMaxArenaBytes()): ArrayBuffer {
  if (typeof maxArenaBytes !== "number" || !(maxArenaBytes >= 0)) throw new TinyMLArgumentError(`maxArenaBytes must be a number >= 0 (or Infinity); got ${String(maxArenaBytes)}`);
  if (bytes > maxArenaBytes) throw new ModelError("TOO_LARGE", `the model needs a ${bytes}-byte arena; the limit is ${maxArenaBytes} (option maxArenaBytes)`);
  try {
    return new ArrayBuffer(bytes);
  } catch {
    throw new ModelError("TOO_LARGE", `the model needs a ${bytes}-byte arena, which this host could not allocate`);
  }
}

/** The default profiling clock: performance.now where the host has it, else Date.now. */
export function defaultClock(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf !== undefined ? perf.now() : Date.now();
}

/**
 * The reason an operator was refused, without what differs from one operator to the next (the op
 * name, tensor names, the operator index), so that refusals group by reason: "CODE: message".
 */
function refusalReason(e: ModelError, opName: string): string {
  let reason = e.message;
  const prefix = `${e.code}: ${opName}: `;
  if (reason.startsWith(prefix)) reason = `${e.code}: ${reason.slice(prefix.length)}`;
  return withoutQuotedNames(withoutOperatorSuffix(reason));
}

/** `message` without a trailing " (Operator[N])". String operations, no regular expression: the Lua build has none. */
function withoutOperatorSuffix(message: string): string {
  let at = -1;
  for (let i = message.indexOf(" (Operator["); i >= 0; i = message.indexOf(" (Operator[", i + 1)) at = i;
  if (at < 0 || !message.endsWith("])")) return message;
  const digits = message.slice(at + 11, -2);
  for (let i = 0; i < digits.length; i++) if (digits[i]! < "0" || digits[i]! > "9") return message;
  return digits.length > 0 ? message.slice(0, at) : message;
}

/** `message` without every " 'name'" in it, left to right (a space, then a quoted name). */
function withoutQuotedNames(message: string): string {
  let s = message;
  for (let at = s.indexOf(" '"); at >= 0; at = s.indexOf(" '", at)) {
    const end = s.indexOf("'", at + 2);
    if (end < 0) break;
    s = s.slice(0, at) + s.slice(end + 1);
  }
  return s;
}

/** Prepares every op and plans the arena. Throws UnsupportedOpsError listing every op it cannot run. */
export function analyze(model: Model, kernels: Kernels, resolver: OpResolver, compiled?: CrossCheckedPlan): Analysis {
  return model.withDecodedTensors(() => prepareAndPlan(model, kernels, resolver, compiled));
}

function prepareAndPlan(model: Model, kernels: Kernels, resolver: OpResolver, compiled?: CrossCheckedPlan): Analysis {
  const unsupported: UnsupportedOp[] = [];
  const prepared: PreparedOp[] = [];
  const contexts: OpContext[] = [];
  const groups = new Map<string, UnsupportedOp>();
  const note = (operator: number, op: string, version: number, reason: string, detail = reason) => {
    const key = `${op}@${version}:${reason}`;
    const group = groups.get(key);
    if (group !== undefined) {
      group.operators.push(operator);
      group.details.push(detail);
    } else {
      const entry = { operator, operators: [operator], details: [detail], op, version, reason };
      groups.set(key, entry);
      unsupported.push(entry);
    }
  };
  const n = model.operatorCount;
  const last = Math.max(0, n - 1);
  if (compiled !== undefined && compiled.opCount !== n) badPlan(`it has ${compiled.opCount} ops, the model ${n}`);
  // Tensor lifetimes: the first and last op that touch each tensor.
  const first = new Int32Array(model.tensorCount).fill(0x7fffffff);
  const lastUse = new Int32Array(model.tensorCount).fill(-1);
  const touch = (t: number, i: number) => {
    if (t < 0) return;
    if (i < first[t]!) first[t] = i;
    if (i > lastUse[t]!) lastUse[t] = i;
  };
  for (const t of model.inputs) touch(t, 0);
  for (let i = 0; i < n; i++) {
    const op = model.operator(i);
    for (const t of op.inputs) touch(t, i);
    for (const t of op.outputs) touch(t, i);
    for (const t of op.intermediates) touch(t, i);
    const reg = resolver.find(op.builtinCode, op.customCode);
    if (reg === undefined) {
      note(op.index, op.name, op.version, "not implemented");
      continue;
    }
    if (op.version > reg.maxVersion) {
      note(op.index, op.name, op.version, `versions up to ${reg.maxVersion} are supported`);
      continue;
    }
    const ctx = new OpContext(model, op, kernels);
    if (compiled !== undefined) ctx.compiledConstants = compiled.constants(i);
    try {
      prepared.push(reg.prepare(ctx));
      contexts.push(ctx);
      if (ctx.compiledConstants != null && ctx.packed === null) badPlan(`it has constants for ${op.name} (operator ${i}), which keeps none`);
    } catch (e) {
      // (No `continue` in here: typescript-to-lua cannot jump out of a catch block.)
      if (e instanceof ModelError && (e.code === "BAD_TYPE" || e.code === "UNSUPPORTED_OP")) {
        note(op.index, op.name, op.version, refusalReason(e, op.name), e.message);
      } else if (unsupported.length === 0) {
        if (e instanceof ModelError) throw e;
        throw new ModelError("BAD_FORMAT", `${op.name}: ${(e as Error)?.message ?? String(e)}`, { table: "Operator", index: op.index });
      } // else an op after a refused one may fail as its consequence: report the refusals
    }
  }
  if (unsupported.length > 0) throw new UnsupportedOpsError(unsupported);
  for (const t of model.outputs) touch(t, last);

  const requests: BufferRequest[] = [];
  const kinds: number[] = [];
  const add = (request: BufferRequest, kind: number, id: number, op: number) => {
    requests.push(request);
    kinds.push(kind, id, op);
  };
  for (let index = 0; index < model.tensorCount; index++) {
    if (lastUse[index]! < 0) continue;
    const t = model.tensor(index);
    if (t.data !== null) continue;
    const whole = t.isVariable;
    add({ size: t.byteLength, first: whole ? 0 : first[index]!, last: whole ? last : lastUse[index]! }, TENSOR, index, -1);
  }
  contexts.forEach((ctx, i) => {
    ctx.scratchSizes.forEach((size, id) => add({ size, first: i, last: i }, SCRATCH, id, i));
    ctx.persistentSizes.forEach((size, id) => add({ size, first: 0, last }, PERSISTENT, id, i));
  });
  const memory = compiled === undefined ? planMemory(requests) : compiled.layoutFor(requests, kinds);
  const buffers = new Int32Array(BUFFER_FIELDS * requests.length);
  const tensorOffsets = new Int32Array(model.tensorCount).fill(-1);
  requests.forEach((r, i) => {
    const offset = memory.offsets[i]!;
    buffers.set([r.size, r.first, r.last, offset, kinds[3 * i]!, kinds[3 * i + 1]!, kinds[3 * i + 2]!], BUFFER_FIELDS * i);
    if (kinds[3 * i] === TENSOR) tensorOffsets[kinds[3 * i + 1]!] = offset;
  });
  const macs = Float64Array.from(prepared, (p) => p.macs);
  return { prepared, table: { arenaBytes: memory.arenaBytes, macs, buffers, tensorOffsets }, constants: contexts.map((c) => c.packed) };
}

/** The Plan object of a plan table (op names and versions decoded from the model). */
function planOf(model: Model, table: PlanTable): Plan {
  const ops = Array.from(table.macs, (macs, i) => {
    const op = model.operator(i);
    return { index: op.index, op: op.name, version: op.version, macs };
  });
  const buffers: Plan["buffers"] = [];
  const b = table.buffers;
  for (let i = 0; i < b.length; i += BUFFER_FIELDS) {
    buffers.push({ size: b[i]!, first: b[i + 1]!, last: b[i + 2]!, offset: b[i + 3]!, kind: KINDS[b[i + 4]!]!, id: b[i + 5]! });
  }
  return {
    arenaBytes: table.arenaBytes,
    macs: ops.reduce((s, o) => s + o.macs, 0),
    ops,
    tensorOffsets: Array.from(table.tensorOffsets),
    buffers,
  };
}

/** The typed view of a tensor's bytes for its type (the bytes themselves for byte-sized and raw types). */
export function typedView(type: number, b: Uint8Array): TensorData {
  const buffer = b.buffer as ArrayBuffer, byteOffset = b.byteOffset, byteLength = b.byteLength;
  switch (type) {
    case TensorType.INT8: return new Int8Array(buffer, byteOffset, byteLength);
    case TensorType.INT16: return new Int16Array(buffer, byteOffset, byteLength >> 1);
    case TensorType.UINT16: return new Uint16Array(buffer, byteOffset, byteLength >> 1);
    case TensorType.INT32: return new Int32Array(buffer, byteOffset, byteLength >> 2);
    case TensorType.UINT32: return new Uint32Array(buffer, byteOffset, byteLength >> 2);
    case TensorType.FLOAT32: return new Float32Array(buffer, byteOffset, byteLength >> 2);
    case TensorType.FLOAT64: return new Float64Array(buffer, byteOffset, byteLength >> 3);
    default: return b; // uint8, bool, int64 and others: raw bytes
  }
}

/** The byte a variable tensor starts from (as TFLM resets them): an int8 tensor's zero point, else 0. */
export function variableResetByte(t: TensorSpec): number {
  return t.type === TensorType.INT8 && t.quantization !== null && t.quantization.zeroPoint.length > 0 ? t.quantization.zeroPoint[0]! & 0xff : 0;
}

function elementSize(type: number): number {
  switch (type) {
    case TensorType.INT16: case TensorType.UINT16: case TensorType.FLOAT16: return 2;
    case TensorType.INT32: case TensorType.UINT32: case TensorType.FLOAT32: return 4;
    case TensorType.INT64: case TensorType.FLOAT64: case TensorType.UINT64: return 8;
    default: return 1;
  }
}

/** What invoke() and reset() need: each op bound to its tensors' views in the arena, the graph's inputs and outputs, the state to clear. */
export interface BoundOps {
  persistent: Uint8Array[];
  variables: { bytes: Uint8Array; fill: number }[];
  runs: (() => void)[];
  inputs: TensorView[];
  outputs: TensorView[];
}

/** Binds every prepared op to views of its tensors: constants in the model, the others in the arena. */
export function bindOps(model: Model, kernels: Kernels, a: Analysis, arena: ArrayBuffer): BoundOps {
  const table = a.table;
  const scratch: Uint8Array[][] = a.prepared.map(() => []);
  const persistent: Uint8Array[][] = a.prepared.map(() => []);
  const b = table.buffers;
  for (let i = 0; i < b.length; i += BUFFER_FIELDS) {
    const kind = b[i + 4]!;
    if (kind === TENSOR) continue;
    const view = new Uint8Array(arena, b[i + 3]!, b[i]!);
    (kind === SCRATCH ? scratch : persistent)[b[i + 6]!]![b[i + 5]!] = view;
  }
  const persistentFlat = persistent.flat();
  // Views of tensors, made once here. Only the graph's inputs and outputs keep a TensorView (a
  // few dozen XS slots each); ops keep just the typed arrays they were bound to.
  const bytesOf: (Uint8Array | undefined)[] = new Array(model.tensorCount);
  const dataOf: (TensorData | undefined)[] = new Array(model.tensorCount);
  const mayRunNatives = kernels !== portableKernels;
  // A new view of the tensor's memory: constants in the model, the others in the arena.
  const viewBytes = (t: TensorSpec): Uint8Array => {
    const constant = t.data;
    if (constant !== null) {
      // Typed views need aligned offsets; an unaligned constant (rare: converters align buffers) is copied once.
      return constant.byteOffset % elementSize(t.type) !== 0 ? constant.slice() : constant;
    }
    const offset = table.tensorOffsets[t.index]!;
    return offset < 0 ? new Uint8Array(t.byteLength) : new Uint8Array(arena, offset, t.byteLength);
  };
  // Each view is made once, and only when an op asks for it (most ops want the typed one only).
  const bytes = (t: TensorSpec): Uint8Array => {
    let b = bytesOf[t.index];
    if (b === undefined) {
      const d = dataOf[t.index];
      b = d instanceof Uint8Array ? d : viewBytes(t);
      bytesOf[t.index] = b;
    }
    return b;
  };
  const data = (t: TensorSpec): TensorData => {
    let d = dataOf[t.index];
    if (d === undefined) {
      const b = bytesOf[t.index] ?? viewBytes(t);
      d = typedView(t.type, b);
      // Native kernels take wide arrays as their bytes: the byte view is this one, made now.
      if (mayRunNatives && (d instanceof Int32Array || d instanceof Int16Array || d instanceof Uint32Array)) rememberBytes(d, b);
      dataOf[t.index] = d;
    }
    return d;
  };
  const variables: { bytes: Uint8Array; fill: number }[] = [];
  for (let i = 0; i < model.tensorCount; i++) {
    const t = model.tensor(i);
    if (t.isVariable && t.data === null) variables.push({ bytes: bytes(t), fill: variableResetByte(t) });
  }
  for (const v of variables) v.bytes.fill(v.fill);
  const typed = <T extends TensorData>(ctor: abstract new (...args: never[]) => T, what: string) => (t: TensorSpec): T => {
    const d = data(t);
    if (!(d instanceof ctor)) throw new ModelError("BAD_TYPE", `tensor '${t.name}' is not ${what}`, { table: "Tensor", index: t.index });
    return d;
  };
  const binding = {
    int8: typed(Int8Array, "int8"),
    uint8: typed(Uint8Array, "uint8"),
    int16: typed(Int16Array, "int16"),
    int32: typed(Int32Array, "int32"),
    float32: typed(Float32Array, "float32"),
    bytes,
  };
  const runs = a.prepared.map((p, i) =>
    p.bind({
      ...binding,
      scratch: (id) => scratch[i]![id]!,
      persistent: (id) => persistent[i]![id]!,
    }),
  );
  const view = (index: number) => {
    const t = model.tensor(index);
    return new TensorView(t, data(t), bytes(t));
  };
  const inputs = model.inputs.map(view);
  const outputs = model.outputs.map(view);
  return { persistent: persistentFlat, variables, runs, inputs, outputs };
}

export class Interpreter extends RunsBoundGraph {
  readonly model: Model;
  /** Exact bytes of the arena (see Plan.arenaBytes). */
  readonly arenaBytes: number;
  readonly arena: ArrayBuffer;
  private readonly kernels: Kernels;
  private readonly resolver: OpResolver;
  private readonly compiled: CrossCheckedPlan | undefined;
  /** MACs of each op (the rest of the plan is made again when asked: see `plan`). */
  private readonly macs: Float64Array;
  protected readonly graph: BoundGraph;
  private readonly persistent: Uint8Array[];
  private readonly variables: { bytes: Uint8Array; fill: number }[];

  /** Prepares and plans without allocating the arena: the arena bytes and MACs a model needs. */
  static plan(model: Model, options: InterpreterOptions = {}): Plan {
    return planOf(model, analyze(model, selectKernels(options.kernels), options.resolver ?? defaultResolver, options.compiled).table);
  }

  constructor(model: Model, options: InterpreterOptions = {}) {
    super();
    this.model = model;
    const kernels = selectKernels(options.kernels);
    const resolver = options.resolver ?? defaultResolver;
    const compiled = options.compiled;
    if (compiled !== undefined && (typeof compiled !== "object" || compiled === null || typeof compiled.layoutFor !== "function")) throw new TinyMLArgumentError("compiled must be a CompiledPlan (CompiledPlan.from(bytes))");
    compiled?.checkForKernels(model.bytes, kernels === portableKernels);
    // Tensors are decoded once for preparing, planning and binding together (Model.withDecodedTensors).
    const { a, arena, bound } = model.withDecodedTensors(() => {
      const a = analyze(model, kernels, resolver, compiled);
      const arena = allocateArena(a.table.arenaBytes, options.maxArenaBytes);
      return { a, arena, bound: bindOps(model, kernels, a, arena) };
    });
    const table = a.table;
    this.kernels = kernels;
    this.resolver = resolver;
    this.compiled = compiled;
    this.macs = table.macs;
    this.arenaBytes = table.arenaBytes;
    this.arena = arena;
    this.persistent = bound.persistent;
    this.variables = bound.variables;
    this.graph = new BoundGraph(bound.inputs, bound.outputs, bound.runs, options.profile === true ? (options.clock ?? defaultClock) : null);
  }

  /** Clears op state and variable tensors (stateful models start over). */
  reset(): void {
    for (const b of this.persistent) b.fill(0);
    for (const v of this.variables) v.bytes.fill(v.fill);
  }

  /**
   * The plan this interpreter runs. Made again on each call (the ops are prepared anew, which gives
   * the same plan): an interpreter keeps only what invoke() needs.
   */
  get plan(): Plan {
    return planOf(this.model, analyze(this.model, this.kernels, this.resolver, this.compiled).table);
  }

  /** Per-op MACs and, with profiling on, the time of each op in the last invoke. */
  get profile(): OpProfile[] {
    return Array.from(this.macs, (macs, i) => ({ index: i, op: this.model.operator(i).name, macs, ms: this.graph.time(i) }));
  }
}
