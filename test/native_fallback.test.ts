/**
 * A layer the host's natives leave out (a kernel variant compiled out of a firmware: its scratch
 * query says -1, native/kernels/tinyml_variants.h) runs in TypeScript: the native is never bound
 * for it, the op requests no scratch, and the outputs are the portable kernels' bytes. Checked on
 * Node with stand-in natives (the global `native(name)` the simulator provides), for the project's
 * motion model (three int8 FULLY_CONNECTED ops).
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Interpreter, Model } from "../src/index";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// The stand-ins: the fully connected native declines every layer; called anyway, it records the call.
let nativeCalls = 0;
let queries = 0;
(globalThis as { native?: unknown }).native = (name: string) => {
  if (name === "xs_tinyml_fully_connected_int8_scratch_bytes") return () => (queries++, -1);
  if (name === "xs_tinyml_fully_connected_int8") return () => void nativeCalls++;
  return undefined;
};

test("a layer the natives leave out (scratch query -1) is bound to the TypeScript kernel, with the portable kernels' bytes", (t) => {
  const bytes = readFileSync(join(repo, "models", "motion", "motion.tflite"));
  const model = Model.from(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const auto = new Interpreter(model);
  const portable = new Interpreter(model, { kernels: "portable" });
  t.true(queries >= 3, `the scratch query was asked for each layer (${queries})`);
  t.is(auto.arenaBytes, portable.arenaBytes, "no scratch requested for the declined layers");
  const input = auto.input(0).data as Int8Array;
  for (let run = 0; run < 4; run++) {
    for (let i = 0; i < input.length; i++) input[i] = ((i * 37 + run * 11) % 256) - 128;
    (portable.input(0).data as Int8Array).set(input);
    auto.invoke();
    portable.invoke();
    t.deepEqual(new Uint8Array((auto.output(0).data as Int8Array).slice().buffer), new Uint8Array((portable.output(0).data as Int8Array).slice().buffer));
  }
  t.is(nativeCalls, 0, "the declining native is never called");
});
