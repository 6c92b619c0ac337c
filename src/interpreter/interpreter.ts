/**
 * Interpreter: prepares every op of a model once (constants packed, scratch requested), plans one
 * arena for all non-constant tensors, binds each op to its tensors' views, and then runs the ops
 * in order on invoke() without allocating.
 */
import { ModelError, TinyMLArgumentError, type UnsupportedOp, UnsupportedOpsError } from "../errors";
import type { Kernels } from "../kernels/kernels";
import { nativeKernels } from "../kernels/native/index";
import { portableKernels } from "../kernels/portable/index";
import type { Model, TensorSpec } from "../model/model";
import { TensorType } from "../model/schema";
import { OpContext, type PreparedOp } from "../ops/op";
import { defaultResolver, type OpResolver } from "../ops/resolver";
import { type BufferRequest, type MemoryPlan, planMemory } from "./planner";
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
  /** Refuse models whose arena would exceed this many bytes (a ModelError TOO_LARGE). */
  maxArenaBytes?: number;
}

export type KernelChoice = "auto" | "portable" | "native" | Partial<Kernels>;

/** The kernel set for a choice: the portable kernels overlaid with the chosen ones. */
export function selectKernels(choice: KernelChoice = "auto"): Kernels {
  if (choice === "portable") return portableKernels;
  if (choice === "auto" || choice === "native") {
    const natives = nativeKernels();
    if (choice === "native" && Object.keys(natives).length === 0) throw new TinyMLArgumentError("kernels: \"native\" was asked for, but this host provides no native kernels");
    return { ...portableKernels, ...natives };
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

interface Analysis {
  prepared: PreparedOp[];
  contexts: OpContext[];
  requests: BufferRequest[];
  kinds: { kind: "tensor" | "scratch" | "persistent"; id: number; op: number }[];
  memory: MemoryPlan;
  plan: Plan;
}

function defaultClock(): () => number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf !== undefined ? () => perf.now() : () => Date.now();
}

/**
 * The reason an operator was refused, without what differs from one operator to the next (the op
 * name, tensor names, the operator index), so that refusals group by reason: "CODE: message".
 */
function refusalReason(e: ModelError, opName: string): string {
  let reason = e.message;
  const prefix = `${e.code}: ${opName}: `;
  if (reason.startsWith(prefix)) reason = `${e.code}: ${reason.slice(prefix.length)}`;
  return reason.replace(/ \(Operator\[\d+\]\)$/, "").replace(/ '[^']*'/g, "");
}

/** Prepares every op and plans the arena. Throws UnsupportedOpsError listing every op it cannot run. */
function analyze(model: Model, kernels: Kernels, resolver: OpResolver): Analysis {
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
  for (const op of model.operators) {
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
    try {
      prepared.push(reg.prepare(ctx));
      contexts.push(ctx);
    } catch (e) {
      if (e instanceof ModelError && (e.code === "BAD_TYPE" || e.code === "UNSUPPORTED_OP")) {
        note(op.index, op.name, op.version, refusalReason(e, op.name), e.message);
        continue;
      }
      if (e instanceof ModelError || unsupported.length > 0) {
        if (unsupported.length > 0) continue; // an op after a refused one may fail as its consequence: report the refusals
        throw e;
      }
      throw new ModelError("BAD_FORMAT", `${op.name}: ${(e as Error)?.message ?? String(e)}`, { table: "Operator", index: op.index });
    }
  }
  if (unsupported.length > 0) throw new UnsupportedOpsError(unsupported);

  const n = model.operators.length;
  const last = Math.max(0, n - 1);
  const first = new Array<number>(model.tensors.length).fill(Infinity);
  const lastUse = new Array<number>(model.tensors.length).fill(-1);
  const touch = (t: number, i: number) => {
    if (t < 0) return;
    first[t] = Math.min(first[t]!, i);
    lastUse[t] = Math.max(lastUse[t]!, i);
  };
  for (const t of model.inputs) touch(t, 0);
  model.operators.forEach((op, i) => {
    for (const t of op.inputs) touch(t, i);
    for (const t of op.outputs) touch(t, i);
    for (const t of op.intermediates) touch(t, i);
  });
  for (const t of model.outputs) touch(t, last);

  const requests: BufferRequest[] = [];
  const kinds: Analysis["kinds"] = [];
  for (const t of model.tensors) {
    if (t.data !== null || lastUse[t.index]! < 0) continue;
    const whole = t.isVariable;
    requests.push({ size: t.byteLength, first: whole ? 0 : first[t.index]!, last: whole ? last : lastUse[t.index]! });
    kinds.push({ kind: "tensor", id: t.index, op: -1 });
  }
  contexts.forEach((ctx, i) => {
    ctx.scratchSizes.forEach((size, id) => {
      requests.push({ size, first: i, last: i });
      kinds.push({ kind: "scratch", id, op: i });
    });
    ctx.persistentSizes.forEach((size, id) => {
      requests.push({ size, first: 0, last });
      kinds.push({ kind: "persistent", id, op: i });
    });
  });
  const memory = planMemory(requests);
  const tensorOffsets = new Array<number>(model.tensors.length).fill(-1);
  kinds.forEach((k, i) => {
    if (k.kind === "tensor") tensorOffsets[k.id] = memory.offsets[i]!;
  });
  const ops = model.operators.map((op, i) => ({ index: op.index, op: op.name, version: op.version, macs: prepared[i]!.macs }));
  const plan: Plan = {
    arenaBytes: memory.arenaBytes,
    macs: ops.reduce((s, o) => s + o.macs, 0),
    ops,
    tensorOffsets,
    buffers: requests.map((r, i) => ({ ...r, offset: memory.offsets[i]!, kind: kinds[i]!.kind, id: kinds[i]!.id })),
  };
  return { prepared, contexts, requests, kinds, memory, plan };
}

function typedView(type: number, buffer: ArrayBuffer, byteOffset: number, byteLength: number): TensorData {
  switch (type) {
    case TensorType.INT8: return new Int8Array(buffer, byteOffset, byteLength);
    case TensorType.UINT8: case TensorType.BOOL: return new Uint8Array(buffer, byteOffset, byteLength);
    case TensorType.INT16: return new Int16Array(buffer, byteOffset, byteLength >> 1);
    case TensorType.UINT16: return new Uint16Array(buffer, byteOffset, byteLength >> 1);
    case TensorType.INT32: return new Int32Array(buffer, byteOffset, byteLength >> 2);
    case TensorType.UINT32: return new Uint32Array(buffer, byteOffset, byteLength >> 2);
    case TensorType.FLOAT32: return new Float32Array(buffer, byteOffset, byteLength >> 2);
    case TensorType.FLOAT64: return new Float64Array(buffer, byteOffset, byteLength >> 3);
    default: return new Uint8Array(buffer, byteOffset, byteLength); // int64 and others: raw bytes
  }
}

/** The byte a variable tensor starts from (as TFLM resets them): an int8 tensor's zero point, else 0. */
function variableResetByte(t: TensorSpec): number {
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

export class Interpreter {
  readonly model: Model;
  /** Exact bytes of the arena (see Plan.arenaBytes). */
  readonly arenaBytes: number;
  readonly arena: ArrayBuffer;
  readonly plan: Plan;
  private readonly runs: (() => void)[];
  private readonly inputs: TensorView[];
  private readonly outputs: TensorView[];
  private readonly persistent: Uint8Array[];
  private readonly variables: { bytes: Uint8Array; fill: number }[];
  private readonly profiling: boolean;
  private readonly clock: () => number;
  private readonly times: Float64Array;

  /** Prepares and plans without allocating the arena: the arena bytes and MACs a model needs. */
  static plan(model: Model, options: InterpreterOptions = {}): Plan {
    return analyze(model, selectKernels(options.kernels), options.resolver ?? defaultResolver).plan;
  }

  constructor(model: Model, options: InterpreterOptions = {}) {
    this.model = model;
    const kernels = selectKernels(options.kernels);
    const a = analyze(model, kernels, options.resolver ?? defaultResolver);
    this.plan = a.plan;
    this.arenaBytes = a.plan.arenaBytes;
    if (options.maxArenaBytes !== undefined && this.arenaBytes > options.maxArenaBytes) {
      throw new ModelError("TOO_LARGE", `the model needs a ${this.arenaBytes}-byte arena; the limit is ${options.maxArenaBytes}`);
    }
    this.arena = new ArrayBuffer(this.arenaBytes);
    this.profiling = options.profile === true;
    this.clock = options.clock ?? defaultClock();
    this.times = new Float64Array(model.operators.length);

    const arena = this.arena;
    const scratch: Uint8Array[][] = a.contexts.map(() => []);
    const persistent: Uint8Array[][] = a.contexts.map(() => []);
    a.kinds.forEach((k, i) => {
      const r = a.requests[i]!;
      const view = new Uint8Array(arena, a.memory.offsets[i]!, r.size);
      if (k.kind === "scratch") scratch[k.op]![k.id] = view;
      if (k.kind === "persistent") persistent[k.op]![k.id] = view;
    });
    this.persistent = persistent.flat();
    // Views of tensors, made once here. Only the graph's inputs and outputs keep a TensorView (a
    // few dozen XS slots each); ops keep just the typed arrays they were bound to.
    const bytesOf: (Uint8Array | undefined)[] = new Array(model.tensors.length);
    const dataOf: (TensorData | undefined)[] = new Array(model.tensors.length);
    const bytes = (t: TensorSpec): Uint8Array => {
      let b = bytesOf[t.index];
      if (b !== undefined) return b;
      if (t.data !== null) {
        b = t.data;
        // Typed views need aligned offsets; an unaligned constant (rare: converters align buffers) is copied once.
        if ((b.byteOffset % elementSize(t.type)) !== 0) b = b.slice();
      } else {
        const offset = a.plan.tensorOffsets[t.index]!;
        b = offset < 0 ? new Uint8Array(t.byteLength) : new Uint8Array(arena, offset, t.byteLength);
      }
      bytesOf[t.index] = b;
      return b;
    };
    const data = (t: TensorSpec): TensorData => {
      let d = dataOf[t.index];
      if (d === undefined) {
        const b = bytes(t);
        d = typedView(t.type, b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
        dataOf[t.index] = d;
      }
      return d;
    };
    this.variables = model.tensors.filter((t) => t.isVariable && t.data === null).map((t) => ({ bytes: bytes(t), fill: variableResetByte(t) }));
    for (const v of this.variables) v.bytes.fill(v.fill);
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
    this.runs = a.prepared.map((p, i) =>
      p.bind({
        ...binding,
        scratch: (id) => scratch[i]![id]!,
        persistent: (id) => persistent[i]![id]!,
      }),
    );
    const view = (index: number) => new TensorView(model.tensor(index), data(model.tensor(index)), bytes(model.tensor(index)));
    this.inputs = model.inputs.map(view);
    this.outputs = model.outputs.map(view);
  }

  get inputCount(): number {
    return this.model.inputs.length;
  }
  get outputCount(): number {
    return this.model.outputs.length;
  }

  /** Input i of the graph: write its `data` before invoke(). */
  input(i = 0): TensorView {
    const v = this.inputs[i];
    if (v === undefined) throw new TinyMLArgumentError(`input ${i} does not exist (the model has ${this.inputs.length})`);
    return v;
  }

  /** Output i of the graph: read its `data` after invoke(). */
  output(i = 0): TensorView {
    const v = this.outputs[i];
    if (v === undefined) throw new TinyMLArgumentError(`output ${i} does not exist (the model has ${this.outputs.length})`);
    return v;
  }

  /** Runs every op once, in order. Allocates nothing. */
  invoke(): void {
    const runs = this.runs;
    if (!this.profiling) {
      for (let i = 0; i < runs.length; i++) runs[i]!();
      return;
    }
    const clock = this.clock, times = this.times;
    for (let i = 0; i < runs.length; i++) {
      const t0 = clock();
      runs[i]!();
      times[i] = clock() - t0;
    }
  }

  /** Clears op state and variable tensors (stateful models start over). */
  reset(): void {
    for (const b of this.persistent) b.fill(0);
    for (const v of this.variables) v.bytes.fill(v.fill);
  }

  /** Per-op MACs and, with profiling on, the time of each op in the last invoke. */
  get profile(): OpProfile[] {
    return this.plan.ops.map((o, i) => ({ index: o.index, op: o.op, macs: o.macs, ms: this.times[i]! }));
  }
}
