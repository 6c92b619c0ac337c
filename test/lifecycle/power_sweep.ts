/**
 * Power-cut sweeps over a model update, shared by the power tests (which assert that nothing went
 * wrong) and the lifecycle benchmark (which reports how many fault points were tried).
 *
 * A fault point: the power is cut at a given flash operation or byte of an update and its
 * activation (plain, torn, torn with a flipped bit), optionally again in the first write of the
 * boot that follows. After each "reboot" a valid model must be active, the old one or the new one
 * (SHA-256 of the mapped bytes), never none ("bricked") and never a mix; then the update must
 * always be completable (resumed, or restarted after a rollback). After each reboot the device is
 * first offered a forged header (the update's, with its signature zeroed): it must be refused
 * without a single flash operation.
 */
import { ModelStore } from "../../src/lifecycle/model_store";
import { UPDATE_HEAD_BYTES, UPDATE_HEADER_BYTES } from "../../src/lifecycle/update";
import { UpdateError } from "../../src/lifecycle/update_error";
import { type FaultPlan, PowerCut, SimFlash } from "../../src/lifecycle/sim_flash";
import { complete, install, options, SECTOR, sha, storeWith } from "./helpers";

export interface Scenario {
  name: string;
  /** Flash image with the old model active. */
  base: Uint8Array;
  oldSha: string;
  newSha: string;
  update: Uint8Array;
  chunk: number;
}

export interface SweepResult {
  scenario: string;
  /** Flash operations (writes + erases) or bytes a clean update takes. */
  operations: number;
  bytes: number;
  /** Fault points where the power was actually cut. */
  cuts: number;
  /** Of which cuts during the boot after the first cut. */
  bootCuts: number;
  /** Reboots with no valid model active. */
  bricked: number;
  /** Reboots with a model that is neither the old nor the new one. */
  mixed: number;
  /** Forged headers offered after a reboot (each must be refused with no flash operation). */
  forged: number;
  /** Everything else that went wrong, described. */
  failures: string[];
}

/** A scenario: `oldUpdates` installed in order on a blank flash, then `update` (of `newModel`) in chunks of `chunk`. */
export function scenario(name: string, oldUpdates: Uint8Array[], oldModel: Uint8Array, newModel: Uint8Array, update: Uint8Array, chunk: number): Scenario {
  const { flash, store } = storeWith(oldUpdates[0]!);
  for (const u of oldUpdates.slice(1)) install(store, u);
  return { name, base: flash.bytes.slice(), oldSha: sha(oldModel), newSha: sha(newModel), update, chunk };
}

/** The operations and bytes a clean update takes. */
export function measure(s: Scenario): { ops: number; bytes: number } {
  const flash = new SimFlash(SECTOR, s.base.length / SECTOR, s.base.slice());
  const store = ModelStore.open(flash, options());
  const ops0 = flash.ops, bytes0 = flash.bytesWritten;
  install(store, s.update, s.chunk);
  return { ops: flash.ops - ops0, bytes: flash.bytesWritten - bytes0 };
}

function emptyResult(s: Scenario): SweepResult {
  const { ops, bytes } = measure(s);
  return { scenario: s.name, operations: ops, bytes, cuts: 0, bootCuts: 0, bricked: 0, mixed: 0, forged: 0, failures: [] };
}

/** Opens the store after a reboot and checks its active model; null when there is none or it is a mix. */
function openChecked(r: SweepResult, flash: SimFlash, s: Scenario, what: string): ModelStore | null {
  const store = ModelStore.open(flash, options());
  const a = store.active;
  if (a === null) {
    r.bricked++;
    r.failures.push(`${what}: no active model after reboot`);
    return null;
  }
  const h = sha(a.bytes);
  if (h !== s.oldSha && h !== s.newSha) {
    r.mixed++;
    r.failures.push(`${what}: the active model is neither the old nor the new one`);
    return null;
  }
  return store;
}

/** Offers the update's header with its signature zeroed: it must be refused (BAD_SIGNATURE) with no flash operation. */
function offerForged(r: SweepResult, flash: SimFlash, store: ModelStore, s: Scenario, what: string): void {
  const forged = s.update.slice(0, UPDATE_HEAD_BYTES).fill(0, UPDATE_HEADER_BYTES);
  const ops = flash.ops;
  r.forged++;
  try {
    store.beginUpdate(forged);
    r.failures.push(`${what}: a forged header was accepted`);
  } catch (e) {
    if (!(e instanceof UpdateError) || e.code !== "BAD_SIGNATURE") r.failures.push(`${what}: a forged header gave ${(e as Error).message}`);
  }
  if (flash.ops !== ops) r.failures.push(`${what}: a forged header caused ${flash.ops - ops} flash operations`);
}

/** One fault point: cut, reboot (optionally cut the boot's first write too), check, then finish the update and check again. */
function tryFault(r: SweepResult, s: Scenario, fault: FaultPlan, cutBoot: boolean, what: string): { cut: boolean; bootWrote: boolean } {
  let flash = new SimFlash(SECTOR, s.base.length / SECTOR, s.base.slice());
  const store = ModelStore.open(flash, options());
  flash.inject(fault);
  let cut = false;
  try {
    install(store, s.update, s.chunk);
  } catch (e) {
    if (!(e instanceof PowerCut)) throw e;
    cut = true;
  }
  flash = flash.reboot();
  let bootWrote = false;
  if (cutBoot) {
    flash.inject({ afterOps: 0, tear: true, flip: true });
    try {
      ModelStore.open(flash, options());
    } catch (e) {
      if (!(e instanceof PowerCut)) throw e;
      bootWrote = true;
    }
    flash = flash.reboot();
  }
  const after = openChecked(r, flash, s, what);
  if (after === null) return { cut, bootWrote };
  offerForged(r, flash, after, s, what);
  if (!cut && sha(after.active!.bytes) !== s.newSha) r.failures.push(`${what}: the update completed but the old model is active`);
  if (sha(after.active!.bytes) !== s.newSha) complete(after, s.update, s.chunk);
  const final = openChecked(r, flash.reboot(), s, `${what} (after completing)`);
  if (final !== null && sha(final.active!.bytes) !== s.newSha) r.failures.push(`${what}: the update could not be completed after the reboot`);
  return { cut, bootWrote };
}

/** A cut at every flash operation (plain, torn, torn + flipped bit), and after each a cut in the next boot's first write. */
export function sweepOperations(s: Scenario): SweepResult {
  const r = emptyResult(s);
  for (let k = 0; k <= r.operations; k++) {
    for (const variant of [{}, { tear: true }, { tear: true, flip: true, seed: k }]) {
      if (tryFault(r, s, { afterOps: k, ...variant }, false, `cut after ${k} ops ${JSON.stringify(variant)}`).cut) r.cuts++;
    }
    if (tryFault(r, s, { afterOps: k, tear: true }, true, `cut after ${k} ops, then in the boot's first write`).bootWrote) r.bootCuts++;
  }
  return r;
}

/** A cut at every byte the update writes (torn writes, every other one with a flipped bit). */
export function sweepBytes(s: Scenario): SweepResult {
  const r = emptyResult(s);
  for (let k = 0; k <= r.bytes; k++) {
    if (tryFault(r, s, { afterBytes: k, flip: k % 2 === 1, seed: k }, false, `cut after ${k} bytes`).cut) r.cuts++;
  }
  return r;
}
