/**
 * A compiled plan (`tinyml compile MODEL --out PLAN.bin`): what preparing a model computes ahead of
 * time, stored so that a device reads it in place, from flash, as a Resource:
 *
 * - the arena layout: every buffer the planner placed (size, lifetime, offset, kind, id, op) and
 *   the arena's bytes, so that no planning runs at boot;
 * - each op's packed constants (the Int32Array an op hands its kernel: geometry, offsets and the
 *   per-channel multipliers and shifts), so that they stay in flash instead of the XS heap.
 *
 * The runtime trusts none of it: `new Interpreter(model, { compiled })` still prepares each op and
 * checks that every constant equals what prepare computed and that the layout places exactly the
 * buffers prepare asked for without overlaps (a ModelError BAD_FORMAT otherwise), so a plan made
 * for another model, another kernel set or by another version cannot give other output bytes.
 *
 * Layout, little-endian int32 words: MAGIC, VERSION, opCount, bufferCount, arenaBytes; then
 * BUFFER_FIELDS words per buffer; then opCount + 1 word indexes into the constants (op i's are
 * words [index[i], index[i + 1]) of the constants section, empty when equal); then the constants.
 */
import { ModelError } from "../errors";
import type { ModelSource } from "../model/model";

/** "TMLP" read as a little-endian int32. */
export const PLAN_MAGIC = 0x504c4d54;
export const PLAN_VERSION = 1;
/** Int32 fields per buffer: size, first, last, offset, kind, id, op. */
export const BUFFER_FIELDS = 7;
const HEADER_WORDS = 5;

/** What a compiled plan holds, decoded. */
export interface PlanContents {
  arenaBytes: number;
  /** BUFFER_FIELDS int32 per buffer, in the planner's request order. */
  buffers: Int32Array;
  /** Each op's packed constants, or null for an op that keeps none in the plan. */
  constants: readonly (Int32Array | null)[];
}

function bad(message: string): never {
  throw new ModelError("BAD_FORMAT", `compiled plan: ${message}`, { table: "CompiledPlan" });
}

/** The bytes of a compiled plan. */
export function encodePlan(plan: PlanContents): Uint8Array {
  const ops = plan.constants.length;
  const bufferCount = plan.buffers.length / BUFFER_FIELDS;
  let constantWords = 0;
  for (const c of plan.constants) constantWords += c === null ? 0 : c.length;
  const words = new Int32Array(HEADER_WORDS + plan.buffers.length + ops + 1 + constantWords);
  words.set([PLAN_MAGIC, PLAN_VERSION, ops, bufferCount, plan.arenaBytes]);
  words.set(plan.buffers, HEADER_WORDS);
  const index = HEADER_WORDS + plan.buffers.length;
  const data = index + ops + 1;
  let at = 0;
  plan.constants.forEach((c, i) => {
    words[index + i] = at;
    if (c !== null) {
      words.set(c, data + at);
      at += c.length;
    }
  });
  words[index + ops] = at;
  return new Uint8Array(words.buffer);
}

/** A compiled plan read in place (a Resource, an ArrayBuffer, a typed array); every count and index is checked here. */
export class CompiledPlan {
  readonly opCount: number;
  readonly arenaBytes: number;
  /** BUFFER_FIELDS int32 per buffer, views of the plan's bytes. */
  readonly buffers: Int32Array;
  private readonly words: Int32Array;
  private readonly index: number;
  private readonly data: number;

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
    return new CompiledPlan(new Int32Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength >> 2));
  }

  private constructor(words: Int32Array) {
    if (words.length < HEADER_WORDS) bad(`${words.length * 4} bytes is shorter than its header`);
    if (words[0] !== PLAN_MAGIC) bad("not a compiled plan (bad magic)");
    if (words[1] !== PLAN_VERSION) bad(`format version ${words[1]} (this runtime reads version ${PLAN_VERSION}); compile the model again`);
    const ops = words[2]!, bufferCount = words[3]!, arenaBytes = words[4]!;
    if (ops < 0 || bufferCount < 0 || arenaBytes < 0) bad("negative count");
    const index = HEADER_WORDS + bufferCount * BUFFER_FIELDS;
    const data = index + ops + 1;
    if (data > words.length) bad(`${ops} ops and ${bufferCount} buffers do not fit in ${words.length * 4} bytes`);
    for (let i = 0; i < ops; i++) {
      const start = words[index + i]!, end = words[index + i + 1]!;
      if (start < 0 || end < start || data + end > words.length) bad(`op ${i}'s constants fall outside the plan`);
    }
    if (words[index]! !== 0 || data + words[index + ops]! !== words.length) bad("the constants do not fill the plan");
    this.words = words;
    this.opCount = ops;
    this.arenaBytes = arenaBytes;
    this.buffers = words.subarray(HEADER_WORDS, index);
    this.index = index;
    this.data = data;
  }

  /** Op `op`'s packed constants (a view of the plan's bytes), or null when the plan keeps none for it. */
  constants(op: number): Int32Array | null {
    if (!(op >= 0 && op < this.opCount)) bad(`no op ${op} (the plan has ${this.opCount})`);
    const start = this.words[this.index + op]!, end = this.words[this.index + op + 1]!;
    return end === start ? null : this.words.subarray(this.data + start, this.data + end);
  }
}
