/**
 * A layer the host's natives leave out (a kernel variant compiled out of a firmware: its scratch
 * query says -1, native/kernels/tinyml_variants.h) runs in TypeScript: the native is never bound
 * for it, the op requests no scratch, and the outputs are the portable kernels' bytes. Checked on
 * Node with stand-in natives (the global `native(name)` the simulator provides), for the project's
 * motion model (three int8 FULLY_CONNECTED ops), and for SignalRfft lengths with a radix 3 or 5
 * factor (kernel variant rfft_radix_3_5 left out: the RFFT's query says -1) or a radix 2 one (rfft_radix_2).
 */
import test, { type ExecutionContext } from "ava";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Interpreter, Model } from "../src/index";
import { singleOpModel, TensorType } from "./helpers/model_builder";
import { customOp } from "./ops/signal/helpers";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// The stand-ins: the fully connected native declines every layer; called anyway, it records the call.
let nativeCalls = 0;
let queries = 0;
let rfftNativeCalls = 0;
let rfftQueries = 0;
(globalThis as { native?: unknown }).native = (name: string) => {
  if (name === "xs_tinyml_fully_connected_int8_scratch_bytes") return () => (queries++, -1);
  if (name === "xs_tinyml_fully_connected_int8") return () => void nativeCalls++;
  if (name === "xs_tinyml_rfft_int16_scratch_bytes") return () => (rfftQueries++, -1);
  if (name === "xs_tinyml_rfft_int16") return () => void rfftNativeCalls++;
  return undefined;
};

/** Runs both interpreters `runs` times on the same input (value `fill(i, run)` at i) and checks their outputs are the same bytes. */
function sameOutputs(t: ExecutionContext, auto: Interpreter, portable: Interpreter, runs: number, fill: (i: number, run: number) => number, label?: string): void {
  const input = auto.input(0).data as Int8Array | Int16Array;
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < input.length; i++) input[i] = fill(i, run);
    (portable.input(0).data as Int8Array | Int16Array).set(input);
    auto.invoke();
    portable.invoke();
    t.deepEqual(auto.output(0).bytes.slice(), portable.output(0).bytes.slice(), label);
  }
}

test("a layer the natives leave out (scratch query -1) is bound to the TypeScript kernel, with the portable kernels' bytes", (t) => {
  const bytes = readFileSync(join(repo, "models", "motion", "motion.tflite"));
  const model = Model.from(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const auto = new Interpreter(model);
  const portable = new Interpreter(model, { kernels: "portable" });
  t.true(queries >= 3, `the scratch query was asked for each layer (${queries})`);
  t.is(auto.arenaBytes, portable.arenaBytes, "no scratch requested for the declined layers");
  sameOutputs(t, auto, portable, 4, (i, run) => ((i * 37 + run * 11) % 256) - 128);
  t.is(nativeCalls, 0, "the declining native is never called");
});

/** A one-op SignalRfft model: `frames` frames of fft_length samples. */
function rfftModel(n: number, frames: number): Model {
  const tensors = [{ shape: [frames, n], type: TensorType.INT16 }, { shape: [frames, n + 2], type: TensorType.INT16 }];
  return Model.from(singleOpModel(tensors, customOp("SignalRfft", [0], [1], { T: TensorType.INT16, fft_length: n })));
}

test("an RFFT length with radix 2, 3 or 5 the natives leave out (query -1) runs in TypeScript, byte-equal; a length of radix 4 only keeps the native", (t) => {
  // kissfft's factors of fft_length / 2: 12 = 4 * 3, 20 = 4 * 5, 30 = 2 * 3 * 5, 32 = 4 * 4 * 2.
  for (const n of [24, 40, 60, 64]) {
    const model = rfftModel(n, 3);
    const queriesBefore = rfftQueries;
    const auto = new Interpreter(model);
    const portable = new Interpreter(model, { kernels: "portable" });
    t.is(rfftQueries, queriesBefore + 1, `fft_length ${n}: the query was asked at bind`);
    sameOutputs(t, auto, portable, 3, (i, run) => ((i * 7919 + run * 104729) % 65536) - 32768, `fft_length ${n}`);
  }
  t.is(rfftNativeCalls, 0, "the declining native is never called");
  // 256 = 4 * 4 * 4 * 4 (radix 4 only, in every build): bound to the native, without asking.
  const queriesBefore = rfftQueries;
  const pow4 = new Interpreter(rfftModel(512, 1));
  pow4.invoke();
  t.is(rfftQueries, queriesBefore, "a length of radix 4 only does not ask");
  t.is(rfftNativeCalls, 1, "a length of radix 4 only runs the native");
});
