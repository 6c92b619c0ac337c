/**
 * Power cuts everywhere (./power_sweep.ts): at every flash operation (write or erase) of a full
 * update and its activation, plain, torn and with a flipped bit; at every byte of a short update;
 * and again during the boot that follows. After each "reboot": a valid model is active, it is the
 * old one or the new one, never none and never a mix; a forged header changes nothing in flash;
 * then the update can always be completed.
 */
import test from "ava";
import { fcModel, makeUpdate } from "./helpers";
import { POWER_SCENARIOS } from "./power_scenarios";
import { sweepBytes, sweepOperations } from "./power_sweep";

test("a power cut at every flash operation of an update and its activation", (t) => {
  const r = sweepOperations(POWER_SCENARIOS.update());
  t.deepEqual(r.failures, []);
  t.true(r.cuts >= 3 * r.operations);
  t.true(r.forged >= r.cuts, "a forged header offered after every reboot");
  t.log(`${r.operations} flash operations in the update; ${r.cuts} cuts at operations (plain, torn, torn + bit flip), ${r.bootCuts} more cuts during the following boot; ${r.forged} forged headers refused without a flash operation`);
});

test("a power cut at every flash operation when the update replaces an older confirmed slot", (t) => {
  const r = sweepOperations(POWER_SCENARIOS.replace());
  t.deepEqual(r.failures, []);
  t.true(r.cuts >= 3 * r.operations);
  t.true(r.forged >= r.cuts, "a forged header offered after every reboot");
  t.log(`${r.operations} flash operations in the update; ${r.cuts} cuts at operations (plain, torn, torn + bit flip), ${r.bootCuts} more cuts during the following boot; ${r.forged} forged headers refused without a flash operation`);
});

test("a power cut at every byte written by a short update (torn writes, every other one with a flipped bit)", (t) => {
  const r = sweepBytes(POWER_SCENARIOS.bytes());
  t.deepEqual(r.failures, []);
  t.true(r.cuts >= r.bytes);
  t.log(`${r.bytes} bytes written by the update; ${r.cuts} cuts at byte granularity`);
});

test("the sweep itself counts a bricked device: a first install into a blank flash has nothing to fall back to", (t) => {
  // The same checks over a blank flash: a cut before the first model is active leaves none, which
  // the sweep must report (so a zero above means something).
  const s = POWER_SCENARIOS.update();
  const r = sweepBytes({ ...s, name: "blank", base: new Uint8Array(s.base.length).fill(0xff), update: makeUpdate(fcModel(9), { version: 2 }) });
  t.true(r.bricked > 0, JSON.stringify({ ...r, failures: r.failures.length }));
});
