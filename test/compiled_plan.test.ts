/**
 * Compiled plans (`tinyml compile`, src/interpreter/compiled_plan.ts): a model run with its plan
 * gives TFLM's bytes, with the same arena; a plan that is not the model's, or is damaged, is a
 * ModelError BAD_FORMAT, never other output bytes.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { CompiledPlan, Interpreter, Model, ModelError, TinyMLArgumentError } from "../src/index";
import { BUFFER_FIELDS, PLAN_MAGIC } from "../src/interpreter/compiled_plan";
import { tinyml } from "./helpers/cli";
import { assertGoldenCases } from "./helpers/golden";
import { CORE_MODELS, manifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";

const loadModel = (name: string) => Model.from(testdataFile(manifest().models[name]!.file));
/** The plan's bytes as int32 words (a copy, to damage). */
const words = (plan: Uint8Array) => new Int32Array(plan.slice().buffer);
const badFormat = { instanceOf: ModelError, message: /^BAD_FORMAT: compiled plan: / };

for (const name of CORE_MODELS) {
  withTestdata(test, `${name} with its compiled plan: every case matches TFLM, the same arena`, (t) => {
    const model = loadModel(name);
    const bytes = Interpreter.compile(model);
    const it = new Interpreter(model, { compiled: CompiledPlan.from(bytes) });
    t.is(it.arenaBytes, Interpreter.plan(model).arenaBytes);
    t.deepEqual(it.plan, Interpreter.plan(model));
    assertGoldenCases(t, it, manifest().models[name]!);
  });
}

withTestdata(test, "the plan keeps the per-channel constants of every conv, depthwise and fully connected op", (t) => {
  const model = loadModel("person_detect");
  const plan = CompiledPlan.from(Interpreter.compile(model));
  t.is(plan.opCount, model.operatorCount);
  for (let i = 0; i < model.operatorCount; i++) {
    const op = model.operator(i);
    const c = plan.constants(i);
    if (/^(CONV_2D|DEPTHWISE_CONV_2D|FULLY_CONNECTED)$/.test(op.name)) {
      const channels = model.tensor(op.outputs[0]!).shape.at(-1)!;
      // a header, then a multiplier and a shift per output channel (per-channel weights)
      t.true(c !== null && c.length > 2 * channels, `${op.name} (operator ${i})`);
    } else {
      t.is(c, null, `${op.name} (operator ${i})`);
    }
  }
});

withTestdata(test, "a plan for another model, or a damaged one, is a ModelError BAD_FORMAT", (t) => {
  const kws = loadModel("kws_ref_model");
  const bytes = Interpreter.compile(kws);
  t.throws(() => new Interpreter(loadModel("vww_96_int8"), { compiled: CompiledPlan.from(bytes) }), badFormat);
  t.throws(() => new Interpreter(loadModel("person_detect"), { compiled: CompiledPlan.from(Interpreter.compile(loadModel("vww_96_int8"))) }), badFormat);

  const w = words(bytes);
  const ops = w[2]!, buffers = w[3]!;
  const index = 5 + buffers * BUFFER_FIELDS;
  const data = index + ops + 1;
  // one multiplier off by one: the layer's constants differ from prepare's
  const op0 = w[index]!, op1 = w[index + 1]!;
  t.true(op1 > op0, "the first op keeps constants");
  const flipped = w.slice();
  flipped[data + op1 - 1]! += 1;
  t.throws(() => new Interpreter(kws, { compiled: CompiledPlan.from(flipped) }), { ...badFormat, message: /the constants of CONV_2D differ/ });
  // two buffers alive at once placed on the same bytes
  const overlap = w.slice();
  const live = (i: number) => [overlap[5 + i * BUFFER_FIELDS + 1]!, overlap[5 + i * BUFFER_FIELDS + 2]!];
  let a = -1, b = -1;
  for (let i = 0; i < buffers && a < 0; i++) {
    for (let j = i + 1; j < buffers; j++) {
      const [f1, l1] = live(i), [f2, l2] = live(j);
      if (f1! <= l2! && f2! <= l1! && overlap[5 + i * BUFFER_FIELDS]! > 0 && overlap[5 + j * BUFFER_FIELDS]! > 0) {
        a = i;
        b = j;
        break;
      }
    }
  }
  t.true(a >= 0, "two buffers alive at once");
  overlap[5 + b * BUFFER_FIELDS + 3] = overlap[5 + a * BUFFER_FIELDS + 3]!;
  t.throws(() => new Interpreter(kws, { compiled: CompiledPlan.from(overlap) }), { ...badFormat, message: /overlaps or leaves the arena/ });
  // a buffer of another size than prepare asks for
  const resized = w.slice();
  resized[5]! += 16;
  t.throws(() => new Interpreter(kws, { compiled: CompiledPlan.from(resized) }), { ...badFormat, message: /buffer 0 differs/ });
  // an arena too small for its buffers
  const small = w.slice();
  small[4] = 16;
  t.throws(() => new Interpreter(kws, { compiled: CompiledPlan.from(small) }), { ...badFormat, message: /overlaps or leaves the arena/ });
});

test("CompiledPlan.from checks the format before anything reads it", (t) => {
  t.throws(() => CompiledPlan.from(new Uint8Array(7)), { ...badFormat, message: /not a whole number of int32 words/ });
  t.throws(() => CompiledPlan.from(new Uint8Array(8)), { ...badFormat, message: /shorter than its header/ });
  t.throws(() => CompiledPlan.from(new Int32Array([1, 1, 0, 0, 0, 0])), { ...badFormat, message: /bad magic/ });
  t.throws(() => CompiledPlan.from(new Int32Array([PLAN_MAGIC, 99, 0, 0, 0, 0])), { ...badFormat, message: /format version 99/ });
  t.throws(() => CompiledPlan.from(new Int32Array([PLAN_MAGIC, 1, 1000, 0, 0, 0])), { ...badFormat, message: /do not fit/ });
  t.throws(() => CompiledPlan.from(new Int32Array([PLAN_MAGIC, 1, 1, 0, 0, 0, 5])), { ...badFormat, message: /constants fall outside/ });
  t.throws(() => CompiledPlan.from(new Int32Array([PLAN_MAGIC, 1, -1, 0, 0, 0])), { ...badFormat, message: /negative count/ });
  t.throws(() => CompiledPlan.from("plan" as unknown as Uint8Array), badFormat);
  const empty = CompiledPlan.from(new Int32Array([PLAN_MAGIC, 1, 1, 0, 0, 0, 0]));
  t.is(empty.constants(0), null);
  t.throws(() => empty.constants(1), { ...badFormat, message: /no op 1/ });
  // an unaligned view is read from a copy
  const unaligned = new Uint8Array(29);
  unaligned.set(new Uint8Array(new Int32Array([PLAN_MAGIC, 1, 1, 0, 0, 0, 0]).buffer), 1);
  t.is(CompiledPlan.from(unaligned.subarray(1)).opCount, 1);
  t.throws(() => new Interpreter(Model.from(sineModel()), { compiled: {} as CompiledPlan }), { instanceOf: TinyMLArgumentError });
});

function sineModel(): Uint8Array {
  return new Uint8Array(readFileSync(new URL("../models/sine/sine.tflite", import.meta.url)));
}

withTestdata(test, "tinyml compile writes the plan the runtime reads; --json reports it", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tinyml-compile-"));
  const m = manifest().models.kws_ref_model!;
  const out = join(dir, "kws.plan");
  const r = await tinyml(["compile", join(testdataDir, m.file), "--out", out, "--json"]);
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const model = loadModel("kws_ref_model");
  const file = readFileSync(out);
  t.deepEqual(new Uint8Array(file), Interpreter.compile(model));
  t.is(j.bytes, file.length);
  t.is(j.ops, model.operatorCount);
  t.is(j.arenaBytes, Interpreter.plan(model).arenaBytes);
  t.true(j.constantBytes > 0 && j.constantBytes < j.bytes);
  assertGoldenCases(t, new Interpreter(model, { compiled: CompiledPlan.from(file) }), m);

  const usage = await tinyml(["compile", join(testdataDir, m.file)]);
  t.is(usage.code, 2);
  t.regex(usage.stderr, /compile needs --out PLAN\.bin/);
  const host = await tinyml(["compile", join(testdataDir, m.file), "--out", out, "--host", "esp8266"]);
  t.is(host.code, 2);
  const bad = await tinyml(["compile", out, "--out", join(dir, "x.plan")]);
  t.is(bad.code, 1);
  t.regex(bad.stderr, /^tinyml: (BAD_FORMAT|TRUNCATED|BAD_INDEX)/);
});
