/**
 * Power cuts everywhere: at every flash operation (write or erase) of a full update and its
 * activation, plain, torn and with a flipped bit; at every byte of a short update; and again
 * during the boot that follows. After each "reboot": a valid model is active, it is the old one
 * or the new one (SHA-256 of the mapped bytes), never none and never a mix; then the update can
 * always be completed (resumed, or restarted after a rollback).
 */
import test, { type ExecutionContext } from "ava";
import { ModelStore } from "../../src/lifecycle/model_store";
import { type FaultPlan, PowerCut, SimFlash } from "../../src/lifecycle/sim_flash";
import { complete, fcModel, install, makeUpdate, options, SECTOR, sha, sineModel, storeWith } from "./helpers";

interface Scenario {
  /** Flash image with the old model active. */
  base: Uint8Array;
  oldSha: string;
  newSha: string;
  update: Uint8Array;
  chunk: number;
}

function scenario(oldUpdates: Uint8Array[], oldModel: Uint8Array, newModel: Uint8Array, update: Uint8Array, chunk: number): Scenario {
  const { flash, store } = storeWith(oldUpdates[0]!);
  for (const u of oldUpdates.slice(1)) install(store, u);
  return { base: flash.bytes.slice(), oldSha: sha(oldModel), newSha: sha(newModel), update, chunk };
}

/** The operations and bytes a clean update takes. */
function measure(s: Scenario): { ops: number; bytes: number } {
  const flash = new SimFlash(SECTOR, s.base.length / SECTOR, s.base.slice());
  const store = ModelStore.open(flash, options());
  const ops0 = flash.ops, bytes0 = flash.bytesWritten;
  install(store, s.update, s.chunk);
  return { ops: flash.ops - ops0, bytes: flash.bytesWritten - bytes0 };
}

function openChecked(t: ExecutionContext, flash: SimFlash, s: Scenario, what: string): ModelStore {
  const store = ModelStore.open(flash, options());
  const a = store.active;
  if (a === null) {
    t.fail(`${what}: no active model after reboot`);
    throw new Error("stop");
  }
  const h = sha(a.bytes);
  if (h !== s.oldSha && h !== s.newSha) t.fail(`${what}: the active model is neither the old nor the new one`);
  return store;
}

/** One fault point: cut, reboot (optionally cut the boot's first write too), check, then finish the update and check again. */
function tryFault(t: ExecutionContext, s: Scenario, fault: FaultPlan, cutBoot: boolean, what: string): { cut: boolean; bootWrote: boolean } {
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
  let after = openChecked(t, flash, s, what);
  if (!cut && sha(after.active!.bytes) !== s.newSha) t.fail(`${what}: the update completed but the old model is active`);
  if (sha(after.active!.bytes) !== s.newSha) complete(after, s.update, s.chunk);
  after = openChecked(t, flash.reboot(), s, `${what} (after completing)`);
  if (sha(after.active!.bytes) !== s.newSha) t.fail(`${what}: the update could not be completed after the reboot`);
  return { cut, bootWrote };
}

function sweepOps(t: ExecutionContext, s: Scenario): number {
  const { ops } = measure(s);
  let points = 0, bootCuts = 0;
  for (let k = 0; k <= ops; k++) {
    for (const variant of [{}, { tear: true }, { tear: true, flip: true, seed: k }]) {
      const r = tryFault(t, s, { afterOps: k, ...variant }, false, `cut after ${k} ops ${JSON.stringify(variant)}`);
      if (r.cut) points++;
    }
    const r = tryFault(t, s, { afterOps: k, tear: true }, true, `cut after ${k} ops, then in the boot's first write`);
    if (r.bootWrote) bootCuts++;
  }
  t.log(`${ops} flash operations in the update; ${points} cuts at operations (plain, torn, torn + bit flip), ${bootCuts} more cuts during the following boot`);
  t.true(points >= 3 * ops);
  return points + bootCuts;
}

test("a power cut at every flash operation of an update and its activation", (t) => {
  const s = scenario([makeUpdate(sineModel, { version: 1 })], sineModel, fcModel(3, 64, 32), makeUpdate(fcModel(3, 64, 32), { version: 2 }), 200);
  sweepOps(t, s);
});

test("a power cut at every flash operation when the update replaces an older confirmed slot", (t) => {
  const b = fcModel(1);
  const s = scenario([makeUpdate(sineModel, { version: 1 }), makeUpdate(b, { version: 2 })], b, fcModel(4, 32, 16), makeUpdate(fcModel(4, 32, 16), { version: 3 }), 333);
  sweepOps(t, s);
});

test("a power cut at every byte written by a short update (torn writes, every other one with a flipped bit)", (t) => {
  const a = fcModel(1);
  const s = scenario([makeUpdate(a, { version: 1 })], a, sineModel, makeUpdate(sineModel, { version: 2 }), 256);
  const { bytes } = measure(s);
  let points = 0;
  for (let k = 0; k <= bytes; k++) {
    const r = tryFault(t, s, { afterBytes: k, flip: k % 2 === 1, seed: k }, false, `cut after ${k} bytes`);
    if (r.cut) points++;
  }
  t.log(`${bytes} bytes written by the update; ${points} cuts at byte granularity`);
  t.true(points >= bytes);
});
