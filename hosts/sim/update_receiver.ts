/**
 * Receives signed model updates into a ModelStore a chunk at a time, as a device does from its
 * network while the firmware goes on inferring: `step()` (called from the firmware's own timer
 * tick) writes the next chunk; once an update's bytes are all in flash it is verified (hashes,
 * Ed25519 signature, the model loads, its ops and arena fit), activated and self-tested, and
 * `onActive` gets the new active model. A refused update leaves the active model serving and
 * goes to `onRefused`; the next update in the queue follows.
 */
import type { ActiveModel, ModelStore } from "../../src/lifecycle/model_store";
import { UPDATE_HEAD_BYTES } from "../../src/lifecycle/update";
import { UpdateError } from "../../src/lifecycle/update_error";

export interface QueuedUpdate {
  label: string;
  bytes: Uint8Array;
}

export interface UpdateReceiverOptions {
  /** Bytes written per step (default 512). */
  chunkBytes?: number;
  /** Clock for the verification time, ms. */
  now(): number;
  log(line: string): void;
  onActive(active: ActiveModel, label: string): void;
  onRefused?(error: UpdateError, label: string): void;
}

export class UpdateReceiver {
  #store: ModelStore;
  #queue: QueuedUpdate[];
  #o: UpdateReceiverOptions;
  #current: QueuedUpdate | null = null;
  #at = 0;

  constructor(store: ModelStore, updates: readonly QueuedUpdate[], options: UpdateReceiverOptions) {
    this.#store = store;
    this.#queue = [...updates];
    this.#o = options;
  }

  /** True once every queued update was installed or refused. */
  get done(): boolean {
    return this.#current === null && this.#queue.length === 0;
  }

  step(): void {
    if (this.#current === null && !this.#begin()) return;
    const u = this.#current!;
    try {
      if (this.#at < u.bytes.length) {
        const n = this.#o.chunkBytes ?? 512;
        this.#store.writeChunk(this.#at, u.bytes.subarray(this.#at, Math.min(u.bytes.length, this.#at + n)));
        this.#at += n;
        return;
      }
      this.#current = null;
      const t0 = this.#o.now();
      this.#store.finishUpdate();
      const t1 = this.#o.now();
      const active = this.#store.activate();
      this.#o.log(`${u.label}: verified in ${(t1 - t0).toFixed(0)} ms (the header's Ed25519 signature, the SHA-256 of the model and of the self-test pair, the model loads, its ops, its arena); activated '${active.modelId}' v${active.modelVersion} in slot ${active.slot}, self-test passed in ${(this.#o.now() - t1).toFixed(0)} ms`);
      this.#o.onActive(active, u.label);
    } catch (e) {
      this.#current = null;
      this.#refused(e, u.label);
    }
  }

  /** Starts the next queued update; false when there is none (or it was refused at once). */
  #begin(): boolean {
    const u = this.#queue.shift();
    if (u === undefined) return false;
    try {
      const p = this.#store.beginUpdate(u.bytes.subarray(0, UPDATE_HEAD_BYTES));
      this.#o.log(`${u.label}: receiving '${p.header.modelId}' v${p.header.modelVersion}, ${p.totalLength} bytes, into slot ${p.slot}${p.bytesSafe > 0 ? `, resuming at byte ${p.nextOffset}` : ""}`);
      this.#current = u;
      this.#at = p.nextOffset;
      return true;
    } catch (e) {
      this.#refused(e, u.label);
      return false;
    }
  }

  #refused(e: unknown, label: string): void {
    if (!(e instanceof UpdateError)) throw e;
    const active = this.#store.active;
    this.#o.log(`${label}: refused (${e.code}): ${e.message}; still serving ${active === null ? "the built-in model" : `'${active.modelId}' v${active.modelVersion}`}`);
    this.#o.onRefused?.(e, label);
  }
}
