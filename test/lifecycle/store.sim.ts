/**
 * The model store inside the XS engine (tinyml-sim): installs signed updates prepared on Node,
 * cuts the power at every flash operation of an update, refuses tampered ones, and measures
 * SHA-256 (native and @noble's), the header's Ed25519 verification and the whole
 * finish/activate path on a ~300 KB model.
 * Arguments: the folder with a.tmlu, b.tmlu, big.tmlu, trusted.pub (raw 32 bytes).
 */
import { attempt, check, finish, print, sim } from "../sim/harness";
import { hostSha256, portableSha256, sha256, verifySignature } from "../../src/lifecycle/crypto";
import { ModelStore, type StoreOptions } from "../../src/lifecycle/model_store";
import { PowerCut, SimFlash } from "../../src/lifecycle/sim_flash";
import { checkUpdate, parseUpdateHeader, UPDATE_HEAD_BYTES, updateLayout } from "../../src/lifecycle/update";
import { UpdateError } from "../../src/lifecycle/update_error";
import { Telemetry, decodeTelemetry } from "../../src/lifecycle/telemetry";

const dir = sim.args[0]!;
const load = (name: string) => new Uint8Array(sim.readFile(`${dir}/${name}`));
const A = load("a.tmlu"), B = load("b.tmlu"), BIG = load("big.tmlu");
const options: StoreOptions = { trustedKeys: [load("trusted.pub")] };
const SECTOR = 4096;

function hex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i]! < 16 ? "0" : "") + b[i]!.toString(16);
  return s;
}
const modelSha = (u: Uint8Array) => hex(parseUpdateHeader(u).modelSha256);

function install(store: ModelStore, u: Uint8Array, chunk = 700): void {
  store.beginUpdate(u.subarray(0, UPDATE_HEAD_BYTES));
  for (let at = 0; at < u.length; at += chunk) store.writeChunk(at, u.subarray(at, Math.min(u.length, at + chunk)));
  store.finishUpdate();
  store.activate();
}

// 1. Install A then B on a blank flash; reopen.
let flash = new SimFlash(SECTOR, 16);
attempt("empty store boots without a model", () => ModelStore.open(flash, options).active === null);
attempt("install A, then B; B survives a reboot", () => {
  const s = ModelStore.open(flash, options);
  install(s, A);
  install(s, B);
  flash = flash.reboot();
  const again = ModelStore.open(flash, options);
  return hex(sha256(again.active!.bytes)) === modelSha(B) || "B is not active";
});

// 2. A power cut at every flash operation of the update from A to B (torn, every third with a flipped bit).
attempt("power cut at every flash operation: always A or B, and the update completes after", () => {
  const base = new SimFlash(SECTOR, 16);
  install(ModelStore.open(base, options), A);
  const image = base.bytes.slice();
  const clean = new SimFlash(SECTOR, 16, image.slice());
  const cs = ModelStore.open(clean, options);
  const ops0 = clean.ops;
  install(cs, B);
  const ops = clean.ops - ops0;
  let points = 0;
  for (let k = 0; k <= ops; k++) {
    let f = new SimFlash(SECTOR, 16, image.slice());
    const s = ModelStore.open(f, options);
    f.inject({ afterOps: k, tear: true, flip: k % 3 === 2, seed: k });
    try {
      install(s, B);
    } catch (e) {
      if (!(e instanceof PowerCut)) throw e;
      points++;
    }
    f = f.reboot();
    const after = ModelStore.open(f, options);
    if (after.active === null) return `no model after a cut at op ${k}`;
    const h = hex(sha256(after.active.bytes));
    if (h !== modelSha(A) && h !== modelSha(B)) return `a mixed model after a cut at op ${k}`;
    if (h !== modelSha(B)) install(after, B);
    if (hex(sha256(ModelStore.open(f.reboot(), options).active!.bytes)) !== modelSha(B)) return `B not active after completing (cut at op ${k})`;
  }
  print(`METRIC sim_fault_points ${points}`);
  return points === ops || `${points} cuts for ${ops} operations`;
});

// 3. Tampered updates are refused (model, vectors, header); A keeps serving.
const layoutB = (() => {
  const h = parseUpdateHeader(B);
  return updateLayout(h.modelLength, h.selfTestInputLength, h.selfTestOutputLength);
})();
for (const [at, code, what] of [[300, "HASH_MISMATCH", "model"], [layoutB.outputOffset, "SELFTEST_HASH_MISMATCH", "self-test output"], [12, "BAD_SIGNATURE", "header"]] as const) {
  attempt(`a tampered update (${what}) is refused with ${code}, the old model serves`, () => {
    const f = new SimFlash(SECTOR, 16);
    const s = ModelStore.open(f, options);
    install(s, A);
    const bad = B.slice();
    bad[at]! ^= 4;
    try {
      install(s, bad);
      return "accepted";
    } catch (e) {
      if (!(e instanceof UpdateError) || e.code !== code) return `threw ${(e as Error).message}`;
    }
    return hex(sha256(ModelStore.open(f.reboot(), options).active!.bytes)) === modelSha(A);
  });
}

// 4. Timing on a ~300 KB model.
attempt("a ~300 KB update: verify and activate, timed", () => {
  const h = parseUpdateHeader(BIG);
  const layout = updateLayout(h.modelLength, h.selfTestInputLength, h.selfTestOutputLength);
  if (hostSha256() === null) return "tinyml-sim has no xs_tinyml_sha256";
  const bigModel = BIG.subarray(layout.modelOffset, layout.modelOffset + h.modelLength);
  let t0 = sim.now();
  const digest = sha256(bigModel);
  const shaMs = sim.now() - t0;
  t0 = sim.now();
  const portable = portableSha256(bigModel);
  const nobleMs = sim.now() - t0;
  if (hex(digest) !== hex(portable) || hex(digest) !== hex(h.modelSha256)) return "native and @noble SHA-256 differ";
  t0 = sim.now();
  // What a device verifies before it accepts an update: the signature of the 128-byte header.
  const ok = verifySignature(BIG.subarray(layout.signatureOffset, layout.modelOffset), BIG.subarray(0, layout.signatureOffset), options.trustedKeys[0]!);
  const edMs = sim.now() - t0;
  t0 = sim.now();
  checkUpdate(BIG, options.trustedKeys);
  const checkMs = sim.now() - t0;
  const f = new SimFlash(SECTOR, 2 * 80);
  const s = ModelStore.open(f, { ...options, allowModelIdChange: true });
  t0 = sim.now();
  s.beginUpdate(BIG.subarray(0, UPDATE_HEAD_BYTES));
  for (let at = 0; at < BIG.length; at += 4096) s.writeChunk(at, BIG.subarray(at, Math.min(BIG.length, at + 4096)));
  const writeMs = sim.now() - t0;
  t0 = sim.now();
  s.finishUpdate();
  const finishMs = sim.now() - t0;
  t0 = sim.now();
  s.activate();
  const activateMs = sim.now() - t0;
  t0 = sim.now();
  const again = ModelStore.open(f.reboot(), options);
  const bootMs = sim.now() - t0;
  print(`METRIC big_update_bytes ${BIG.length}`);
  print(`METRIC big_model_bytes ${h.modelLength}`);
  print(`METRIC sha256_ms ${shaMs.toFixed(1)}`);
  print(`METRIC sha256_noble_ms ${nobleMs.toFixed(1)}`);
  print(`METRIC ed25519_verify_ms ${edMs.toFixed(1)}`);
  print(`METRIC check_update_ms ${checkMs.toFixed(1)}`);
  print(`METRIC write_chunks_ms ${writeMs.toFixed(1)}`);
  print(`METRIC finish_update_ms ${finishMs.toFixed(1)}`);
  print(`METRIC activate_selftest_ms ${activateMs.toFixed(1)}`);
  print(`METRIC open_verify_on_boot_ms ${bootMs.toFixed(1)}`);
  return (ok && again.active !== null && again.active.modelVersion === h.modelVersion) || "the big update did not install";
});

// 5. Telemetry round trip inside XS.
attempt("telemetry encodes and decodes inside XS", () => {
  const t = new Telemetry();
  t.setModel("demo", 2);
  for (let i = 0; i < 10; i++) t.recordInference(i * 0.3, i % 3, i / 10);
  const s = decodeTelemetry(t.encode());
  return s.inferences === 10 && s.classes[1] === 3 && s.modelId === "demo";
});

check("ran", true);
finish();
