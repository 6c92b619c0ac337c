/** Shared fixtures of the lifecycle tests: keys, models, updates, and driving a store through an update. */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildModel, BuiltinOperator, OptionsType, TensorType } from "../../src/cli/tflite_writer";
import { publicKeyOf, sha256 } from "../../src/lifecycle/crypto";
import { ModelStore, type StoreOptions } from "../../src/lifecycle/model_store";
import { SimFlash } from "../../src/lifecycle/sim_flash";
import { packUpdate, UPDATE_HEAD_BYTES } from "../../src/lifecycle/update";
import { selfTestPair } from "../../src/lifecycle/validate";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SECRET = new Uint8Array(32).map((_, i) => (i * 7 + 1) & 0xff);
export const PUBLIC = publicKeyOf(SECRET);
export const OTHER_SECRET = new Uint8Array(32).map((_, i) => (i * 13 + 5) & 0xff);

export const sineModel = new Uint8Array(readFileSync(join(repo, "models", "sine", "sine.tflite")));

/** A small int8 fully connected model (1x`inputs` -> 1x`outputs`), different weights per seed. */
export function fcModel(seed: number, inputs = 8, outputs = 4): Uint8Array {
  const w = new Int8Array(inputs * outputs).map((_, i) => ((i * 37 + seed * 11) % 255) - 127);
  const bias = new Int32Array(outputs).map((_, i) => (i - seed) * 10);
  return buildModel({
    tensors: [
      { shape: [1, inputs], type: TensorType.INT8, scale: 0.05, zeroPoint: 0, name: "in" },
      { shape: [outputs, inputs], type: TensorType.INT8, data: w, scale: 0.02, zeroPoint: 0, name: "w" },
      { shape: [outputs], type: TensorType.INT32, data: bias, scale: 0.001, zeroPoint: 0, name: "b" },
      { shape: [1, outputs], type: TensorType.INT8, scale: 0.1, zeroPoint: 0, name: "out" },
    ],
    operators: [{ op: BuiltinOperator.FULLY_CONNECTED, inputs: [0, 1, 2], outputs: [3], optionsType: OptionsType.FullyConnectedOptions, options: [] }],
    inputs: [0],
    outputs: [3],
  });
}

export interface UpdateOptions {
  id?: string;
  version: number;
  allowDowngrade?: boolean;
  secret?: Uint8Array;
  /** Replace the expected output (a model that fails its self-test). */
  expected?: Uint8Array;
}

export function makeUpdate(model: Uint8Array, o: UpdateOptions): Uint8Array {
  const pair = selfTestPair(model);
  return packUpdate({
    model, modelId: o.id ?? "demo", modelVersion: o.version, allowDowngrade: o.allowDowngrade,
    selfTestInput: pair.input, selfTestOutput: o.expected ?? pair.output, secretKey: o.secret ?? SECRET,
  });
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
export const sha = (b: Uint8Array) => hex(sha256(b));

export const SECTOR = 4096;
export function blankFlash(sectors = 16): SimFlash {
  return new SimFlash(SECTOR, sectors);
}

export function options(extra: Partial<StoreOptions> = {}): StoreOptions {
  return { trustedKeys: [PUBLIC], ...extra };
}

/** Sends a whole update in order, in chunks of `chunk` bytes, then finishes and activates it. */
export function install(store: ModelStore, update: Uint8Array, chunk = 512): void {
  store.beginUpdate(update.subarray(0, UPDATE_HEAD_BYTES));
  for (let at = 0; at < update.length; at += chunk) store.writeChunk(at, update.subarray(at, Math.min(update.length, at + chunk)));
  store.finishUpdate();
  store.activate();
}

/** A store holding model `update` active (installed on a blank flash). */
export function storeWith(update: Uint8Array, extra: Partial<StoreOptions> = {}, sectors = 16): { flash: SimFlash; store: ModelStore } {
  const flash = blankFlash(sectors);
  const store = ModelStore.open(flash, options(extra));
  install(store, update);
  return { flash, store };
}

/** Resumes/continues an update after a reset: whatever is pending is completed, or the update restarts. */
export function complete(store: ModelStore, update: Uint8Array, chunk = 512): void {
  const p = store.beginUpdate(update.subarray(0, UPDATE_HEAD_BYTES));
  if (p.state === "writing") {
    for (const [start, end] of store.missing()) {
      for (let at = start; at < end; at += chunk) store.writeChunk(at, update.subarray(at, Math.min(end, at + chunk)));
    }
  }
  store.finishUpdate();
  store.activate();
}
