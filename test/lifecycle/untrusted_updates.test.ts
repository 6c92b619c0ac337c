/**
 * What an attacker who can talk to the update flow can do: send headers (unsigned, forged, signed
 * by another key) and replay signed updates. Neither may cost the device its fallback model:
 * nothing is written to flash before the header's signature verifies, and a signed update that
 * failed its self-test is refused for good, also after reboots and after its slot was reused.
 */
import test from "ava";
import { ModelStore } from "../../src/lifecycle/model_store";
import { UPDATE_HEAD_BYTES, UPDATE_HEADER_BYTES } from "../../src/lifecycle/update";
import { UpdateError } from "../../src/lifecycle/update_error";
import { fcModel, install, makeUpdate, options, OTHER_SECRET, sha, storeWith } from "./helpers";

const V1 = makeUpdate(fcModel(1), { version: 1 });
const V2 = makeUpdate(fcModel(2), { version: 2 });
const V3 = makeUpdate(fcModel(3), { version: 3 });

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof UpdateError) return e.code;
    throw e;
  }
  return undefined;
}

test("unsigned, forged and short headers change nothing in flash; the fallback model survives a bit rot in the active one", (t) => {
  const { flash, store } = storeWith(V1);
  install(store, V2);
  const before = flash.bytes.slice(), ops = flash.ops;
  const unsigned = V3.slice(0, UPDATE_HEAD_BYTES).fill(0, UPDATE_HEADER_BYTES);
  const forged = V3.slice(0, UPDATE_HEAD_BYTES);
  forged[12] = 9; // the version, after signing
  const otherKey = makeUpdate(fcModel(3), { version: 3, secret: OTHER_SECRET }).subarray(0, UPDATE_HEAD_BYTES);
  t.is(code(() => store.beginUpdate(unsigned)), "BAD_SIGNATURE");
  t.is(code(() => store.beginUpdate(forged)), "BAD_SIGNATURE");
  t.is(code(() => store.beginUpdate(otherKey)), "BAD_SIGNATURE");
  t.is(code(() => store.beginUpdate(V3.subarray(0, UPDATE_HEADER_BYTES))), "BAD_HEADER", "a header without its signature is not enough");
  t.is(flash.ops, ops, "no flash operation");
  t.deepEqual(flash.bytes, before);
  // Bit rot in v2's model: the next boot falls back to v1, which the headers above did not erase.
  const v2Slot = store.active!.slot;
  const rotAt = v2Slot * (flash.sectorCount / 2) * flash.sectorSize + flash.sectorSize + UPDATE_HEAD_BYTES + 40;
  flash.bytes[rotAt]! ^= 0x04;
  const rebooted = ModelStore.open(flash.reboot(), options());
  t.is(rebooted.active?.modelVersion, 1);
  t.is(sha(rebooted.active!.bytes), sha(fcModel(1)));
});

test("a signed update that failed its self-test is refused for good, without a flash operation, across reboots and slot reuse", (t) => {
  const failing = makeUpdate(fcModel(3), { version: 3, allowDowngrade: true, expected: new Uint8Array(4).fill(7) });
  const { flash, store } = storeWith(V1);
  t.is(code(() => install(store, failing)), "SELFTEST_FAILED");
  t.is(store.active!.modelVersion, 1);
  const replay = () => {
    const rebooted = flash.reboot();
    const s = ModelStore.open(rebooted, options());
    const ops = rebooted.ops, bytes = rebooted.bytes.slice();
    const c = code(() => s.beginUpdate(failing.subarray(0, UPDATE_HEAD_BYTES)));
    t.is(rebooted.ops, ops);
    t.deepEqual(rebooted.bytes, bytes);
    return { c, s };
  };
  t.is(code(() => store.beginUpdate(failing.subarray(0, UPDATE_HEAD_BYTES))), "REJECTED");
  t.is(replay().c, "REJECTED", "after a reboot");
  // v2 overwrites the failed slot (the rejection moves to v1's slot first), then v4 overwrites v1's.
  let { s } = replay();
  install(s, V2);
  t.is(replay().c, "REJECTED", "after its slot was reused");
  ({ s } = replay());
  install(s, makeUpdate(fcModel(4), { version: 4 }));
  const last = replay();
  t.is(last.c, "REJECTED", "after both slots were reused");
  t.is(last.s.active!.modelVersion, 4);
  // A new signed update (another version) still installs.
  install(last.s, makeUpdate(fcModel(5), { version: 5 }));
  t.is(last.s.active!.modelVersion, 5);
});
