/**
 * Malformed models: every real model truncated at many offsets, with random byte flips and with
 * huge counts written over its words. Loading, preparing and running must end in a valid result
 * or a typed ModelError: never another exception, never a hang.
 */
import test, { type ExecutionContext } from "ava";
import { Interpreter, Model, ModelError } from "../src/index";
import { mutants } from "./helpers/mutations";
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
    const tally: Tally = { typed: 0, valid: 0, invoked: 0 };
    let cuts = 0;
    for (const m of mutants(original, name.length * 7919 + original.length)) {
      if (m.what.startsWith("cut")) cuts++;
      attempt(t, m.bytes, m.what, tally, m.invoke);
    }
    t.log(`${name}: ${tally.typed} typed errors, ${tally.valid} valid (${tally.invoked} invoked)`);
    t.true(tally.typed >= cuts, "every truncation must be refused");
  });
}
