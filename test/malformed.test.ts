/**
 * Malformed models: every real model truncated at many offsets, with random byte flips and with
 * huge counts written over its words. Loading, preparing and running must end in a valid result
 * or a typed ModelError: never another exception, never a hang.
 */
import test, { type ExecutionContext } from "ava";
import { Interpreter, Model, ModelError } from "../src/index";
import { randInt, rng } from "./helpers/random";
import { manifest, testdataFile, withTestdata } from "./helpers/testdata";

const MODELS = ["hello_world_int8", "hello_world_float", "micro_speech_quantized", "person_detect", "kws_ref_model", "vww_96_int8", "audio_preprocessor_int8"];
const MAX_ARENA = 16 << 20;

interface Tally {
  typed: number;
  valid: number;
  invoked: number;
}

function attempt(t: ExecutionContext, bytes: Uint8Array, what: string, tally: Tally, invoke: boolean): void {
  try {
    const model = Model.from(bytes);
    const it = new Interpreter(model, { maxArenaBytes: MAX_ARENA });
    tally.valid++;
    if (invoke && it.plan.macs < 3e7) {
      it.invoke();
      tally.invoked++;
    }
  } catch (e) {
    if (e instanceof ModelError) tally.typed++;
    else t.fail(`${what}: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
  }
}

for (const name of MODELS) {
  withTestdata(test, `malformed ${name}: truncated, flipped and overwritten copies give typed errors or valid results`, (t) => {
    const original = new Uint8Array(testdataFile(manifest().models[name]!.file));
    const r = rng(name.length * 7919 + original.length);
    const tally: Tally = { typed: 0, valid: 0, invoked: 0 };
    // Truncations: every byte of the first 64, then 200 spread over the file.
    const cuts = new Set<number>();
    for (let i = 0; i < 64; i++) cuts.add(i);
    for (let i = 0; i < 200; i++) cuts.add(Math.floor((i / 200) * original.length));
    for (const cut of cuts) attempt(t, original.slice(0, cut), `cut at ${cut}`, tally, false);
    // Random byte flips, 1 to 4 bytes each, mostly in the structure (the last 20% of a TFLite file is usually tables).
    for (let k = 0; k < 250; k++) {
      const m = original.slice();
      const n = randInt(r, 1, 4);
      for (let j = 0; j < n; j++) {
        const pos = r() < 0.5 ? randInt(r, 0, m.length - 1) : randInt(r, Math.floor(m.length * 0.8), m.length - 1);
        m[pos] = randInt(r, 0, 255);
      }
      attempt(t, m, `flip set ${k}`, tally, k < 25);
    }
    // Huge counts and offsets written over aligned words.
    const huge = [0xffffffff, 0x7fffffff, 0x80000000, 0x10000000, 0xffff, 0x40000001];
    for (let k = 0; k < 150; k++) {
      const m = original.slice();
      const pos = randInt(r, 0, (m.length >> 2) - 1) * 4;
      new DataView(m.buffer).setUint32(pos, huge[k % huge.length]!, true);
      attempt(t, m, `word ${pos}`, tally, k < 10);
    }
    t.log(`${name}: ${tally.typed} typed errors, ${tally.valid} valid (${tally.invoked} invoked)`);
    t.true(tally.typed > 64, "truncations must be refused");
  });
}
