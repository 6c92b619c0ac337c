/**
 * `inspect --svg`'s TFLM panel places buffers by TFLM's GreedyMemoryPlanner rules: its planner
 * (src/cli/tflm_planner.ts) gives the offsets and sizes TFLM's own planner tests expect
 * (greedy_memory_planner_test.cc: TestGreedyBasics, TestGreedyMedium, TestOverlapCase, and its
 * order for buffers of equal size), and for every test model the head it plans fits in the arena
 * TFLM reported for that model (manifest.json's arena_used_bytes: head, tail and bookkeeping).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { tflmLayout } from "../../src/cli/inspect_layout";
import { tflmGreedyPlan } from "../../src/cli/tflm_planner";
import { Interpreter } from "../../src/interpreter/interpreter";
import { planIsValid } from "../../src/interpreter/planner";
import { Model } from "../../src/model/model";
import { manifest, recurrentManifest, testdataDir, withTestdata } from "../helpers/testdata";

const request = (size: number, first: number, last: number) => ({ size, first, last });

test("tflmGreedyPlan gives what TFLM's planner tests expect", (t) => {
  // TestGreedyBasics: two buffers never alive together share offset 0.
  t.deepEqual(tflmGreedyPlan([request(10, 0, 1), request(20, 2, 3)]), { offsets: [0, 0], headBytes: 20 });
  // TestGreedyMedium: the offsets TFLM's test lists, and 90 bytes.
  t.deepEqual(tflmGreedyPlan([request(10, 0, 1), request(20, 1, 2), request(30, 2, 3), request(40, 3, 4), request(50, 0, 1)]), { offsets: [50, 70, 40, 0, 0], headBytes: 90 });
  // TestOverlapCase: 120 bytes.
  t.is(tflmGreedyPlan([request(100, 0, 1), request(50, 2, 3), request(20, 1, 2)]).headBytes, 120);
});

test("tflmGreedyPlan places buffers of equal size last-added first, as TFLM fills its sort array from the back", (t) => {
  // Two 16-byte buffers alive together: the second added goes first, at 0 (first-added-first would give [0, 16]).
  t.deepEqual(tflmGreedyPlan([request(16, 0, 1), request(16, 0, 1)]).offsets, [16, 0]);
  // Three: 2 at 0, then 1 above it (they meet at op 2), then 0 above 1 (they meet at op 1).
  t.deepEqual(tflmGreedyPlan([request(32, 0, 1), request(32, 1, 2), request(32, 2, 2)]).offsets, [0, 32, 0]);
});

withTestdata(test, "for every test model, the head TFLM's rules plan fits in the arena TFLM reported, and no two live buffers overlap", (t) => {
  const models = [...Object.values(manifest().models).map((m) => join(testdataDir, m.file)), ...Object.values(recurrentManifest().models).map((m) => join(testdataDir, m.file))];
  const reported = [...Object.values(manifest().models), ...Object.values(recurrentManifest().models)].map((m) => (m as { arena_used_bytes: number }).arena_used_bytes);
  models.forEach((file, k) => {
    const model = Model.from(readFileSync(file));
    const plan = Interpreter.plan(model);
    const layout = tflmLayout(model, plan);
    t.true(planIsValid(layout.buffers, { offsets: layout.buffers.map((b) => b.offset), arenaBytes: layout.arenaBytes }), file);
    t.true(layout.headBytes <= reported[k]!, `${file}: head ${layout.headBytes} bytes, TFLM's arena ${reported[k]}`);
    t.log(`${file.split("/").pop()}: TFLM's rules plan a head of ${layout.headBytes} bytes (ours: one plan of ${plan.arenaBytes}); TFLM reported ${reported[k]} bytes in all`);
  });
});

/**
 * Where the test data pins TFLM's head down: person_detect and vww_96_int8 are the same MobileNet
 * (31 ops, the same channel counts layer by layer; only the first and last layers differ in kind),
 * so TFLM's tail, which holds per-op and per-tensor state and not activations, is about the same
 * size for both, and each model's head is its reported arena less that tail. The two models' input
 * sizes differ, so their heads do: only a head planned as TFLM plans it leaves tails that agree.
 */
withTestdata(test, "person_detect and vww_96_int8 (one architecture): the heads TFLM's rules plan leave equal tails in TFLM's reported arenas", (t) => {
  const m = manifest().models;
  const channels = (name: string) => (m[name] as unknown as { operators: { tensors: { const: boolean; n_scales: number }[] }[] }).operators.map((op) => op.tensors.filter((x) => x.const).reduce((s, x) => s + x.n_scales, 0));
  t.is(channels("person_detect").length, channels("vww_96_int8").length);
  // Quantization channels of the constants (per-channel state), all layers: 5476 and 5474 (the last layer is a 1x1 conv in one, FULLY_CONNECTED in the other).
  t.true(Math.abs(channels("person_detect").reduce((a, b) => a + b) - channels("vww_96_int8").reduce((a, b) => a + b)) <= 4, "about the same per-channel state in both");
  const tails = ["person_detect", "vww_96_int8"].map((name) => {
    const model = Model.from(readFileSync(join(testdataDir, m[name]!.file)));
    const plan = Interpreter.plan(model);
    const head = tflmLayout(model, plan).headBytes;
    const arena = (m[name] as unknown as { arena_used_bytes: number }).arena_used_bytes;
    t.log(`${name}: TFLM's arena ${arena} bytes = head ${head} (TFLM's rules; our planner's order: ${plan.arenaBytes}) + tail ${arena - head}`);
    return { tflm: arena - head, oursOrder: arena - plan.arenaBytes };
  });
  t.true(Math.abs(tails[0]!.tflm - tails[1]!.tflm) <= 256, `tails ${tails[0]!.tflm} and ${tails[1]!.tflm} bytes`);
  t.log(`with our planner's order of equal sizes the tails would be ${tails[0]!.oursOrder} and ${tails[1]!.oursOrder} bytes`);
});
