/**
 * Fuzzed transfers: random chunk sizes, repeated and out-of-order chunks, resets (reopening the
 * store) and power cuts between and inside chunks. The old model serves throughout; at the end the
 * new one is active.
 */
import test from "ava";
import { ModelStore } from "../../src/lifecycle/model_store";
import { PowerCut, SimFlash } from "../../src/lifecycle/sim_flash";
import { rng, randInt } from "../helpers/random";
import { fcModel, makeUpdate, options, sha, sineModel, storeWith } from "./helpers";

test("random chunk sequences with repeats, reordering, resets and power cuts", (t) => {
  const oldSha = sha(sineModel);
  const newModel = fcModel(5, 48, 40);
  const update = makeUpdate(newModel, { version: 2 });
  const { flash: f0 } = storeWith(makeUpdate(sineModel, { version: 1 }));
  const base = f0.bytes.slice();
  let resets = 0, cuts = 0, chunks = 0;
  const RUNS = 150;
  for (let run = 0; run < RUNS; run++) {
    const r = rng(1000 + run);
    let flash = new SimFlash(f0.sectorSize, f0.sectorCount, base.slice());
    let store = ModelStore.open(flash, options());
    const reboot = (cut: boolean) => {
      flash = flash.reboot();
      store = ModelStore.open(flash, options());
      if (store.active === null || (sha(store.active.bytes) !== oldSha && sha(store.active.bytes) !== sha(newModel))) t.fail(`run ${run}: bad active model after a reset`);
      if (cut) cuts++;
      else resets++;
    };
    let done = false;
    for (let step = 0; step < 2000 && !done; step++) {
      try {
        if (r() < 0.03) flash.inject({ afterOps: randInt(r, 0, 3), tear: r() < 0.5, flip: r() < 0.3, seed: step });
        if (store.pending === null || store.pending.header.modelVersion !== 2) store.beginUpdate(update.subarray(0, 128));
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
          chunks++;
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
      t.fail(`run ${run}: the update did not complete`);
      continue;
    }
    const final = ModelStore.open(flash.reboot(), options());
    t.is(sha(final.active!.bytes), sha(newModel), `run ${run}`);
  }
  t.log(`${RUNS} fuzzed transfers: ${chunks} chunks, ${resets} resets, ${cuts} power cuts`);
});
