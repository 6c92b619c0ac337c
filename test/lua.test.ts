/**
 * The Lua build of the portable runtime (npm run build:lua: typescript-to-lua over src/, our
 * tinyml_js.lua for JavaScript's int32, float32 and typed-array semantics) under Debian's lua5.4 and
 * lua5.3: golden cases byte for byte, malformed models refused with the same ModelError (code and
 * message) as on Node, and `tinyml run --host lua`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test, { type ExecutionContext } from "ava";
import { ensureLuaBuild } from "../hosts/lua/build.mjs";
import { Interpreter, Model, ModelError } from "../src/index";
import { tinyml } from "./helpers/cli";
import { runLua, withLua } from "./helpers/lua";
import { mutants, type MutationCounts } from "./helpers/mutations";
import { haveTestdata, manifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";

const tmp = mkdtempSync(join(tmpdir(), "tinyml-lua-"));

test.before(async () => {
  await ensureLuaBuild();
});

/**
 * Which golden cases run where (each case is one Lua process; kws_ref_model takes about 2 s a case
 * on lua5.4 here, person_detect about 2.5 s, vww_96_int8 is left out for its time). "all" or case ids.
 */
const PLAN: { lua: string; model: string; cases: "all" | number[] }[] = [
  { lua: "lua5.4", model: "hello_world_int8", cases: "all" },
  { lua: "lua5.4", model: "hello_world_float", cases: "all" },
  { lua: "lua5.4", model: "micro_speech_quantized", cases: "all" },
  { lua: "lua5.4", model: "kws_ref_model", cases: "all" },
  { lua: "lua5.4", model: "audio_preprocessor_int8", cases: "all" },
  { lua: "lua5.4", model: "person_detect", cases: [5] },
  { lua: "lua5.3", model: "hello_world_int8", cases: "all" },
  { lua: "lua5.3", model: "hello_world_float", cases: [0, 5] },
  { lua: "lua5.3", model: "micro_speech_quantized", cases: [5] },
  { lua: "lua5.3", model: "kws_ref_model", cases: [5] },
];

/** A test that needs both the test data and the Lua interpreter `lua` (each skips with a notice where missing, fails under CI=true). */
function luaTest(lua: string, title: string, fn: (t: ExecutionContext) => Promise<void>): void {
  if (haveTestdata) withLua(test, lua, title, fn);
  else withTestdata(test, title, fn);
}

for (const { lua, model, cases } of PLAN) {
  luaTest(lua, `${lua}: ${model} golden cases (${cases === "all" ? "all" : `case ${cases.join(", ")}`}) byte for byte`, async (t) => {
    const m = manifest().models[model]!;
    const chosen = m.cases.filter((c) => cases === "all" || cases.includes(c.id));
    t.true(chosen.length > 0);
    for (const c of chosen) {
      const out = join(tmp, `${lua}.${model}.${c.id}.out`);
      const r = await runLua(lua, "run_model.lua", [join(testdataDir, m.file), "--invocations", String(c.invocations), "--input", join(testdataDir, c.input), "--output", out]);
      t.is(r.code, 0, `case ${c.id}: ${r.stderr}`);
      t.true(readFileSync(out).equals(testdataFile(c.output)), `${model} case ${c.id} differs on ${lua}`);
    }
  });
}

const MAX_ARENA = 16 << 20;
/** Fewer mutants than test/malformed.test.ts (each is loaded by the slower Lua build too). */
const FEWER: MutationCounts = { cutsSpread: 40, flips: 40, words: 30, invokeFlips: 0, invokeWords: 0 };

/** What load_models.lua prints for a model, computed on Node: "ok <arena bytes>" or "error <message>". */
function nodeOutcome(bytes: Uint8Array): string {
  try {
    return `ok ${new Interpreter(Model.from(bytes), { kernels: "portable", maxArenaBytes: MAX_ARENA }).arenaBytes}`;
  } catch (e) {
    if (e instanceof ModelError) return `error ${e.message.replace(/\n/g, " ")}`;
    return `crash ${(e as Error)?.name}: ${(e as Error)?.message}`;
  }
}

for (const model of ["hello_world_int8", "micro_speech_quantized", "kws_ref_model", "audio_preprocessor_int8"]) {
  luaTest("lua5.4", `lua5.4: malformed ${model} copies give the same ModelError (code and message) as on Node, or the same arena`, async (t) => {
    const original = new Uint8Array(testdataFile(manifest().models[model]!.file));
    const files: string[] = [];
    const expected: string[] = [];
    let k = 0;
    for (const m of mutants(original, model.length * 7919 + original.length, FEWER)) {
      const file = join(tmp, `${model}.mutant${k++}.tflite`);
      writeFileSync(file, m.bytes);
      files.push(file);
      expected.push(`${m.what}: ${nodeOutcome(m.bytes)}`);
    }
    const r = await runLua("lua5.4", "load_models.lua", [String(MAX_ARENA), ...files]);
    t.is(r.code, 0, r.stderr);
    const got = r.stdout.trimEnd().split("\n");
    t.is(got.length, files.length, r.stderr);
    const what = expected.map((e) => e.slice(0, e.indexOf(": ")));
    t.deepEqual(got.map((line, i) => `${what[i]}: ${line}`), expected);
    const errors = expected.filter((e) => e.includes(": error ")).length;
    t.true(errors >= 64, `only ${errors} refusals`);
    t.log(`${model}: ${files.length} mutants, ${errors} refused alike on Node and Lua, the rest load with the same arena`);
  });
}

luaTest("lua5.4", "tinyml run --host lua (and --lua lua5.3) writes the golden output; bad --lua and --kernels native are refused", async (t) => {
  const m = manifest().models.micro_speech_quantized!;
  const c = m.cases.find((x) => x.id === 5)!;
  for (const lua of ["lua5.4", "lua5.3"]) {
    const out = join(tmp, `cli.${lua}.out`);
    const r = await tinyml(["run", join(testdataDir, m.file), "--host", "lua", "--lua", lua, "--input", join(testdataDir, c.input), "--output", out]);
    t.is(r.code, 0, r.stderr);
    t.true(readFileSync(out).equals(testdataFile(c.output)), lua);
  }
  const missing = await tinyml(["run", join(testdataDir, m.file), "--host", "lua", "--lua", "no-such-lua", "--input", join(testdataDir, c.input), "--output", join(tmp, "x")]);
  t.is(missing.code, 1);
  t.regex(missing.stderr, /cannot run 'no-such-lua': not found/);
  const native = await tinyml(["run", join(testdataDir, m.file), "--host", "lua", "--kernels", "native", "--input", join(testdataDir, c.input), "--output", join(tmp, "x")]);
  t.is(native.code, 2);
  t.regex(native.stderr, /--host lua has no native kernels/);
});
