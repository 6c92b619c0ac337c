/**
 * Compiled plans (`tinyml compile`, src/plan/compiled_plan.ts): a model booted from its plan
 * (CompiledInterpreter: no FlatBuffer walk, no prepare) gives TFLM's bytes with the same arena; the
 * plan read by `new Interpreter(model, { compiled })` is cross-checked against prepare; a plan that
 * is not the model's, not this kernel set's, of another format version or damaged is a ModelError
 * BAD_FORMAT, never other output bytes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { Interpreter, Model, ModelError, TinyMLArgumentError } from "../src/index";
import { CompiledInterpreter, CompiledPlan, compilePlan } from "../src/plan/index";
import { ARG_ARENA, ARG_FIELDS, ARG_MODEL, Header, HEADER_WORDS, PLAN_MAGIC, PLAN_VERSION } from "../src/plan/compiled_plan";
import { crc32 } from "../src/math/crc32";
import { tinyml } from "./helpers/cli";
import { assertGoldenCases } from "./helpers/golden";
import { ALL_MODELS, manifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

const modelBytes = (name: string) => testdataFile(manifest().models[name]!.file);
const loadModel = (name: string) => Model.from(modelBytes(name));
/** The plan's bytes as int32 words (a copy, to damage). */
const words = (plan: Uint8Array) => new Int32Array(plan.slice().buffer);
/** A damaged plan whose CRC-32 is made right again (a forged plan: only the runtime's checks stand in the way). */
const resealed = (w: Int32Array) => {
  const out = w.slice();
  out[Header.PLAN_CRC] = crc32(new Uint8Array(out.buffer, 4 * HEADER_WORDS)) | 0;
  return out;
};
const badFormat = { instanceOf: ModelError, message: /^BAD_FORMAT: compiled plan: / };

for (const name of ALL_MODELS) {
  withTestdata(test, `${name} booted from its compiled plan: every case matches TFLM, the same arena; cross-checked against prepare`, (t) => {
    const model = loadModel(name);
    const bytes = compilePlan(model);
    const plan = CompiledPlan.from(bytes);
    const it = CompiledInterpreter.load(modelBytes(name), plan);
    // every model here but the audio preprocessor (signal ops bind TypeScript closures) boots without prepare
    t.is(plan.complete, name !== "audio_preprocessor_int8");
    t.is(it instanceof CompiledInterpreter, plan.complete);
    t.is(it.arenaBytes, Interpreter.plan(model).arenaBytes);
    assertGoldenCases(t, it, manifest().models[name]!);
    // the cross-check: prepare gives the same layout and constants (new Interpreter), and compiling again the same bytes
    const checked = new Interpreter(model, { compiled: plan });
    t.deepEqual(checked.plan, Interpreter.plan(model));
    t.deepEqual(compilePlan(model), bytes);
    if (model.bytes.length < 100_000) assertGoldenCases(t, checked, manifest().models[name]!); // the large ones: the same arena and constants suffice
  });
}

withTestdata(test, "a complete plan boots without Model.from and without any op's prepare", (t) => {
  const bytes = modelBytes("kws_ref_model");
  const plan = CompiledPlan.from(compilePlan(Model.from(bytes)));
  const shape = Model.from(bytes).tensor(Model.from(bytes).inputs[0]!).shape;
  const from = Model.from, operator = Model.prototype.operator, tensor = Model.prototype.tensor;
  const refuse = () => {
    throw new Error("the model was read");
  };
  Model.from = refuse;
  Model.prototype.operator = refuse;
  Model.prototype.tensor = refuse;
  try {
    const it = new CompiledInterpreter(bytes, plan);
    it.invoke();
    t.is(it.output(0).data.length, 12);
    t.deepEqual(it.input(0).shape, shape);
    t.is(it.input(0).type, "int8");
    t.is(it.profile.length, 13);
  } finally {
    Model.from = from;
    Model.prototype.operator = operator;
    Model.prototype.tensor = tensor;
  }
  // the name is read from the model, when asked
  t.is(new CompiledInterpreter(bytes, plan).input(0).name, Model.from(bytes).tensor(Model.from(bytes).inputs[0]!).name);
});

withTestdata(test, "a plan for another model, another kernel set, a version or a damaged one is a ModelError BAD_FORMAT", (t) => {
  const kws = modelBytes("kws_ref_model");
  const bytes = compilePlan(Model.from(kws));
  const vww = modelBytes("vww_96_int8");
  t.throws(() => new CompiledInterpreter(vww, CompiledPlan.from(bytes)), { ...badFormat, message: /another model/ });
  t.throws(() => new Interpreter(Model.from(vww), { compiled: CompiledPlan.from(bytes) }), { ...badFormat, message: /another model/ });
  // the same length, one byte of the model changed
  const changed = kws.slice();
  changed[changed.length - 100]! ^= 1;
  t.throws(() => new CompiledInterpreter(changed, CompiledPlan.from(bytes)), { ...badFormat, message: /another model/ });
  // compiled for the Arm DSP kernels' work buffers
  const dsp = words(bytes);
  dsp[Header.KERNEL_SET] = 1;
  t.throws(() => new CompiledInterpreter(kws, CompiledPlan.from(dsp)), { ...badFormat, message: /kernel set 1/ });
  // an older format
  const old = words(bytes);
  old[Header.VERSION] = 1;
  t.throws(() => CompiledPlan.from(old), { ...badFormat, message: new RegExp(`format version 1 \\(this runtime reads version ${PLAN_VERSION}\\)`) });
  // every byte flipped in turn (a sample), and truncations: the plan's CRC-32 or its framing refuses it
  for (let at = 0; at < bytes.length; at += 7) {
    const flipped = bytes.slice();
    flipped[at]! ^= 0x40;
    t.throws(() => new CompiledInterpreter(kws, CompiledPlan.from(flipped)), badFormat, `byte ${at}`);
  }
  for (const n of [0, 4, 60, 64, 68, bytes.length >> 1, bytes.length - 4]) t.throws(() => CompiledPlan.from(bytes.subarray(0, n)), badFormat, `${n} bytes`);
});

withTestdata(test, "a forged plan (damaged, its CRC-32 made right) is refused at boot where an argument leaves its buffer", (t) => {
  const kws = modelBytes("kws_ref_model");
  const bytes = compilePlan(Model.from(kws));
  const plan = CompiledPlan.from(bytes);
  const w = words(bytes);
  // op 0's output (a conv: argument 4) moved past the arena's end
  const arg = (op: number, a: number) => plan.record(op) + 2 + ARG_FIELDS * a;
  t.is(w[arg(0, 4)], ARG_ARENA);
  const past = w.slice();
  past[arg(0, 4) + 1] = plan.arenaBytes - 16;
  t.throws(() => new CompiledInterpreter(kws, CompiledPlan.from(resealed(past))), { ...badFormat, message: /op 0: an argument outside its buffer/ });
  // a weight view past the model's end
  const weights = w.slice();
  weights[arg(0, 2) + 1] = kws.length;
  t.throws(() => new CompiledInterpreter(kws, CompiledPlan.from(resealed(weights))), { ...badFormat, message: /outside its buffer/ });
  // a kernel this runtime does not have; a record outside the plan
  const kernel = w.slice();
  kernel[plan.record(0)] = 1000;
  t.throws(() => CompiledPlan.from(resealed(kernel)), { ...badFormat, message: /kernel 1000/ });
  const record = w.slice();
  record[w[Header.OP_TABLE]!] = w.length;
  t.throws(() => CompiledPlan.from(resealed(record)), { ...badFormat, message: /outside the plan/ });
  // random forgeries of where the tensors are (an arena or model argument's offset or length): refused
  // at boot, or run on other bytes (JS views are bounds-checked); never another error. (The
  // TypeScript kernels trust the packed constants behind a plan's CRC-32; the C runner checks them
  // on every run: test/sim_compiled_plan.test.ts forges those too.)
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const views: number[] = [];
  for (let op = 0; op < plan.opCount; op++) {
    for (let a = 0; a < w[plan.record(op) + 1]!; a++) if (w[arg(op, a)] === ARG_ARENA || w[arg(op, a)] === ARG_MODEL) views.push(arg(op, a));
  }
  for (let k = 0; k < 100; k++) {
    const forged = w.slice();
    const at = views[next() % views.length]! + 1 + (next() % 2);
    forged[at] = [0, 16, -4, forged[at]! + 16, forged[at]! - 16, forged[at]! * 2, 0x7ffffff0, next() | 0][next() % 8]!;
    try {
      const it = new CompiledInterpreter(kws, CompiledPlan.from(resealed(forged)));
      it.invoke();
    } catch (e) {
      if (!(e instanceof ModelError || e instanceof RangeError || e instanceof TypeError)) t.fail(`forgery ${k} (word ${at}): ${String(e)}`);
    }
  }
  t.pass();
});

test("CompiledPlan.from checks the format before anything reads it", (t) => {
  const header = (version: number, ...rest: number[]) => new Int32Array([PLAN_MAGIC, version, ...rest, ...new Array(HEADER_WORDS).fill(0)]);
  t.throws(() => CompiledPlan.from(new Uint8Array(7)), { ...badFormat, message: /not a whole number of int32 words/ });
  t.throws(() => CompiledPlan.from(new Uint8Array(8)), { ...badFormat, message: /shorter than its header/ });
  t.throws(() => CompiledPlan.from(new Int32Array(HEADER_WORDS)), { ...badFormat, message: /bad magic/ });
  t.throws(() => CompiledPlan.from(header(99)), { ...badFormat, message: /format version 99/ });
  t.throws(() => CompiledPlan.from(header(PLAN_VERSION)), { ...badFormat, message: /CRC-32/ });
  t.throws(() => CompiledPlan.from("plan" as unknown as Uint8Array), badFormat);
  t.throws(() => new Interpreter(Model.from(sineModel()), { compiled: {} as CompiledPlan }), { instanceOf: TinyMLArgumentError });
  t.throws(() => CompiledInterpreter.load(sineModel(), {} as CompiledPlan), { instanceOf: TinyMLArgumentError });
  // an unaligned view is read from a copy
  const plan = compilePlan(Model.from(sineModel()));
  const unaligned = new Uint8Array(plan.length + 1);
  unaligned.set(plan, 1);
  t.is(CompiledPlan.from(unaligned.subarray(1)).opCount, 3);
});

function sineModel(): Uint8Array {
  return new Uint8Array(readFileSync(new URL("../models/sine/sine.tflite", import.meta.url)));
}

withTestdata(test, "tinyml compile writes the plan the runtime reads; --json reports it", async (t) => {
  const dir = tempDir("tinyml-compile-");
  const m = manifest().models.kws_ref_model!;
  const out = join(dir, "kws.plan");
  const r = await tinyml(["compile", join(testdataDir, m.file), "--out", out, "--json"]);
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const model = loadModel("kws_ref_model");
  const file = readFileSync(out);
  t.deepEqual(new Uint8Array(file), compilePlan(model));
  t.is(j.bytes, file.length);
  t.is(j.ops, model.operatorCount);
  t.is(j.complete, true);
  t.is(j.arenaBytes, Interpreter.plan(model).arenaBytes);
  t.true(j.constantBytes > 0 && j.constantBytes < j.bytes);
  assertGoldenCases(t, new CompiledInterpreter(modelBytes("kws_ref_model"), CompiledPlan.from(file)), m);

  // tinyml run --plan boots from it, on Node and inside XS: TFLM's bytes
  const c0 = m.cases[0]!;
  for (const host of ["node", "sim"]) {
    const output = join(dir, `out.${host}.bin`);
    const run = await tinyml(["run", join(testdataDir, m.file), "--plan", out, "--host", host, "--input", join(testdataDir, c0.input), "--output", output]);
    t.is(run.code, 0, run.stderr);
    t.deepEqual(readFileSync(output), readFileSync(join(testdataDir, c0.output)), host);
  }
  const lua = await tinyml(["run", join(testdataDir, m.file), "--plan", out, "--host", "lua", "--input", join(testdataDir, c0.input), "--output", join(dir, "x.bin")]);
  t.is(lua.code, 2);
  const other = await tinyml(["run", join(testdataDir, manifest().models.hello_world_int8!.file), "--plan", out, "--input", join(testdataDir, c0.input), "--output", join(dir, "x.bin")]);
  t.is(other.code, 1);
  t.regex(other.stderr, /BAD_FORMAT: compiled plan: compiled for another model/);

  const usage = await tinyml(["compile", join(testdataDir, m.file)]);
  t.is(usage.code, 2);
  t.regex(usage.stderr, /compile needs --out PLAN\.bin/);
  const host = await tinyml(["compile", join(testdataDir, m.file), "--out", out, "--host", "esp8266"]);
  t.is(host.code, 2);
  const bad = await tinyml(["compile", out, "--out", join(dir, "x.plan")]);
  t.is(bad.code, 1);
  t.regex(bad.stderr, /^tinyml: (BAD_FORMAT|TRUNCATED|BAD_INDEX)/);
});
