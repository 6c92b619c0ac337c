/**
 * A compiled plan (`tinyml compile MODEL --out PLAN.bin`): everything invoke() needs, computed ahead
 * of time, stored so that a device reads it in place, from flash, as a Resource, and boots with no
 * FlatBuffer walk and no op's prepare (src/plan/compiled_interpreter.ts):
 *
 * - each op's kernel call: which kernel (an index into PLAN_KERNELS) and its arguments, each a
 *   typed view of the arena (offset, bytes), of the model's bytes (offset of its constant data)
 *   or of the plan's own constants section (the packed parameters: geometry, multipliers,
 *   shifts, tables);
 * - the arena: its bytes, every buffer the planner placed (size, lifetime, offset, kind, id, op),
 *   the buffers reset() clears, the graph's inputs and outputs (offset, type, shape, quantization);
 * - what binds it: the model's byte length and CRC-32, the kernel set it was compiled for, the
 *   format version and a CRC-32 of the plan itself, all checked at boot.
 *
 * An op whose kernel call is not one of PLAN_KERNELS (its bind is not a plain kernel call) has no
 * record; a plan with such an op is "partial" and boots through the model and prepare, as a plan
 * read by `new Interpreter(model, { compiled })` always does (which checks the layout and each op's
 * packed constants against prepare: the cross-check).
 *
 * Layout: little-endian int32 words. Header (HEADER_WORDS): MAGIC, VERSION, kernel set, model
 * bytes, model CRC-32, plan CRC-32 (of every word after the header), op count, arena bytes, flags,
 * and the word offsets of the sections: io, buffers (and count), ops, constants, resets (and count).
 * Ops: OP_FIELDS per op (record word, builtin code, MACs, packed constants' word and words), then
 * each record: kernel, argument count, then ARG_FIELDS per argument (kind, offset, bytes, element
 * type; a LIST argument's offset counts the arguments that follow it as its items). Constants:
 * words the records' PLAN arguments point into (byte offsets from the plan's start).
 */
import { ModelError } from "../errors";
import type { CrossCheckedPlan } from "../interpreter/interpreter";
import { ARENA_ALIGNMENT, BUFFER_FIELDS, type BufferRequest, type MemoryPlan, planIsValid } from "../interpreter/planner";
import { hostNative } from "../kernels/native/host";
import { crc32 } from "../math/crc32";
import type { ModelSource } from "../model/model";

/** "TMLP" read as a little-endian int32. */
export const PLAN_MAGIC = 0x504c4d54;
/**
 * The format's version, which also stands for the runtime's kernels: bump it whenever the records,
 * a PLAN_KERNELS kernel's arguments or the layout of its packed constants change, so that plans
 * compiled by an older runtime are refused rather than read with other meanings.
 */
export const PLAN_VERSION = 2;
/** Int32 fields per op in the op table: record word, builtin code, MACs, packed constants' word and count. */
export const OP_FIELDS = 5;
/** Int32 fields per kernel argument: kind, offset, bytes, element type. */
export const ARG_FIELDS = 4;
/** Int32 fields per reset entry: arena offset, bytes, fill byte. */
export const RESET_FIELDS = 3;
export const HEADER_WORDS = 16;

/** Header words. */
export const Header = Object.freeze({
  MAGIC: 0, VERSION: 1, KERNEL_SET: 2, MODEL_BYTES: 3, MODEL_CRC: 4, PLAN_CRC: 5, OPS: 6, ARENA_BYTES: 7, FLAGS: 8,
  IO: 9, BUFFERS: 10, BUFFER_COUNT: 11, OP_TABLE: 12, CONSTANTS: 13, RESETS: 14, RESET_COUNT: 15,
} as const);

/** FLAGS: every op has a kernel record (the plan boots without the model's walk and prepare). */
export const FLAG_COMPLETE = 1;

/** Kernel sets a plan is compiled for (their work buffers are part of the arena layout): without the Arm DSP paths' (TypeScript, or C without them)... */
export const KERNEL_SET_PLAIN = 0;
/** ... and native C kernels with the Arm DSP paths (Cortex-M4, M7, M33). */
export const KERNEL_SET_ARM_DSP = 1;

/** The kernel set of this host's kernels (`portable`: the TypeScript ones), as the host's xs_tinyml_plan_kernel_set says. */
export function kernelSetOf(portable: boolean): number {
  if (portable) return KERNEL_SET_PLAIN;
  const f = hostNative("xs_tinyml_plan_kernel_set");
  return typeof f === "function" ? (f as () => number)() : KERNEL_SET_PLAIN;
}

/** Argument kinds. */
export const ARG_NULL = 0, ARG_ARENA = 1, ARG_MODEL = 2, ARG_PLAN = 3, ARG_LIST = 4;

/** Element types of arguments: the typed array each is viewed as (index into ELEMENT_BYTES). */
export const ELEM_INT8 = 1, ELEM_UINT8 = 2, ELEM_INT16 = 3, ELEM_UINT16 = 4, ELEM_INT32 = 5, ELEM_UINT32 = 6, ELEM_FLOAT32 = 7;
export const ELEMENT_BYTES = Object.freeze([0, 1, 1, 2, 2, 4, 4, 4] as const);

/**
 * The kernels a plan records calls of, by index (the C plan runner, native/bindings/xs_tinyml_plan.c,
 * knows the first PLAN_C_KERNELS of them under the same numbers). "copy" is RESHAPE's byte copy.
 * Each takes only views and read-only constants (a constant lives in the plan, in flash).
 */
export const PLAN_KERNELS = Object.freeze([
  "copy", "conv2dInt8", "depthwiseConv2dInt8", "fullyConnectedInt8", "averagePool2dInt8", "maxPool2dInt8", "addInt8", "subInt8", "softmaxInt8",
  "conv2dInt16", "depthwiseConv2dInt16", "fullyConnectedInt16", "softmaxInt8Int16",
  "conv2dFloat32", "depthwiseConv2dFloat32", "fullyConnectedFloat32", "averagePool2dFloat32", "maxPool2dFloat32", "softmaxFloat32",
] as const);
export type PlanKernel = (typeof PLAN_KERNELS)[number];
/** Kernels 0 .. PLAN_C_KERNELS - 1 run in C where the host has the plan runner. */
export const PLAN_C_KERNELS = 9;
export const KERNEL_COPY = 0;

/** One argument of a recorded kernel call. */
export interface PlanArg {
  kind: number;
  /** ARENA: byte offset in the arena; MODEL: in the model's bytes; PLAN: in `constants` (filled in by encodePlan); LIST: item count. */
  offset: number;
  bytes: number;
  elem: number;
  /** PLAN: the constant's values. */
  data?: Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array;
}

/** A graph input or output as the plan describes it. */
export interface PlanIoTensor {
  tensor: number;
  type: number;
  /** ARG_ARENA or ARG_MODEL. */
  kind: number;
  offset: number;
  bytes: number;
  scale: number;
  zeroPoint: number;
  shape: readonly number[];
}

/** What a compiled plan holds, before encoding. */
export interface PlanContents {
  kernelSet: number;
  model: Uint8Array;
  arenaBytes: number;
  /** BUFFER_FIELDS int32 per buffer, in the planner's request order. */
  buffers: Int32Array;
  ops: { builtinCode: number; macs: number; kernel: number; args: PlanArg[] | null; packed: Int32Array | null }[];
  inputs: PlanIoTensor[];
  outputs: PlanIoTensor[];
  /** RESET_FIELDS int32 per buffer reset() fills. */
  resets: Int32Array;
}

/**
 * CRC-32 (IEEE) of `bytes`: in C where the host has the native (xs_tinyml_crc32, a model of
 * hundreds of KB at boot), else in TypeScript.
 */
export function planCrc32(bytes: Uint8Array): number {
  // (not named "native": xsc takes any call of that name for a native declaration)
  const inC = hostNative("xs_tinyml_crc32") as ((b: Uint8Array) => number) | undefined;
  return (typeof inC === "function" ? inC(bytes) : crc32(bytes)) | 0;
}

function bad(message: string): never {
  throw new ModelError("BAD_FORMAT", `compiled plan: ${message}`, { table: "CompiledPlan" });
}

/** Float32 bits as an int32 (scales are stored so). */
function floatBits(x: number): number {
  const f = new Float32Array([x]);
  return new Int32Array(f.buffer)[0]!;
}
function bitsFloat(bits: number): number {
  const i = new Int32Array([bits]);
  return new Float32Array(i.buffer)[0]!;
}

/** The bytes of a compiled plan. */
export function encodePlan(plan: PlanContents): Uint8Array {
  const words: number[] = new Array(HEADER_WORDS).fill(0);
  const io = words.length;
  words.push(plan.inputs.length, plan.outputs.length);
  for (const t of [...plan.inputs, ...plan.outputs]) words.push(t.tensor, t.type, t.kind, t.offset, t.bytes, floatBits(t.scale), t.zeroPoint, t.shape.length, ...t.shape);
  const buffers = words.length;
  for (let i = 0; i < plan.buffers.length; i++) words.push(plan.buffers[i]!);
  const opTable = words.length;
  const n = plan.ops.length;
  for (let i = 0; i < OP_FIELDS * n; i++) words.push(0);
  // constants: each typed array once (by identity), word aligned; PLAN arguments point at them
  const constants: (PlanArg["data"] & object)[] = [];
  const constantAt = new Map<object, number>();
  let constantWords = 0;
  const place = (data: PlanArg["data"] & object): number => {
    let at = constantAt.get(data);
    if (at === undefined) {
      at = constantWords;
      constantAt.set(data, at);
      constants.push(data);
      constantWords += (data.byteLength + 3) >> 2;
    }
    return at;
  };
  const recordArgs: { record: number; arg: PlanArg }[] = [];
  let complete = true;
  plan.ops.forEach((op, i) => {
    const row = opTable + OP_FIELDS * i;
    words[row] = words.length;
    words[row + 1] = op.builtinCode;
    words[row + 2] = Math.min(op.macs, 0x7fffffff);
    words[row + 3] = op.packed === null ? -1 : place(op.packed);
    words[row + 4] = op.packed === null ? 0 : op.packed.length;
    if (op.args === null) complete = false;
    const args = op.args ?? [];
    words.push(op.args === null ? -1 : op.kernel, args.length);
    for (const a of args) {
      if (a.kind === ARG_PLAN) place(a.data!);
      recordArgs.push({ record: words.length, arg: a });
      words.push(a.kind, a.offset, a.bytes, a.elem);
    }
  });
  const constantsAt = words.length;
  // packed constants and PLAN arguments as word indexes from the plan's start (packed) or byte offsets (arguments)
  for (let i = 0; i < n; i++) if (words[opTable + OP_FIELDS * i + 3]! >= 0) words[opTable + OP_FIELDS * i + 3] = constantsAt + words[opTable + OP_FIELDS * i + 3]!;
  for (const { record, arg } of recordArgs) if (arg.kind === ARG_PLAN) words[record + 1] = 4 * (constantsAt + constantAt.get(arg.data!)!);
  for (let i = 0; i < constantWords; i++) words.push(0);
  const resets = words.length;
  for (let i = 0; i < plan.resets.length; i++) words.push(plan.resets[i]!);
  const out = new Int32Array(words);
  const bytes = new Uint8Array(out.buffer);
  for (const c of constants) bytes.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), 4 * (constantsAt + constantAt.get(c)!));
  out.set([PLAN_MAGIC, PLAN_VERSION, plan.kernelSet, plan.model.byteLength, crc32(plan.model) | 0, 0, n, plan.arenaBytes, complete ? FLAG_COMPLETE : 0,
    io, buffers, plan.buffers.length / BUFFER_FIELDS, opTable, constantsAt, resets, plan.resets.length / RESET_FIELDS]);
  out[Header.PLAN_CRC] = crc32(bytes.subarray(4 * HEADER_WORDS)) | 0;
  return bytes;
}

/**
 * A compiled plan read in place (a Resource, an ArrayBuffer, a typed array). `from` checks the
 * header, the plan's CRC-32 and that every section and record lies within the plan; the
 * arguments' offsets are checked against the model and the arena when an interpreter boots from it.
 */
export class CompiledPlan implements CrossCheckedPlan {
  readonly opCount: number;
  readonly arenaBytes: number;
  readonly kernelSet: number;
  /** Every op has a kernel record: boots without the model's walk and prepare. */
  readonly complete: boolean;
  /** The plan as int32 words, and as bytes (views of the same memory: a Resource stays in flash). */
  readonly words: Int32Array;
  readonly bytes: Uint8Array;

  static from(source: ModelSource): CompiledPlan {
    let bytes: Uint8Array;
    if (source instanceof Uint8Array) bytes = source;
    else if (ArrayBuffer.isView(source)) bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    else {
      try {
        bytes = new Uint8Array(source as ArrayBuffer);
      } catch {
        bad("must be an ArrayBuffer, a typed array, a DataView or a host buffer");
      }
    }
    if (bytes.byteLength % 4 !== 0) bad(`${bytes.byteLength} bytes is not a whole number of int32 words`);
    // Int32 views need an aligned start: a plan inside an unaligned view is copied once.
    if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
    return new CompiledPlan(new Int32Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength >> 2), bytes);
  }

  private constructor(words: Int32Array, bytes: Uint8Array) {
    const n = words.length;
    if (n < HEADER_WORDS) bad(`${n * 4} bytes is shorter than its header`);
    if (words[Header.MAGIC] !== PLAN_MAGIC) bad("not a compiled plan (bad magic)");
    if (words[Header.VERSION] !== PLAN_VERSION) bad(`format version ${words[Header.VERSION]} (this runtime reads version ${PLAN_VERSION}); compile the model again`);
    if (planCrc32(bytes.subarray(4 * HEADER_WORDS)) !== words[Header.PLAN_CRC]) bad("its CRC-32 does not match its contents (a damaged plan)");
    const ops = words[Header.OPS]!, arenaBytes = words[Header.ARENA_BYTES]!;
    if (ops < 0 || arenaBytes < 0 || words[Header.MODEL_BYTES]! < 0) bad("negative count");
    const io = words[Header.IO]!, buffers = words[Header.BUFFERS]!, opTable = words[Header.OP_TABLE]!, constants = words[Header.CONSTANTS]!, resets = words[Header.RESETS]!;
    const bufferCount = words[Header.BUFFER_COUNT]!, resetCount = words[Header.RESET_COUNT]!;
    const within = (start: number, count: number, what: string) => {
      if (!(start >= HEADER_WORDS && count >= 0 && start <= n && count <= n - start)) bad(`its ${what} fall outside the plan`);
    };
    within(io, 2, "inputs and outputs");
    within(buffers, bufferCount * BUFFER_FIELDS, "buffers");
    within(opTable, ops * OP_FIELDS, "ops");
    within(constants, 0, "constants");
    within(resets, resetCount * RESET_FIELDS, "resets");
    if (resets + resetCount * RESET_FIELDS !== n) bad("its sections do not fill the plan");
    // io tensors
    let at = io + 2;
    const ioCount = words[io]! + words[io + 1]!;
    if (words[io]! < 0 || words[io + 1]! < 0) bad("negative count");
    for (let i = 0; i < ioCount; i++) {
      within(at, 8, "inputs and outputs");
      const rank = words[at + 7]!;
      if (rank < 0 || rank > 16) bad(`input or output ${i} has rank ${rank}`);
      within(at, 8 + rank, "inputs and outputs");
      at += 8 + rank;
    }
    // op records (within the plan; their arguments are checked against the buffers at boot)
    for (let i = 0; i < ops; i++) {
      const row = opTable + OP_FIELDS * i;
      const record = words[row]!;
      within(record, 2, `op ${i}'s record`);
      const argCount = words[record + 1]!;
      within(record + 2, argCount * ARG_FIELDS, `op ${i}'s record`);
      const kernel = words[record]!;
      if (kernel < -1 || kernel >= PLAN_KERNELS.length) bad(`op ${i} names kernel ${kernel}, which this runtime does not have`);
      if (words[row + 3]! >= 0) within(words[row + 3]!, words[row + 4]!, `op ${i}'s constants`);
    }
    this.words = words;
    this.bytes = bytes;
    this.opCount = ops;
    this.arenaBytes = arenaBytes;
    this.kernelSet = words[Header.KERNEL_SET]!;
    this.complete = (words[Header.FLAGS]! & FLAG_COMPLETE) !== 0;
  }

  get bufferCount(): number {
    return this.words[Header.BUFFER_COUNT]!;
  }

  /** BUFFER_FIELDS int32 per buffer placed in the arena (views of the plan's bytes). */
  get buffers(): Int32Array {
    const at = this.words[Header.BUFFERS]!;
    return this.words.subarray(at, at + BUFFER_FIELDS * this.bufferCount);
  }

  /** Op `op`'s packed constants (a view of the plan's bytes), or null when the plan keeps none for it. */
  constants(op: number): Int32Array | null {
    if (!(op >= 0 && op < this.opCount)) bad(`no op ${op} (the plan has ${this.opCount})`);
    const row = this.words[Header.OP_TABLE]! + OP_FIELDS * op;
    const at = this.words[row + 3]!;
    return at < 0 ? null : this.words.subarray(at, at + this.words[row + 4]!);
  }

  /** The words of op `op`'s record: kernel (-1: none), argument count, then ARG_FIELDS per argument. */
  record(op: number): number {
    return this.words[this.words[Header.OP_TABLE]! + OP_FIELDS * op]!;
  }

  /** Op `op`'s builtin operator code and MACs. */
  builtinCode(op: number): number {
    return this.words[this.words[Header.OP_TABLE]! + OP_FIELDS * op + 1]!;
  }
  macs(op: number): number {
    return this.words[this.words[Header.OP_TABLE]! + OP_FIELDS * op + 2]!;
  }

  /** The graph's inputs (output false) or outputs, as the plan describes them. */
  io(output: boolean): PlanIoTensor[] {
    const w = this.words, io = w[Header.IO]!;
    const inputs = w[io]!, total = inputs + w[io + 1]!;
    let at = io + 2;
    const out: PlanIoTensor[] = [];
    for (let i = 0; i < total; i++) {
      const rank = w[at + 7]!;
      if (i >= inputs === output) {
        out.push({ tensor: w[at]!, type: w[at + 1]!, kind: w[at + 2]!, offset: w[at + 3]!, bytes: w[at + 4]!, scale: bitsFloat(w[at + 5]!), zeroPoint: w[at + 6]!, shape: Array.from(w.subarray(at + 8, at + 8 + rank)) });
      }
      at += 8 + rank;
    }
    return out;
  }

  /**
   * Fails (BAD_FORMAT) unless this plan was compiled for these model bytes (length and CRC-32)
   * and this kernel set (kernelSetOf).
   */
  checkFor(model: Uint8Array, kernelSet: number): void {
    if (this.kernelSet !== kernelSet) bad(`compiled for kernel set ${this.kernelSet} (${this.kernelSet === KERNEL_SET_ARM_DSP ? "Arm DSP" : "no Arm DSP"} work buffers), these kernels are set ${kernelSet}: compile for this host (tinyml compile --host)`);
    if (this.modelBytes !== model.byteLength || this.modelCrc !== planCrc32(model)) bad("compiled for another model (its length or CRC-32 differs)");
  }

  /** checkFor with the kernel set of this host's kernels (`portable`: the TypeScript ones): what `new Interpreter(model, { compiled })` checks. */
  checkForKernels(model: Uint8Array, portable: boolean): void {
    this.checkFor(model, kernelSetOf(portable));
  }

  /**
   * The arena layout, once checked against what prepare asks for (`new Interpreter(model, { compiled })`):
   * it places exactly `requests` (same sizes, lifetimes, kinds and owners: `kinds`, three numbers
   * per request, in the same order), aligned, within its arena, and no two buffers alive at the
   * same time overlap.
   */
  layoutFor(requests: readonly BufferRequest[], kinds: readonly number[]): MemoryPlan {
    const b = this.buffers;
    const mismatch = (message: string): never => bad(`${message} (a plan for another model, kernel set or runtime version?)`);
    if (b.length !== BUFFER_FIELDS * requests.length) mismatch(`it places ${b.length / BUFFER_FIELDS} buffers, prepare asks for ${requests.length}`);
    const offsets: number[] = new Array(requests.length);
    for (let i = 0; i < requests.length; i++) {
      const r = requests[i]!, at = BUFFER_FIELDS * i;
      if (b[at] !== r.size || b[at + 1] !== r.first || b[at + 2] !== r.last || b[at + 4] !== kinds[3 * i] || b[at + 5] !== kinds[3 * i + 1] || b[at + 6] !== kinds[3 * i + 2]) {
        mismatch(`buffer ${i} differs from what prepare asks for`);
      }
      offsets[i] = b[at + 3]!;
    }
    const layout = { offsets, arenaBytes: this.arenaBytes };
    if (layout.arenaBytes % ARENA_ALIGNMENT !== 0 || offsets.some((o) => o < 0) || !planIsValid(requests, layout)) mismatch("its arena layout overlaps or leaves the arena");
    return layout;
  }

  /** The model bytes and CRC-32 this plan was compiled for. */
  get modelBytes(): number {
    return this.words[Header.MODEL_BYTES]!;
  }
  get modelCrc(): number {
    return this.words[Header.MODEL_CRC]!;
  }
}
