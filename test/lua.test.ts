/**
 * The Lua build of the portable runtime (npm run build:lua: typescript-to-lua over src/, our
 * tinyml_js.lua for JavaScript's int32, float32 and typed-array semantics) under Debian's lua5.4 and
 * lua5.3: golden cases byte for byte, malformed models refused with the same ModelError (code and
 * message) as on Node, and `tinyml run --host lua`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test, { type ExecutionContext } from "ava";
import { ensureLuaBuild } from "../hosts/lua/build.mjs";
import { Interpreter, Model, ModelError } from "../src/index";
import { runProcess, tinyml } from "./helpers/cli";
import { runLua, withLua } from "./helpers/lua";
import { mutants, type MutationCounts } from "./helpers/mutations";
import { haveTestdata, manifest, RECURRENT_MODELS, recurrentManifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

const tmp = tempDir("tinyml-lua-");
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

test.before(async () => {
  await ensureLuaBuild();
});

/**
 * Which golden cases run where (each case is one Lua process; kws_ref_model takes about 2 s a case
 * on lua5.4 here, person_detect about 2.5 s, vww_96_int8 is left out for its time). "all" or case ids.
 * lua5.3 and LuaJIT (doubles only: tinyml_js_double.lua) run a sample; the recurrent models (SVDF,
 * LSTM) of golden-recurrent/ too.
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
  { lua: "luajit", model: "hello_world_int8", cases: "all" },
  { lua: "luajit", model: "hello_world_float", cases: "all" },
  { lua: "luajit", model: "micro_speech_quantized", cases: [0, 5] },
  { lua: "luajit", model: "kws_ref_model", cases: "all" },
  { lua: "luajit", model: "audio_preprocessor_int8", cases: [0, 7] },
  { lua: "lua5.4", model: "keyword_scrambled_8bit", cases: [0, 1] },
  { lua: "lua5.4", model: "dtln_noise_suppression", cases: [0, 1] },
  { lua: "luajit", model: "dtln_noise_suppression", cases: [2] },
];

/** A test that needs both the test data and the Lua interpreter `lua` (each skips with a notice where missing, fails under CI=true). */
function luaTest(lua: string, title: string, fn: (t: ExecutionContext) => Promise<void>): void {
  if (haveTestdata) withLua(test, lua, title, fn);
  else withTestdata(test, title, fn);
}

for (const { lua, model, cases } of PLAN) {
  luaTest(lua, `${lua}: ${model} golden cases (${cases === "all" ? "all" : `case ${cases.join(", ")}`}) byte for byte`, async (t) => {
    const m = (RECURRENT_MODELS.includes(model) ? recurrentManifest() : manifest()).models[model]!;
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

const MALFORMED = [
  { lua: "lua5.4", model: "hello_world_int8" },
  { lua: "lua5.4", model: "micro_speech_quantized" },
  { lua: "lua5.4", model: "kws_ref_model" },
  { lua: "lua5.4", model: "audio_preprocessor_int8" },
  { lua: "luajit", model: "micro_speech_quantized" },
];
for (const { lua, model } of MALFORMED) {
  luaTest(lua, `${lua}: malformed ${model} copies give the same ModelError (code and message) as on Node, or the same arena`, async (t) => {
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
    const r = await runLua(lua, "load_models.lua", [String(MAX_ARENA), ...files]);
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

/** Doubles that probe JavaScript's number semantics: int32 and uint32 edges, fractions, huge, tiny, subnormal, NaN, ±0, ±Infinity. */
function probeValues(): Float64Array {
  const edges = [0, -0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, 65535, 65536,
    2147483647, 2147483648, -2147483648, -2147483649, 4294967295, 4294967296, 4294967297, 2 ** 53, -(2 ** 53), 2 ** 63, 1e21, 1e300,
    -1e300, 1e-7, 1e-6, 5e-324, -5e-324, 2 ** -149, 2 ** -150, 3 * 2 ** -151, 2 ** -126, 3.4028234663852886e38, 3.4028235677973366e38,
    3.402823669209385e38, 0.1, 1 / 3, Math.PI, NaN, Infinity, -Infinity, 16777217, 16777219, 1.0000000596046448, 31, 32, 33];
  const out: number[] = [...edges];
  let seed = 12345;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let i = 0; i < 400; i++) {
    const magnitude = 2 ** Math.floor(next() * 80 - 40);
    out.push((next() - 0.5) * magnitude, Math.floor((next() - 0.5) * 2 ** 33), (next() - 0.5) * 2 ** (Math.floor(next() * 300) - 150));
  }
  return Float64Array.from(out);
}

/** What test/lua/js_semantics.lua prints for value x (y: the next one), computed on Node. */
function jsSemantics(x: number, y: number): string {
  const f32 = new Float32Array([x]);
  return [x, x | 0, x >>> 0, x >> y, x << y, x & y, x ^ y, ~x, Math.imul(x, y), Math.clz32(x), Math.fround(x), new Uint32Array(f32.buffer)[0]!,
    new Int8Array([x])[0]!, new Int16Array([x])[0]!, new Uint16Array([x])[0]!, x % y, new Int32Array([x])[0]!, new Uint32Array([x])[0]!, new Float64Array([x])[0]!].map(String).join(" ");
}

for (const lua of ["lua5.4", "lua5.3", "luajit"]) {
  withLua(test, lua, `${lua}: tinyml_js.lua gives JavaScript's int32 operators, imul, clz32, fround, typed-array stores, %, number formatting and joins`, async (t) => {
    const values = probeValues();
    const file = join(tmp, `probe.${lua}.bin`);
    writeFileSync(file, new Uint8Array(values.buffer));
    const r = await runProcess(lua, [join(repo, "test", "lua", "js_semantics.lua"), await ensureLuaBuild(), file]);
    t.is(r.code, 0, r.stderr);
    const got = r.stdout.trimEnd().split("\n");
    const want = Array.from(values, (x, i) => jsSemantics(x, values[(i + 1) % values.length]!));
    want.push([values[0], values[1], values[5], values[33], 4 / 2].join(", "));
    t.is(got.length, want.length);
    const wrong = want.flatMap((line, i) => (line === got[i] ? [] : [`x=${values[i]}: want ${line}, got ${got[i]}`]));
    t.deepEqual(wrong.slice(0, 10), [], `${wrong.length} of ${want.length} differ`);
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
