/**
 * CompiledInterpreter: runs a model from its compiled plan (src/plan/compiled_plan.ts) with
 * no FlatBuffer walk and no op's prepare. Boot checks the plan against the model bytes (length,
 * CRC-32) and this host's kernel set, allocates the arena, checks every kernel argument's offset
 * and length against the arena, the model and the plan, and binds the ops:
 *
 * - where the host has the C plan runner (native xs_tinyml_plan_run), each run of consecutive ops
 *   it knows (PLAN_C_KERNELS) is one call into C that walks the plan's records itself: the XS heap
 *   holds nothing per op (the runner validates every record again on each run);
 * - every other op is its kernel bound to views of its arguments, as prepare would have bound it.
 *
 * CompiledInterpreter.load boots a partial plan (an op without a kernel record) the usual way:
 * Model.from, prepare and the plan's cross-check (new Interpreter(model, { compiled })).
 */
import { ModelError, TinyMLArgumentError } from "../errors";
import type { Kernels } from "../kernels/kernels";
import { hostNative } from "../kernels/native/host";
import { portableKernels } from "../kernels/portable/index";
import { Model, type ModelSource, toBytes } from "../model/model";
import { builtinOperatorName } from "../model/schema";
import { byteCopier } from "../ops/movement";
import {
  ARG_ARENA, ARG_FIELDS, ARG_LIST, ARG_MODEL, ARG_NULL, ARG_PLAN, CompiledPlan, ELEM_FLOAT32, ELEM_INT16, ELEM_INT32, ELEM_INT8, ELEM_UINT16, ELEM_UINT32, ELEM_UINT8,
  ELEMENT_BYTES, Header, KERNEL_COPY, kernelSetOf, PLAN_C_KERNELS, PLAN_KERNELS, type PlanIoTensor, RESET_FIELDS,
} from "./compiled_plan";
import { allocateArena, defaultClock, Interpreter, type InterpreterOptions, type OpProfile, selectKernels, typedView } from "../interpreter/interpreter";
import { BoundGraph, RunsBoundGraph } from "../interpreter/bound_graph";
import { type TensorData, type TensorInfo, TensorView } from "../interpreter/tensor_view";

export type CompiledOptions = Omit<InterpreterOptions, "compiled" | "resolver">;

/** xs_tinyml_plan_run: runs ops from..to-1 in C; with checkOnly only checks them, false when this build does not link some op's kernel. */
type PlanRunner = (plan: Uint8Array, model: Uint8Array, arena: ArrayBuffer, from: number, to: number, checkOnly: boolean) => boolean;

function badPlan(message: string): never {
  throw new ModelError("BAD_FORMAT", `compiled plan: ${message}`, { table: "CompiledPlan" });
}

/** A graph input or output described by the plan; its name is read from the model when asked. */
class PlanTensor implements TensorInfo {
  readonly index: number;
  readonly type: number;
  readonly shape: readonly number[];
  readonly quantization: { scale: number[]; zeroPoint: number[] } | null;
  constructor(private readonly model: Uint8Array, t: PlanIoTensor) {
    this.index = t.tensor;
    this.type = t.type;
    this.shape = t.shape;
    this.quantization = t.scale === 0 && t.zeroPoint === 0 ? null : { scale: [t.scale], zeroPoint: [t.zeroPoint] };
  }
  /** The tensor's name: read from the model (a FlatBuffer read, made only when asked). */
  get name(): string {
    return Model.from(this.model).tensor(this.index).name;
  }
}

export class CompiledInterpreter extends RunsBoundGraph {
  /** Exact bytes of the arena (the plan's). */
  readonly arenaBytes: number;
  readonly arena: ArrayBuffer;
  /** How many ops the C plan runner runs (the rest are bound kernels): all of them on a host with the runner, for the int8 models it knows. */
  readonly opsInC: number;
  private readonly source: Uint8Array;
  private readonly compiled: CompiledPlan;
  protected readonly graph: BoundGraph;

  /**
   * Boots `model` from `plan`: a complete plan without the model's walk and prepare
   * (CompiledInterpreter), a partial one through them (Interpreter, the plan cross-checked).
   */
  static load(model: ModelSource, plan: CompiledPlan, options: CompiledOptions = {}): CompiledInterpreter | Interpreter {
    if (!(plan instanceof CompiledPlan)) throw new TinyMLArgumentError("plan must be a CompiledPlan (CompiledPlan.from(bytes))");
    return plan.complete ? new CompiledInterpreter(model, plan, options) : new Interpreter(Model.from(model), { ...options, compiled: plan });
  }

  constructor(model: ModelSource, plan: CompiledPlan, options: CompiledOptions = {}) {
    super();
    if (!(plan instanceof CompiledPlan)) throw new TinyMLArgumentError("plan must be a CompiledPlan (CompiledPlan.from(bytes))");
    if (!plan.complete) badPlan("some op has no kernel record: boot it with CompiledInterpreter.load (through prepare)");
    const bytes = toBytes(model);
    const portable = options.kernels === "portable";
    plan.checkFor(bytes, kernelSetOf(portable));
    const arena = allocateArena(plan.arenaBytes, options.maxArenaBytes);
    this.source = bytes;
    this.compiled = plan;
    this.arena = arena;
    this.arenaBytes = plan.arenaBytes;
    // the C runner runs the host's native kernels: not for the TypeScript ones, nor a kernel set of the caller's
    const hostKernels = options.kernels === undefined || options.kernels === "auto" || options.kernels === "native";
    const runner = hostKernels ? (hostNative("xs_tinyml_plan_run") as PlanRunner | undefined) : undefined;
    if (options.kernels === "native" && typeof runner !== "function") throw new TinyMLArgumentError("kernels: \"native\" was asked for, but this host has no C plan runner");
    const profiling = options.profile === true;
    const steps = bindSteps(plan, bytes, arena, runner, options, profiling);
    this.opsInC = steps.opsInC;
    const io = (output: boolean) => plan.io(output).map((t) => ioView(t, bytes, arena));
    this.graph = new BoundGraph(io(false), io(true), steps.steps, profiling ? (options.clock ?? defaultClock) : null);
    this.reset();
  }

  /** The model (Model.from on the model bytes: a FlatBuffer walk, made only when asked). */
  get model(): Model {
    return Model.from(this.source);
  }

  /** Clears op state and variable tensors (the plan's reset table). */
  reset(): void {
    const w = this.compiled.words, at = w[Header.RESETS]!, n = w[Header.RESET_COUNT]!;
    if (n === 0) return;
    const arena = new Uint8Array(this.arena);
    for (let i = 0; i < n; i++) {
      const r = at + RESET_FIELDS * i;
      arena.fill(w[r + 2]!, w[r]!, w[r]! + w[r + 1]!);
    }
  }

  /** Per-op MACs (from the plan) and, with profiling on, the time of each op in the last invoke. */
  get profile(): OpProfile[] {
    const plan = this.compiled, out: OpProfile[] = [];
    for (let i = 0; i < plan.opCount; i++) out.push({ index: i, op: builtinOperatorName(plan.builtinCode(i)), macs: plan.macs(i), ms: this.graph.time(i) });
    return out;
  }
}

/** The typed array of an element type over `bytes` (already checked aligned and whole). */
function viewAs(elem: number, b: Uint8Array): TensorData {
  const buffer = b.buffer as ArrayBuffer, o = b.byteOffset, n = b.byteLength;
  switch (elem) {
    case ELEM_INT8: return new Int8Array(buffer, o, n);
    case ELEM_INT16: return new Int16Array(buffer, o, n >> 1);
    case ELEM_UINT16: return new Uint16Array(buffer, o, n >> 1);
    case ELEM_INT32: return new Int32Array(buffer, o, n >> 2);
    case ELEM_UINT32: return new Uint32Array(buffer, o, n >> 2);
    case ELEM_FLOAT32: return new Float32Array(buffer, o, n >> 2);
    default: return b;
  }
}

/** The bytes an argument names, checked within its buffer (BAD_FORMAT otherwise); null for ARG_NULL. */
function argBytes(w: Int32Array, at: number, plan: CompiledPlan, model: Uint8Array, arena: ArrayBuffer, op: number): Uint8Array | null {
  const kind = w[at]!, offset = w[at + 1]!, bytes = w[at + 2]!, elem = w[at + 3]!;
  if (kind === ARG_NULL) return null;
  const size = ELEMENT_BYTES[elem];
  if (size === undefined || size === 0 || bytes < 0 || offset < 0 || bytes % size !== 0) badPlan(`op ${op}: an argument of element type ${elem}, ${bytes} bytes`);
  let base: Uint8Array;
  if (kind === ARG_ARENA) base = new Uint8Array(arena);
  else if (kind === ARG_MODEL) base = model;
  else if (kind === ARG_PLAN) base = plan.bytes;
  else return badPlan(`op ${op}: an argument of kind ${kind}`);
  if (offset > base.byteLength || bytes > base.byteLength - offset) badPlan(`op ${op}: an argument outside its buffer (${offset} + ${bytes} > ${base.byteLength})`);
  let b = base.subarray(offset, offset + bytes);
  if (b.byteOffset % size !== 0) {
    if (kind === ARG_ARENA) badPlan(`op ${op}: an unaligned arena argument`);
    b = b.slice(); // a constant at an unaligned address (a model in unaligned memory): read from a copy
  }
  return b;
}

/** Op `op`'s kernel bound to views of its arguments, through the host's kernel set. */
function bindOp(plan: CompiledPlan, op: number, model: Uint8Array, arena: ArrayBuffer, kernels: Kernels): () => void {
  const w = plan.words, record = plan.record(op);
  const kernel = w[record]!, count = w[record + 1]!;
  const args: unknown[] = [];
  for (let a = 0; a < count; a++) {
    const at = record + 2 + ARG_FIELDS * a;
    if (w[at] === ARG_LIST) {
      const items = w[at + 1]!;
      if (items < 0 || items > count - a - 1) badPlan(`op ${op}: a list of ${items} arguments`);
      const list: unknown[] = [];
      for (let k = 0; k < items; k++) {
        const b = argBytes(w, at + ARG_FIELDS * (k + 1), plan, model, arena, op);
        list.push(b === null ? null : viewAs(w[at + ARG_FIELDS * (k + 1) + 3]!, b));
      }
      args.push(list);
      a += items;
      continue;
    }
    const b = argBytes(w, at, plan, model, arena, op);
    args.push(b === null ? null : viewAs(w[at + 3]!, b));
  }
  if (kernel === KERNEL_COPY) {
    if (count !== 2 || !(args[0] instanceof Uint8Array) || !(args[1] instanceof Uint8Array) || args[0].byteLength !== args[1].byteLength || w[record + 2 + ARG_FIELDS] !== ARG_ARENA) badPlan(`op ${op}: a copy of other arguments than two byte buffers of the same length, into the arena`);
    return byteCopier(args[0], args[1]);
  }
  const f = (kernels as unknown as Record<string, { bind(self: null, ...a: unknown[]): () => void }>)[PLAN_KERNELS[kernel]!]!;
  return f.bind(null, ...args);
}

/** Whether the C runner takes op `op`: a kernel it knows, and (conv-like) a non-empty input and filter (else the TypeScript face handles it). */
function runsInC(plan: CompiledPlan, op: number): boolean {
  const w = plan.words, record = plan.record(op), kernel = w[record]!;
  if (kernel < 0 || kernel >= PLAN_C_KERNELS) return false;
  if (kernel >= 1 && kernel <= 3) return w[record + 1]! >= 3 && w[record + 2 + ARG_FIELDS + 2]! > 0 && w[record + 2 + 2 * ARG_FIELDS + 2]! > 0;
  return true;
}

/** What invoke() runs: C runs of consecutive ops (one per op when profiling) and bound kernels for the rest. */
function bindSteps(plan: CompiledPlan, model: Uint8Array, arena: ArrayBuffer, runner: PlanRunner | undefined, options: CompiledOptions, perOp: boolean): { steps: (() => void)[]; opsInC: number } {
  const steps: (() => void)[] = [];
  let kernels: Kernels | null = null;
  let from = -1, opsInC = 0;
  const flush = (to: number) => {
    if (from < 0) return;
    steps.push(runner!.bind(null, plan.bytes, model, arena, from, to, false));
    opsInC += to - from;
    from = -1;
  };
  for (let i = 0; i < plan.opCount; i++) {
    if (typeof runner === "function" && runsInC(plan, i)) {
      // the runner checks the op's record as each run will; false: this build does not link its kernel
      let linked: boolean;
      try {
        linked = runner(plan.bytes, model, arena, i, i + 1, true);
      } catch (e) {
        return badPlan(`op ${i}: ${(e as Error)?.message ?? String(e)}`);
      }
      if (linked) {
        if (from < 0) from = i;
        if (perOp) flush(i + 1);
        continue;
      }
    }
    flush(i);
    kernels ??= options.kernels === "portable" ? portableKernels : selectKernels(options.kernels);
    steps.push(bindOp(plan, i, model, arena, kernels));
  }
  flush(plan.opCount);
  return { steps, opsInC };
}

/** A graph input or output's view, checked within the arena (or the model, for a constant). */
function ioView(t: PlanIoTensor, model: Uint8Array, arena: ArrayBuffer): TensorView {
  let bytes: Uint8Array;
  if (t.kind === ARG_NULL) bytes = new Uint8Array(t.bytes < 0 ? 0 : t.bytes);
  else if (t.kind === ARG_ARENA || t.kind === ARG_MODEL) {
    const w = new Int32Array([t.kind, t.offset, t.bytes, ELEM_UINT8]);
    bytes = argBytes(w, 0, null as unknown as CompiledPlan, model, arena, -1)!;
    if (t.kind === ARG_MODEL) bytes = bytes.slice(); // a constant input or output: a copy keeps typed views aligned
  } else return badPlan(`input or output tensor ${t.tensor} has kind ${t.kind}`);
  let data: TensorData;
  try {
    data = typedView(t.type, bytes);
  } catch {
    return badPlan(`input or output tensor ${t.tensor} is not aligned for its type`);
  }
  return new TensorView(new PlanTensor(model, t), data, bytes);
}
