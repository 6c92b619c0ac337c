/** Every bad update is refused with a typed UpdateError, and the old model keeps serving (also after a reboot). */
import test, { type ExecutionContext } from "ava";
import { buildModel, TensorType } from "../../src/cli/tflite_writer";
import { ModelStore } from "../../src/lifecycle/model_store";
import { UpdateError, type UpdateErrorCode } from "../../src/lifecycle/update_error";
import { packUpdate, parseUpdateHeader, UPDATE_HEAD_BYTES, UPDATE_HEADER_BYTES, updateLayout } from "../../src/lifecycle/update";
import { sha256, verifySignature } from "../../src/lifecycle/crypto";
import { blankFlash, fcModel, install, makeUpdate, OTHER_SECRET, options, PUBLIC, SECRET, sha, sineModel, storeWith } from "./helpers";

const A = makeUpdate(sineModel, { version: 3 });

function refused(t: ExecutionContext, code: UpdateErrorCode, update: Uint8Array, act?: (store: ModelStore) => void, extra = {}): void {
  const { flash, store } = storeWith(A, extra);
  const err = t.throws(() => (act ?? ((s) => install(s, update)))(store), { instanceOf: UpdateError }, `expected ${code}`);
  t.is(err?.code, code, err?.message);
  t.is(store.active!.modelVersion, 3);
  t.is(sha(store.active!.bytes), sha(sineModel));
  const again = ModelStore.open(flash.reboot(), options(extra));
  t.is(again.active!.modelVersion, 3);
  t.is(sha(again.active!.bytes), sha(sineModel));
  t.is(again.boot.rolledBack.length, 0);
  if (code === "INCOMPLETE") t.is(again.pending?.state, "writing");
}

const B = makeUpdate(fcModel(1), { version: 4 });
const layout = updateLayout(fcModel(1).length, 8, 4);

function tamper(at: number, mask = 0x10): Uint8Array {
  const u = B.slice();
  u[at]! ^= mask;
  return u;
}

test("tampered model bytes: HASH_MISMATCH", (t) => refused(t, "HASH_MISMATCH", tamper(layout.modelOffset + 40)));
test("tampered self-test input: SELFTEST_HASH_MISMATCH", (t) => refused(t, "SELFTEST_HASH_MISMATCH", tamper(layout.inputOffset)));
test("tampered self-test output: SELFTEST_HASH_MISMATCH", (t) => refused(t, "SELFTEST_HASH_MISMATCH", tamper(layout.outputOffset + 3)));
test("tampered signature: BAD_SIGNATURE", (t) => refused(t, "BAD_SIGNATURE", tamper(layout.signatureOffset + 3)));
// The signature covers the header only: each of its fields (and the two hashes it binds) is covered.
// (Changes the header parser would refuse anyway, e.g. unknown flags, are BAD_HEADER before any signature.)
for (const [at, mask, field] of [[12, 0x10, "model version"], [8, 0x01, "allow-downgrade flag"], [70, 0x10, "model SHA-256"], [100, 0x10, "self-test SHA-256"]] as const) {
  test(`tampered header (${field}): BAD_SIGNATURE`, (t) => refused(t, "BAD_SIGNATURE", tamper(at, mask)));
}
test("tampered model and its header hash together: BAD_SIGNATURE", (t) => {
  const u = tamper(layout.modelOffset + 40);
  u.set(sha256(u.subarray(layout.modelOffset, layout.modelOffset + fcModel(1).length)), 64);
  refused(t, "BAD_SIGNATURE", u);
});
test("non-zero padding after the model: BAD_HEADER", (t) => {
  // The padding is the one part no hash covers, so it must be zero (a model whose length is not a
  // multiple of 16: checkUpdate refuses the padding before anything loads the model).
  const model = new Uint8Array(201).fill(3);
  const u = packUpdate({ model, modelId: "demo", modelVersion: 4, selfTestInput: new Uint8Array(8), selfTestOutput: new Uint8Array(4), secretKey: SECRET });
  const l = updateLayout(model.length, 8, 4);
  t.true(l.inputOffset > l.modelOffset + model.length, "the fixture needs padding");
  u[l.modelOffset + model.length]! ^= 1;
  refused(t, "BAD_HEADER", u);
});
for (const format of [1, 2]) {
  test(`format ${format} (the signature at the end): BAD_HEADER naming the format`, (t) => {
    const u = B.slice();
    u[4] = format;
    refused(t, "BAD_HEADER", u);
    t.throws(() => parseUpdateHeader(u), { message: new RegExp(`format ${format} .*no longer read.*format 3`) });
  });
}
test("format 3: the signature of the 128-byte header comes right after it, and the header binds both hashes", (t) => {
  const h = parseUpdateHeader(B);
  t.is(h.format, 3);
  t.is(layout.signatureOffset, UPDATE_HEADER_BYTES);
  t.is(layout.modelOffset, UPDATE_HEAD_BYTES);
  t.true(verifySignature(B.subarray(UPDATE_HEADER_BYTES, UPDATE_HEAD_BYTES), B.subarray(0, UPDATE_HEADER_BYTES), PUBLIC));
  t.is(sha(h.modelSha256), sha(sha256(B.subarray(layout.modelOffset, layout.modelOffset + h.modelLength))));
  t.is(sha(h.selfTestSha256), sha(sha256(B.subarray(layout.inputOffset))));
});
test("signed with an untrusted key: BAD_SIGNATURE", (t) => refused(t, "BAD_SIGNATURE", makeUpdate(fcModel(1), { version: 4, secret: OTHER_SECRET })));
test("header tampered in the transfer: HEADER_MISMATCH", (t) =>
  refused(t, "HEADER_MISMATCH", B, (s) => {
    s.beginUpdate(B.subarray(0, UPDATE_HEAD_BYTES));
    const bad = tamper(100);
    s.writeChunk(0, bad);
    s.finishUpdate();
  }));
test("truncated update: INCOMPLETE, and it stays resumable", (t) =>
  refused(t, "INCOMPLETE", B, (s) => {
    s.beginUpdate(B.subarray(0, UPDATE_HEAD_BYTES));
    s.writeChunk(0, B.subarray(0, B.length - 10));
    s.finishUpdate();
  }));
test("bytes beyond the update's length: OUT_OF_RANGE", (t) =>
  refused(t, "OUT_OF_RANGE", B, (s) => {
    s.beginUpdate(B.subarray(0, UPDATE_HEAD_BYTES));
    const big = new Uint8Array(B.length + 16);
    big.set(B);
    s.writeChunk(0, big);
  }));
test("an update larger than a slot: TOO_LARGE", (t) => refused(t, "TOO_LARGE", makeUpdate(fcModel(1, 256, 256), { version: 4 }), undefined, {}));
test("a replayed older update: DOWNGRADE", (t) => refused(t, "DOWNGRADE", makeUpdate(fcModel(1), { version: 2 })));
test("the same version again: DOWNGRADE", (t) => refused(t, "DOWNGRADE", makeUpdate(fcModel(1), { version: 3 })));
test("another model id: WRONG_MODEL", (t) => refused(t, "WRONG_MODEL", makeUpdate(fcModel(1), { version: 4, id: "other" })));
test("not an update: BAD_HEADER", (t) => refused(t, "BAD_HEADER", sineModel));
test("a wrong expected output: SELFTEST_FAILED, rolled back on the spot", (t) => refused(t, "SELFTEST_FAILED", makeUpdate(fcModel(1), { version: 4, expected: new Uint8Array(4).fill(7) })));
test("an arena over the budget: ARENA_TOO_LARGE", (t) => refused(t, "ARENA_TOO_LARGE", makeUpdate(fcModel(1, 64, 64), { version: 4 }), undefined, { maxArenaBytes: 100 }));

test("an unsupported op: UNSUPPORTED_OP", (t) => {
  const custom = buildModel({
    tensors: [{ shape: [1, 4], type: TensorType.INT8, scale: 1, zeroPoint: 0 }, { shape: [1, 4], type: TensorType.INT8, scale: 1, zeroPoint: 0 }],
    operators: [{ op: "CUSTOM:Mystery", inputs: [0], outputs: [1] }],
    inputs: [0],
    outputs: [1],
  });
  refused(t, "UNSUPPORTED_OP", packUpdate({ model: custom, modelId: "demo", modelVersion: 4, selfTestInput: new Uint8Array(4), selfTestOutput: new Uint8Array(4), secretKey: SECRET }));
});

test("a model that does not load: INVALID_MODEL", (t) => {
  const junk = new Uint8Array(200).fill(3);
  refused(t, "INVALID_MODEL", packUpdate({ model: junk, modelId: "demo", modelVersion: 4, selfTestInput: new Uint8Array(1), selfTestOutput: new Uint8Array(1), secretKey: SECRET }));
});

test("self-test vectors that do not fit the model: BAD_SELFTEST", (t) => {
  refused(t, "BAD_SELFTEST", packUpdate({ model: fcModel(1), modelId: "demo", modelVersion: 4, selfTestInput: new Uint8Array(3), selfTestOutput: new Uint8Array(4), secretKey: SECRET }));
});

test("a conflicting chunk over recorded bytes: CHUNK_CONFLICT, the update goes on", (t) => {
  const { store } = storeWith(A);
  store.beginUpdate(B.subarray(0, UPDATE_HEAD_BYTES));
  store.writeChunk(0, B.subarray(0, 512));
  const bad = B.slice(0, 512);
  bad[300]! ^= 1;
  t.is(t.throws(() => store.writeChunk(0, bad), { instanceOf: UpdateError })?.code, "CHUNK_CONFLICT");
  store.writeChunk(0, B.subarray(0, 512)); // a repeat of good bytes is fine
  store.writeChunk(512, B.subarray(512));
  store.finishUpdate();
  store.activate();
  t.is(store.active!.modelVersion, 4);
});

test("an explicitly allowed downgrade installs; a failed self-test at the first install leaves the store empty", (t) => {
  const { store } = storeWith(A);
  install(store, makeUpdate(fcModel(1), { version: 1, allowDowngrade: true }));
  t.is(store.active!.modelVersion, 1);
  const empty = ModelStore.open(blankFlash(), options());
  t.is(t.throws(() => install(empty, makeUpdate(fcModel(1), { version: 1, expected: new Uint8Array(4) })), { instanceOf: UpdateError })?.code, "SELFTEST_FAILED");
  t.is(empty.active, null);
  t.is(empty.rollbacks, 1);
});
