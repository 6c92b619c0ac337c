/**
 * The over-the-air update demo inside tinyml-sim: boots through the ModelStore (falling back to
 * the model built into the app while the store is empty), runs the sine model on a timer, and
 * meanwhile receives a signed update chunk by chunk: first a tampered copy (refused, the old model
 * keeps serving), then the real one, which is verified, activated and self-tested. The flash
 * image is saved and the store reopened from it, as after a reset; then the telemetry.
 * Arguments: REPO UPDATE PUBKEY FLASH_IMAGE (the update and the raw 32-byte public key are made
 * by src/cli/demo_update.ts with the pack code).
 */
import { Interpreter, Model } from "../../src/index";
import { ModelStore, type StoreOptions } from "../../src/lifecycle/model_store";
import { SimFlash } from "../../src/lifecycle/sim_flash";
import { decodeTelemetry, Telemetry } from "../../src/lifecycle/telemetry";
import { UpdateError } from "../../src/lifecycle/update_error";
import { print, sim } from "./globals";

const [repo = ".", updatePath = "", pubPath = "", imagePath = ""] = sim.args;
const SECTOR = 4096, SECTORS = 16, CHUNK = 256;

/** The flash image persists in a file between runs (sim.readFile / sim.writeFile). */
function loadFlash(): SimFlash {
  try {
    const bytes = new Uint8Array(sim.readFile(imagePath));
    if (bytes.length === SECTOR * SECTORS) return new SimFlash(SECTOR, SECTORS, bytes);
  } catch {
    // no image yet: a blank (erased) flash
  }
  return new SimFlash(SECTOR, SECTORS);
}

const options: StoreOptions = { trustedKeys: [new Uint8Array(sim.readFile(pubPath))], builtin: { modelId: "sine", modelVersion: 0 } };
const builtin = new Uint8Array(sim.readFile(`${repo}/models/sine/sine.tflite`)); // stands for a model linked into the firmware
const flash = loadFlash();
let store = ModelStore.open(flash, options);
const telemetry = new Telemetry();
let it: Interpreter;

function serve(when: string): void {
  const a = store.active;
  it = new Interpreter(a === null ? Model.from(builtin) : a.model);
  telemetry.setModel(a === null ? "sine(builtin)" : a.modelId, a === null ? 0 : a.modelVersion);
  print(a === null ? `${when}: the store is empty; serving the built-in model` : `${when}: serving '${a.modelId}' v${a.modelVersion} from flash slot ${a.slot} (generation ${a.generation}, read in place)`);
}
serve("boot");
telemetry.recordRollback(store.boot.rolledBack.length);

let phase = 0;
let x = 0;
const loop = setInterval(() => {
  const input = it.input(0), output = it.output(0);
  x = (x + 0.37) % (2 * Math.PI);
  input.data[0] = Math.max(-128, Math.min(127, Math.round(x / input.scale) + input.zeroPoint));
  const t0 = sim.now();
  try {
    it.invoke();
    const y = output.dequantize(0);
    telemetry.recordInference(sim.now() - t0, y >= 0 ? 1 : 0, Math.min(1, Math.abs(y)));
  } catch {
    telemetry.recordError();
  }
}, 2);

const update = new Uint8Array(sim.readFile(updatePath));
const tampered = update.slice();
tampered[400]! ^= 0x20;

/** Sends one update chunk by chunk on a timer, the inference loop running in between. */
function send(bytes: Uint8Array, label: string, then: () => void): void {
  try {
    const p = store.beginUpdate(bytes.subarray(0, 128));
    print(`${label}: '${p.header.modelId}' v${p.header.modelVersion}, ${p.totalLength} bytes, to slot ${p.slot}${p.bytesSafe > 0 ? `, resuming at ${p.nextOffset}` : ""}`);
    let at = p.nextOffset;
    const timer = setInterval(() => {
      try {
        if (at < bytes.length) {
          store.writeChunk(at, bytes.subarray(at, Math.min(bytes.length, at + CHUNK)));
          at += CHUNK;
          return;
        }
        clearInterval(timer);
        const t0 = sim.now();
        store.finishUpdate();
        print(`${label}: all bytes in flash; SHA-256, Ed25519 signature, model, ops and arena checked in ${(sim.now() - t0).toFixed(0)} ms`);
        const a = store.activate();
        print(`${label}: activated '${a.modelId}' v${a.modelVersion}; its self-test passed (the signed golden output, bit-exact)`);
        serve("switch");
      } catch (e) {
        clearInterval(timer);
        if (!(e instanceof UpdateError)) throw e;
        if (e.code === "SELFTEST_FAILED") telemetry.recordRollback();
        print(`${label}: refused, ${e.message}; still serving v${telemetry.modelVersion} (${telemetry.inferences} inferences so far)`);
      }
      then();
    }, 1);
  } catch (e) {
    if (!(e instanceof UpdateError)) throw e;
    print(`${label}: refused at once, ${e.message}`);
    then();
  }
}

function next(): void {
  phase++;
  if (phase === 1) send(tampered, "tampered update", next);
  else if (phase === 2) send(update, "update", next);
  else if (phase === 3) send(update, "the same update replayed", next);
  else setTimeout(end, 50);
}

function end(): void {
  clearInterval(loop);
  sim.writeFile(imagePath, flash.bytes);
  store = ModelStore.open(flash.reboot(), options);
  print(`reset: the store reopens from the saved flash image with '${store.active?.modelId}' v${store.active?.modelVersion} active`);
  const record = telemetry.encode();
  const s = decodeTelemetry(record);
  print(`telemetry: ${record.length}-byte record: model '${s.modelId}' v${s.modelVersion}, ${s.inferences} inferences, ${s.errors} errors, ${s.rollbacks} rollbacks`);
  print(`  latency µs: min ${s.latency.minUs}, mean ${s.latency.meanUs}, max ${s.latency.maxUs}; histogram ${s.latency.histogram.join(" ")}`);
  print(`  output sign (class) histogram ${s.classes.slice(0, 2).join(" ")}; |y| (confidence) histogram ${s.confidence.join(" ")}`);
}

setTimeout(next, 30);
