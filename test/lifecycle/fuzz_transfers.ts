/**
 * Fuzzed transfers, shared by the fuzz test and the lifecycle benchmark: random chunk sizes,
 * repeated and out-of-order chunks, resets (reopening the store) and power cuts between and inside
 * chunks. The old model must serve throughout; at the end the new one must be active.
 */
import { ModelStore } from "../../src/lifecycle/model_store";
import { UPDATE_HEAD_BYTES } from "../../src/lifecycle/update";
import { PowerCut, SimFlash } from "../../src/lifecycle/sim_flash";
import { rng, randInt } from "../helpers/random";
import { fcModel, makeUpdate, options, sha, sineModel, storeWith } from "./helpers";

export interface FuzzResult {
  runs: number;
  chunks: number;
  resets: number;
  cuts: number;
  /** Reopens with no valid model (or a mix) active. */
  bricked: number;
  failures: string[];
}

export function fuzzTransfers(runs: number): FuzzResult {
  const oldSha = sha(sineModel);
  const newModel = fcModel(5, 48, 40);
  const newSha = sha(newModel);
  const update = makeUpdate(newModel, { version: 2 });
  const { flash: f0 } = storeWith(makeUpdate(sineModel, { version: 1 }));
  const base = f0.bytes.slice();
  const result: FuzzResult = { runs, chunks: 0, resets: 0, cuts: 0, bricked: 0, failures: [] };
  for (let run = 0; run < runs; run++) {
    const r = rng(1000 + run);
    let flash = new SimFlash(f0.sectorSize, f0.sectorCount, base.slice());
    let store = ModelStore.open(flash, options());
    const reboot = (cut: boolean) => {
      flash = flash.reboot();
      store = ModelStore.open(flash, options());
      if (store.active === null || (sha(store.active.bytes) !== oldSha && sha(store.active.bytes) !== newSha)) {
        result.bricked++;
        result.failures.push(`run ${run}: bad active model after a reset`);
      }
      if (cut) result.cuts++;
      else result.resets++;
    };
    let done = false;
    for (let step = 0; step < 2000 && !done; step++) {
      try {
        if (r() < 0.03) flash.inject({ afterOps: randInt(r, 0, 3), tear: r() < 0.5, flip: r() < 0.3, seed: step });
        if (store.pending === null || store.pending.header.modelVersion !== 2) store.beginUpdate(update.subarray(0, UPDATE_HEAD_BYTES));
        const p = store.pending!;
        if (p.state === "writing" && store.missing().length === 0) {
          store.finishUpdate(); // everything arrived before a reset
        } else if (p.state === "writing") {
          // Mostly where it is missing, sometimes anywhere (repeats), random sizes.
          const missing = store.missing();
          const [ms, me] = missing[randInt(r, 0, missing.length - 1)]!;
          const x = r();
          const start = x < 0.4 ? ms : x < 0.8 ? randInt(r, ms, me - 1) : randInt(r, 0, update.length - 1);
          const end = Math.min(update.length, start + randInt(r, 1, 700));
          store.writeChunk(start, update.subarray(start, end));
          result.chunks++;
          if (store.pending!.bytesSafe === update.length) store.finishUpdate();
        } else if (p.state === "written") {
          store.finishUpdate();
        } else {
          store.activate();
          done = true;
        }
        if (!done && r() < 0.05) reboot(false);
      } catch (e) {
        if (!(e instanceof PowerCut)) throw e;
        reboot(true);
      }
    }
    if (!done) {
      result.failures.push(`run ${run}: the update did not complete`);
      continue;
    }
    const final = ModelStore.open(flash.reboot(), options());
    if (final.active === null || sha(final.active.bytes) !== newSha) result.failures.push(`run ${run}: the new model is not active at the end`);
  }
  return result;
}
