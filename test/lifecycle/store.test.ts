/** ModelStore: install, activate, reopen, zero-copy active model, resume after a reset. */
import test from "ava";
import { Interpreter } from "../../src/interpreter/interpreter";
import { ModelStore } from "../../src/lifecycle/model_store";
import { UPDATE_HEAD_BYTES } from "../../src/lifecycle/update";
import { blankFlash, complete, fcModel, install, makeUpdate, options, sha, sineModel, storeWith } from "./helpers";

test("an empty store has no active model; updates install, activate and survive a reboot", (t) => {
  const flash = blankFlash();
  let store = ModelStore.open(flash, options());
  t.is(store.active, null);
  t.is(store.pending, null);
  install(store, makeUpdate(sineModel, { version: 1 }));
  t.is(store.active!.modelVersion, 1);
  t.is(sha(store.active!.bytes), sha(sineModel));
  const b = fcModel(1);
  install(store, makeUpdate(b, { version: 2 }));
  t.is(store.active!.modelVersion, 2);
  store = ModelStore.open(flash.reboot(), options());
  t.is(store.active!.modelVersion, 2);
  t.is(sha(store.active!.bytes), sha(b));
  t.deepEqual(store.slots().map((s) => s.state).sort(), ["confirmed", "confirmed"]);
  t.deepEqual(store.boot.rolledBack, []);
  // A third update goes to the older slot.
  install(store, makeUpdate(fcModel(2), { version: 3 }));
  store = ModelStore.open(flash.reboot(), options());
  t.is(store.active!.modelVersion, 3);
  t.deepEqual(store.slots().map((s) => s.generation).sort(), [2, 3]);
});

test("the active model is read in place from flash and runs", (t) => {
  const { flash, store } = storeWith(makeUpdate(sineModel, { version: 1 }));
  const a = store.active!;
  t.is(a.bytes.buffer, flash.bytes.buffer);
  t.is(a.bytes.byteOffset % 16, 0);
  const it = new Interpreter(a.model);
  it.input(0).data[0] = 10;
  it.invoke();
  t.is(it.output(0).bytes.length, 1);
});

test("an interrupted transfer resumes after a reset from what is safely in flash", (t) => {
  const { flash, store } = storeWith(makeUpdate(sineModel, { version: 1 }));
  const update = makeUpdate(fcModel(3, 64, 32), { version: 2 });
  store.beginUpdate(update.subarray(0, UPDATE_HEAD_BYTES));
  store.writeChunk(0, update.subarray(0, 1000));
  store.writeChunk(1500, update.subarray(1500, 2100));
  const s2 = ModelStore.open(flash.reboot(), options());
  const p = s2.pending!;
  t.is(p.state, "writing");
  t.is(p.nextOffset, 768); // blocks of 256 bytes: [0, 768) complete
  t.is(p.bytesSafe, 768 + 512); // and [1536, 2048)
  t.is(s2.active!.modelVersion, 1);
  t.deepEqual(s2.beginUpdate(update.subarray(0, UPDATE_HEAD_BYTES)), p); // the same header resumes, nothing erased
  complete(s2, update);
  t.is(s2.active!.modelVersion, 2);
});

test("a built-in model sets the version floor of an empty store", (t) => {
  const store = ModelStore.open(blankFlash(), options({ builtin: { modelId: "demo", modelVersion: 5 } }));
  const err = t.throws(() => store.beginUpdate(makeUpdate(sineModel, { version: 5 }).subarray(0, UPDATE_HEAD_BYTES)));
  t.is((err as { code?: string }).code, "DOWNGRADE");
  install(store, makeUpdate(sineModel, { version: 6 }));
  t.is(store.active!.modelVersion, 6);
});
