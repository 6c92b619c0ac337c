/**
 * ModelStore: models in flash slots, updated over the air, verified, activated atomically, rolled
 * back when their self-test fails or when power fails before its result is recorded.
 *
 * The partition is split into `slots` equal slots (default 2); each slot is one header sector
 * (slot_header.ts) followed by the update file stored verbatim (update.ts). The serving slot is
 * never written while it serves: an update always goes to another slot.
 *
 * Every flash mutation is either an erase, a write into erased flash, or the clearing of one bit,
 * and each leaves a state `open` resolves (see slot_header.ts for the state bits):
 *
 *   - record torn or missing (CRC fails)          -> the slot is empty
 *   - WRITING: some blocks safely written          -> resumable: beginUpdate with the same header
 *                                                     continues, `pending.nextOffset` says where
 *   - WRITTEN / VERIFIED, not ACTIVE               -> not bootable; finishUpdate / activate go on
 *   - ACTIVE, not CONFIRMED (power failed during
 *     the self-test, before its result was written) -> rolled back at boot: marked FAILED
 *   - CONFIRMED                                    -> bootable; the highest generation wins,
 *                                                     after its SHA-256 is checked (verifyOnBoot)
 *   - FAILED or CORRUPT                            -> never booted, reused first
 *
 * An error a flash call throws (e.g. a power cut) propagates untouched: the store object is then
 * dead, and the device reopens the store after its reset.
 */
import type { InterpreterOptions } from "../interpreter/interpreter";
import { Model } from "../model/model";
import { bytesEqual, sha256 } from "./crypto";
import type { Flash } from "./flash";
import { encodeRejection, REJECTION_BYTES, REJECTION_SLOTS, rejectionKey, rejectionsIn } from "./rejections";
import {
  BITMAP_OFFSET, bitmapBytes, clearBitByte, decodeRecord, decodeState, encodeRecord, REJECTIONS_OFFSET, type SlotRecord, type SlotState, StateBit, STATE_OFFSET,
} from "./slot_header";
import { checkUpdate, checkUpdateHead, parseUpdateHeader, UPDATE_HEADER_BYTES, type UpdateHeader, updateLayout, type UpdateLayout } from "./update";
import { UpdateError } from "./update_error";
import { runSelfTest, validateModel } from "./validate";

export interface StoreOptions {
  /** Ed25519 public keys (32 bytes each) whose signatures the device accepts. */
  trustedKeys: readonly Uint8Array[];
  /** Number of slots (default 2). */
  slots?: number;
  /** The device's arena budget: larger models are refused. */
  maxArenaBytes?: number;
  /** Kernels / resolver the device runs (for validation and the self-test). */
  interpreter?: InterpreterOptions;
  /** Accept an update whose model id differs from the active model's (default false). */
  allowModelIdChange?: boolean;
  /** Check the active model's SHA-256 at every open (default true). */
  verifyOnBoot?: boolean;
  /** The model built into the firmware, used while the store has none: updates must be newer than it. */
  builtin?: { modelId: string; modelVersion: number };
  /** Progress granularity in bytes (default: 256, doubled until the bitmap fits the header sector). */
  blockSize?: number;
}

export interface SlotInfo {
  index: number;
  state: SlotState;
  generation: number;
  modelId: string;
  modelVersion: number;
}

export interface ActiveModel {
  slot: number;
  generation: number;
  modelId: string;
  modelVersion: number;
  header: UpdateHeader;
  /** The model bytes, mapped from flash (zero-copy). */
  bytes: Uint8Array;
  /** The validated model over those bytes. */
  model: Model;
}

export interface PendingUpdate {
  slot: number;
  header: UpdateHeader;
  totalLength: number;
  /** Bytes of the update written and read back, in blocks recorded in flash: they survive a reset. */
  bytesSafe: number;
  /** Offset of the first byte not yet safe (totalLength when all are). */
  nextOffset: number;
  state: "writing" | "written" | "verified";
}

export interface RolledBack {
  slot: number;
  modelId: string;
  modelVersion: number;
  reason: string;
}

export interface BootReport {
  /** Slots open() marked FAILED: activated but never confirmed, or whose bytes no longer match. */
  rolledBack: RolledBack[];
}

interface SlotScan {
  index: number;
  record: SlotRecord | null;
  header: UpdateHeader | null;
  state: SlotState;
}

interface Pending {
  slot: number;
  record: SlotRecord;
  header: UpdateHeader;
  state: "writing" | "written" | "verified";
  blocks: number;
  safe: Uint8Array; // 1 = block recorded safe
  partial: Map<number, [number, number][]>; // block -> covered [start, end) within it, this session only
}

const DEFAULT_BLOCK = 256;

export class ModelStore {
  readonly flash: Flash;
  readonly boot: BootReport;
  /** Rollbacks since open (self-tests failed), besides those in boot. */
  rollbacks = 0;
  private readonly options: StoreOptions;
  private readonly slotSectors: number;
  private readonly slotCount: number;
  private activeModel: ActiveModel | null = null;
  private work: Pending | null = null;

  private constructor(flash: Flash, options: StoreOptions) {
    this.flash = flash;
    this.options = options;
    this.slotCount = options.slots ?? 2;
    if (!Number.isInteger(this.slotCount) || this.slotCount < 2) throw new RangeError("a model store needs at least 2 slots");
    this.slotSectors = Math.floor(flash.sectorCount / this.slotCount);
    if (this.slotSectors < 2) throw new RangeError(`${flash.sectorCount} sectors cannot hold ${this.slotCount} slots of 2 sectors or more`);
    if (flash.sectorSize < BITMAP_OFFSET + 8) throw new RangeError(`sectors of ${flash.sectorSize} bytes are too small for a slot header`);
    this.boot = { rolledBack: [] };
  }

  /** Boots the store: reads every slot, resolves interrupted states, picks the active model. */
  static open(flash: Flash, options: StoreOptions): ModelStore {
    const store = new ModelStore(flash, options);
    store.resolve();
    return store;
  }

  /** The model to run, or null when the store holds none (run the built-in model). */
  get active(): ActiveModel | null {
    return this.activeModel;
  }

  /** The update in progress (begun, maybe interrupted by a reset), or null. */
  get pending(): PendingUpdate | null {
    const p = this.work;
    if (p === null) return null;
    let safe = 0, next = -1;
    for (let b = 0; b < p.blocks; b++) {
      if (p.safe[b] === 1) safe += this.blockLength(p, b);
      else if (next < 0) next = b * p.record.blockSize;
    }
    return { slot: p.slot, header: p.header, totalLength: p.record.updateLength, bytesSafe: safe, nextOffset: next < 0 ? p.record.updateLength : next, state: p.state };
  }

  /** Byte ranges [start, end) of the pending update not yet safe in flash. */
  missing(): [number, number][] {
    const p = this.work;
    if (p === null) return [];
    const out: [number, number][] = [];
    for (let b = 0; b < p.blocks; b++) {
      if (p.safe[b] === 1) continue;
      const start = b * p.record.blockSize, end = start + this.blockLength(p, b);
      const last = out[out.length - 1];
      if (last !== undefined && last[1] === start) last[1] = end;
      else out.push([start, end]);
    }
    return out;
  }

  /** What each slot holds. */
  slots(): SlotInfo[] {
    const out: SlotInfo[] = [];
    for (let i = 0; i < this.slotCount; i++) {
      const s = this.scan(i);
      out.push({ index: i, state: s.state, generation: s.record?.generation ?? 0, modelId: s.header?.modelId ?? "", modelVersion: s.header?.modelVersion ?? 0 });
    }
    return out;
  }

  /** Bytes an update may have at most. */
  get capacity(): number {
    return (this.slotSectors - 1) * this.flash.sectorSize;
  }

  /**
   * Starts receiving an update, given its first UPDATE_HEAD_BYTES (192: its header and the header's
   * signature). Nothing is written to flash before the signature verifies with a trusted key and
   * the policy accepts the update: an unsigned or forged header changes nothing. The same header
   * as the pending update's resumes it (nothing is erased; see `pending`); another one abandons it.
   * Refuses early (UpdateError BAD_HEADER, BAD_SIGNATURE, TOO_LARGE, DOWNGRADE, WRONG_MODEL,
   * REJECTED) what would be refused at the end.
   */
  beginUpdate(headBytes: Uint8Array): PendingUpdate {
    const { header } = checkUpdateHead(headBytes, this.options.trustedKeys);
    if (header.totalLength > this.capacity) throw new UpdateError("TOO_LARGE", `the update has ${header.totalLength} bytes; a slot holds ${this.capacity}`);
    const head = headBytes.subarray(0, UPDATE_HEADER_BYTES);
    this.checkPolicy(header, head);
    const p = this.work;
    if (p !== null && bytesEqual(p.record.updateHeader, head)) return this.pending!;
    this.work = null;

    const target = this.pickTarget();
    const first = target * this.slotSectors;
    const sectorSize = this.flash.sectorSize;
    // The target's header sector may hold the only record of updates that failed their self-test: copy them first.
    this.keepRejections(target);
    // Invalidate the old record before erasing, so a torn erase cannot bring an old state back.
    if (this.scan(target).record !== null) this.flash.write(first * sectorSize, new Uint8Array(4));
    this.flash.erase(first);
    const dataSectors = Math.ceil(header.totalLength / sectorSize);
    for (let s = 1; s <= dataSectors; s++) this.flash.erase(first + s);
    const record: SlotRecord = { generation: this.maxGeneration() + 1, updateLength: header.totalLength, blockSize: this.blockSizeFor(), updateHeader: head.slice() };
    this.flash.write(first * sectorSize, encodeRecord(record));
    this.clearState(target, StateBit.WRITING);
    this.work = this.pendingFrom(target, record, header, "writing");
    return this.pending!;
  }

  /**
   * Writes bytes of the pending update at `offset` (any size, any order, repeats allowed). Returns
   * the bytes now safe. UpdateError OUT_OF_RANGE beyond the update's length, CHUNK_CONFLICT when
   * the bytes disagree with those already in flash (an unrecorded block conflicting fails the update).
   * Once every byte is in, repeated chunks are accepted if they agree.
   */
  writeChunk(offset: number, bytes: Uint8Array): number {
    const p = this.work;
    if (p === null) throw new UpdateError("NO_UPDATE", "no update in progress: call beginUpdate first");
    const total = p.record.updateLength;
    if (!Number.isInteger(offset) || offset < 0 || offset + bytes.length > total) {
      throw new UpdateError("OUT_OF_RANGE", `chunk [${offset}, ${offset + bytes.length}) is outside the update's ${total} bytes`);
    }
    if (bytes.length === 0) return this.pending!.bytesSafe;
    const at = this.dataStart(p.slot) + offset;
    if (p.state !== "writing") {
      // Every byte is in: a repeated chunk (a client resending after a reset) is fine if it agrees.
      if (!bytesEqual(this.flash.map(at, bytes.length), bytes)) throw new UpdateError("CHUNK_CONFLICT", `bytes at [${offset}, ${offset + bytes.length}) differ from the complete update in flash`);
      return total;
    }
    const bs = p.record.blockSize;
    const firstBlock = Math.floor(offset / bs), lastBlock = Math.floor((offset + bytes.length - 1) / bs);
    if (!bytesEqual(this.flash.map(at, bytes.length), bytes)) {
      // Recorded blocks must already hold these very bytes: refuse the chunk before touching flash.
      for (let b = firstBlock; b <= lastBlock; b++) {
        if (p.safe[b] !== 1) continue;
        const s = Math.max(offset, b * bs), e = Math.min(offset + bytes.length, b * bs + bs);
        if (!bytesEqual(this.flash.map(this.dataStart(p.slot) + s, e - s), bytes.subarray(s - offset, e - offset))) {
          throw new UpdateError("CHUNK_CONFLICT", `bytes at [${s}, ${e}) differ from the update's bytes already in flash`);
        }
      }
      this.flash.write(at, bytes);
      if (!bytesEqual(this.flash.map(at, bytes.length), bytes)) {
        this.fail(p.slot);
        throw new UpdateError("CHUNK_CONFLICT", `bytes at [${offset}, ${offset + bytes.length}) do not read back (conflicting earlier chunk?): the update is abandoned`);
      }
    }
    for (let b = firstBlock; b <= lastBlock; b++) {
      if (p.safe[b] === 1) continue;
      const start = Math.max(offset, b * bs) - b * bs, end = Math.min(offset + bytes.length, b * bs + bs) - b * bs;
      if (this.cover(p, b, start, end)) {
        this.flash.write(this.headerStart(p.slot) + BITMAP_OFFSET + (b >> 3), clearBitByte(1 << (b & 7)));
        p.safe[b] = 1;
        p.partial.delete(b);
      }
    }
    return this.pending!.bytesSafe;
  }

  /**
   * Once every byte is safe: checks the stored update (header, its Ed25519 signature, SHA-256 of the model and vectors, version
   * policy) and its model (loads, ops supported, arena within budget, self-test vectors fit) and
   * records it VERIFIED. An UpdateError INCOMPLETE leaves the update pending; any other refusal
   * marks the slot FAILED. The active model is untouched either way.
   */
  finishUpdate(): PendingUpdate {
    const p = this.work;
    if (p === null) throw new UpdateError("NO_UPDATE", "no update in progress");
    if (p.state === "verified") return this.pending!;
    const missing = this.missing();
    if (missing.length > 0) {
      const n = missing.reduce((s, r) => s + r[1] - r[0], 0);
      throw new UpdateError("INCOMPLETE", `${n} of the update's ${p.record.updateLength} bytes have not arrived (first missing at ${missing[0]![0]})`);
    }
    if (p.state === "writing") {
      this.clearState(p.slot, StateBit.WRITTEN);
      p.state = "written";
    }
    const bytes = this.flash.map(this.dataStart(p.slot), p.record.updateLength);
    try {
      if (!bytesEqual(bytes.subarray(0, UPDATE_HEADER_BYTES), p.record.updateHeader)) throw new UpdateError("HEADER_MISMATCH", "the header in the update's bytes is not the one it began with");
      const checked = checkUpdate(bytes, this.options.trustedKeys);
      this.checkPolicy(checked.header, p.record.updateHeader);
      validateModel(checked.model, { input: checked.selfTestInput.length, output: checked.selfTestOutput.length }, this.validateOptions());
    } catch (e) {
      if (e instanceof UpdateError) this.fail(p.slot);
      throw e;
    }
    this.clearState(p.slot, StateBit.VERIFIED);
    p.state = "verified";
    return this.pending!;
  }

  /**
   * Makes the verified update the active model (one bit decides), then runs its self-test: pass,
   * and it is CONFIRMED and returned; fail, and it is marked FAILED at once, the previous model
   * stays active, and UpdateError SELFTEST_FAILED is thrown. Should the power fail in between,
   * the next open() rolls back.
   */
  activate(): ActiveModel {
    const p = this.work;
    if (p === null || p.state !== "verified") throw new UpdateError("NO_UPDATE", p === null ? "no update in progress" : "the update is not verified: call finishUpdate first");
    this.checkPolicy(p.header, p.record.updateHeader);
    const layout = this.layoutOf(p.header);
    const data = this.dataStart(p.slot);
    const bytes = this.flash.map(data + layout.modelOffset, p.header.modelLength);
    const model = Model.from(bytes);
    this.clearState(p.slot, StateBit.ACTIVE);
    const result = runSelfTest(model, this.flash.map(data + layout.inputOffset, p.header.selfTestInputLength), this.flash.map(data + layout.outputOffset, p.header.selfTestOutputLength), this.options.interpreter);
    if (!result.passed) {
      // Remembered before the slot is marked FAILED: a cut in between rolls back at boot, and the update stays refused.
      this.reject(p.slot, p.record.updateHeader);
      this.fail(p.slot);
      this.rollbacks++;
      throw new UpdateError("SELFTEST_FAILED", `${p.header.modelId} v${p.header.modelVersion}: ${result.detail}; rolled back to ${this.activeModel === null ? "the built-in model" : `${this.activeModel.modelId} v${this.activeModel.modelVersion}`}`);
    }
    this.clearState(p.slot, StateBit.CONFIRMED);
    this.work = null;
    this.activeModel = { slot: p.slot, generation: p.record.generation, modelId: p.header.modelId, modelVersion: p.header.modelVersion, header: p.header, bytes, model };
    return this.activeModel;
  }

  /** Abandons the pending update (marks its slot FAILED). */
  abortUpdate(): void {
    if (this.work !== null) this.fail(this.work.slot);
  }

  // --- boot ---

  private resolve(): void {
    const scans: SlotScan[] = [];
    for (let i = 0; i < this.slotCount; i++) scans.push(this.scan(i));
    const bootable = scans.filter((s) => s.state === "active" || s.state === "confirmed").sort((a, b) => b.record!.generation - a.record!.generation);
    for (const s of bootable) {
      const header = s.header!;
      const rolledBack = (reason: string) => {
        this.clearState(s.index, StateBit.FAILED);
        this.boot.rolledBack.push({ slot: s.index, modelId: header.modelId, modelVersion: header.modelVersion, reason });
      };
      if (s.state === "active") {
        rolledBack("activated, but its self-test result was never recorded");
        continue;
      }
      const layout = this.layoutOf(header);
      const bytes = this.flash.map(this.dataStart(s.index) + layout.modelOffset, header.modelLength);
      if (this.options.verifyOnBoot !== false && !bytesEqual(sha256(bytes), header.modelSha256)) {
        rolledBack("its bytes no longer match their SHA-256");
        continue;
      }
      let model: Model;
      try {
        model = Model.from(bytes);
      } catch (e) {
        rolledBack(`it no longer loads (${(e as Error).message})`);
        continue;
      }
      this.activeModel = { slot: s.index, generation: s.record!.generation, modelId: header.modelId, modelVersion: header.modelVersion, header, bytes, model };
      break;
    }
    const floor = this.activeModel?.generation ?? 0;
    const inProgress = scans
      .filter((s) => (s.state === "writing" || s.state === "written" || s.state === "verified") && s.record!.generation > floor)
      .sort((a, b) => b.record!.generation - a.record!.generation)[0];
    if (inProgress !== undefined) this.work = this.pendingFrom(inProgress.index, inProgress.record!, inProgress.header!, inProgress.state as Pending["state"]);
  }

  private scan(index: number): SlotScan {
    const sector = this.flash.map(this.headerStart(index), this.flash.sectorSize);
    const record = decodeRecord(sector);
    if (record === null) return { index, record: null, header: null, state: "empty" };
    let header: UpdateHeader;
    try {
      header = parseUpdateHeader(record.updateHeader);
    } catch {
      return { index, record, header: null, state: "corrupt" };
    }
    if (record.updateLength !== header.totalLength || record.updateLength > this.capacity || bitmapBytes(record.updateLength, record.blockSize) > this.flash.sectorSize - BITMAP_OFFSET) {
      return { index, record, header, state: "corrupt" };
    }
    return { index, record, header, state: decodeState(sector[STATE_OFFSET]!) };
  }

  private pendingFrom(slot: number, record: SlotRecord, header: UpdateHeader, state: Pending["state"]): Pending {
    const blocks = Math.ceil(record.updateLength / record.blockSize);
    const safe = new Uint8Array(blocks);
    const bitmap = this.flash.map(this.headerStart(slot) + BITMAP_OFFSET, bitmapBytes(record.updateLength, record.blockSize));
    for (let b = 0; b < blocks; b++) safe[b] = (bitmap[b >> 3]! >> (b & 7)) & 1 ? 0 : 1;
    return { slot, record, header, state, blocks, safe, partial: new Map() };
  }

  // --- helpers ---

  private checkPolicy(h: UpdateHeader, signedHeader: Uint8Array): void {
    if (this.rejected().has(rejectionKey(signedHeader))) {
      throw new UpdateError("REJECTED", `${h.modelId} v${h.modelVersion} failed its self-test on this device before: this update is refused for good (publish a new version)`);
    }
    const current = this.activeModel ?? this.options.builtin ?? null;
    if (current === null) return;
    if (h.modelId !== current.modelId) {
      if (this.options.allowModelIdChange === true) return;
      throw new UpdateError("WRONG_MODEL", `the update is for model '${h.modelId}'; this device runs '${current.modelId}'`);
    }
    if (h.modelVersion <= current.modelVersion && !h.allowDowngrade) {
      throw new UpdateError("DOWNGRADE", `version ${h.modelVersion} is not newer than the active ${current.modelVersion} (and the update does not allow a downgrade)`);
    }
  }

  /** Every update that failed its self-test here, by rejectionKey, from the logs of every slot's header sector. */
  rejected(): Set<string> {
    const out = new Set<string>();
    for (let i = 0; i < this.slotCount; i++) for (const k of rejectionsIn(this.rejectionLog(i))) out.add(k);
    return out;
  }

  private rejectionLog(slot: number): Uint8Array {
    return this.flash.map(this.headerStart(slot) + REJECTIONS_OFFSET, REJECTION_SLOTS * REJECTION_BYTES);
  }

  /** Appends an entry to a slot's log (into erased flash: a torn entry fails its CRC and is skipped). False when the log is full. */
  private appendRejection(slot: number, key: string): boolean {
    const log = this.rejectionLog(slot);
    for (let e = 0; e < REJECTION_SLOTS; e++) {
      if (!log.subarray(e * REJECTION_BYTES, (e + 1) * REJECTION_BYTES).every((b) => b === 0xff)) continue;
      this.flash.write(this.headerStart(slot) + REJECTIONS_OFFSET + e * REJECTION_BYTES, encodeRejection(key));
      return true;
    }
    return false;
  }

  private reject(slot: number, signedHeader: Uint8Array): void {
    const key = rejectionKey(signedHeader);
    if (!rejectionsIn(this.rejectionLog(slot)).includes(key)) this.appendRejection(slot, key);
  }

  /** Before `target`'s header sector is erased: the rejections only it records go to another slot's log (the serving slot's when there is one). */
  private keepRejections(target: number): void {
    const own = rejectionsIn(this.rejectionLog(target));
    if (own.length === 0) return;
    const others = new Set<string>();
    for (let i = 0; i < this.slotCount; i++) if (i !== target) for (const k of rejectionsIn(this.rejectionLog(i))) others.add(k);
    const keepers = [this.activeModel?.slot ?? -1, ...Array.from({ length: this.slotCount }, (_, i) => i)].filter((i) => i >= 0 && i !== target);
    for (const key of own) {
      if (others.has(key)) continue;
      for (const k of keepers) if (this.appendRejection(k, key)) break;
    }
  }

  private pickTarget(): number {
    const serving = this.activeModel?.slot ?? -1;
    let best = -1, bestRank = Infinity;
    for (let i = 0; i < this.slotCount; i++) {
      if (i === serving) continue;
      const s = this.scan(i);
      // Free slots first, then the oldest generation (the previous model, kept for nothing more).
      const free = s.state === "empty" || s.state === "failed" || s.state === "corrupt";
      const rank = free ? -1 : s.record!.generation;
      if (rank < bestRank) {
        best = i;
        bestRank = rank;
      }
    }
    return best;
  }

  private maxGeneration(): number {
    let g = 0;
    for (let i = 0; i < this.slotCount; i++) g = Math.max(g, this.scan(i).record?.generation ?? 0);
    return g;
  }

  private blockSizeFor(): number {
    let bs = this.options.blockSize ?? DEFAULT_BLOCK;
    while (bitmapBytes(this.capacity, bs) > this.flash.sectorSize - BITMAP_OFFSET) bs *= 2;
    return bs;
  }

  private blockLength(p: Pending, b: number): number {
    return Math.min(p.record.blockSize, p.record.updateLength - b * p.record.blockSize);
  }

  /** Adds [start, end) to block b's coverage; true when the block is now entirely covered. */
  private cover(p: Pending, b: number, start: number, end: number): boolean {
    const len = this.blockLength(p, b);
    if (start === 0 && end >= len) return true;
    const list = p.partial.get(b) ?? [];
    list.push([start, end]);
    list.sort((x, y) => x[0] - y[0]);
    const merged: [number, number][] = [];
    for (const r of list) {
      const last = merged[merged.length - 1];
      if (last !== undefined && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    p.partial.set(b, merged);
    return merged.length === 1 && merged[0]![0] === 0 && merged[0]![1] >= len;
  }

  private fail(slot: number): void {
    if (this.work?.slot === slot) this.work = null;
    this.clearState(slot, StateBit.FAILED);
  }

  private clearState(slot: number, bit: number): void {
    this.flash.write(this.headerStart(slot) + STATE_OFFSET, clearBitByte(bit));
  }

  private validateOptions() {
    return { maxArenaBytes: this.options.maxArenaBytes, interpreter: this.options.interpreter };
  }

  private layoutOf(h: UpdateHeader): UpdateLayout {
    return updateLayout(h.modelLength, h.selfTestInputLength, h.selfTestOutputLength);
  }

  private headerStart(slot: number): number {
    return slot * this.slotSectors * this.flash.sectorSize;
  }

  private dataStart(slot: number): number {
    return this.headerStart(slot) + this.flash.sectorSize;
  }
}
