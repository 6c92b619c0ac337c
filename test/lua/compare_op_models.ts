/**
 * Every model the op tests build (test/ops), run on Node and on the Lua build under each Lua found:
 * the same ModelError message, the same invoke error, or the same output bytes. Not part of `npm
 * test` (it runs every op test first, a few minutes); run it after changing src/ops, src/kernels or
 * hosts/lua:
 *
 *   npx tsx test/lua/compare_op_models.ts
 *
 * Inputs are seeded: random bytes, float32 inputs uniform in [-4, 4). Outputs that differ only in
 * the bits of a NaN (the sign and payload a failed SQRT, RSQRT or LOG gives follow V8 on Node and
 * the C library on Lua) are counted apart. Exits 1 when anything else differs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureLuaBuild } from "../../hosts/lua/build.mjs";
import { Interpreter, Model } from "../../src/index";
import { tempDir } from "../helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const work = tempDir("tinyml-op-models-");
const models = join(work, "models");
execFileSync("mkdir", ["-p", models]);

const tests = readdirSync(join(repo, "test", "ops"), { recursive: true }).map(String).filter((f) => f.endsWith(".test.ts")).map((f) => join("test", "ops", f));
const ava = spawnSync(process.execPath, [join(repo, "node_modules", "ava", "entrypoints", "cli.mjs"), ...tests, `--node-arguments=--import=tsx --import=${join(repo, "test", "lua", "capture_models.ts")}`], { cwd: repo, env: { ...process.env, TINYML_CAPTURE_MODELS: models }, encoding: "utf8" });
if (ava.status !== 0) throw new Error(`the op tests failed:\n${ava.stdout}${ava.stderr}`);

let seed = 1;
const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const expected = new Map<string, string>();
const list: string[] = [];
for (const name of readdirSync(models).sort()) {
  const inputs: string[] = [];
  let result: string;
  try {
    const it = new Interpreter(Model.from(readFileSync(join(models, name))), { kernels: "portable", maxArenaBytes: 16 << 20 });
    for (let i = 0; i < it.inputCount; i++) {
      const v = it.input(i);
      if (v.type === "float32") (v.data as Float32Array).forEach((_, k, d) => (d[k] = (next() - 0.5) * 8));
      else v.bytes.forEach((_, k, d) => (d[k] = Math.floor(next() * 256)));
      inputs.push(join(work, `${name}.in${i}`));
      writeFileSync(inputs[i]!, v.bytes);
    }
    try {
      it.invoke();
      result = `ok ${Array.from({ length: it.outputCount }, (_, i) => Buffer.from(it.output(i).bytes).toString("hex")).join(" ")}`;
    } catch (e) {
      result = `invoke-error ${(e as Error).message}`;
    }
  } catch (e) {
    result = `error ${(e as Error).message}`;
  }
  expected.set(name, result.replace(/\n/g, " "));
  list.push([join(models, name), ...inputs].join("\t"));
}
writeFileSync(join(work, "list.txt"), `${list.join("\n")}\n`);

/** Both outputs with every float32 NaN's bits made one pattern. */
const nanFree = (line: string): string => line.replace(/[0-9a-f]{8}/g, (w) => {
  const bits = Buffer.from(w, "hex").readUInt32LE(0);
  return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0 ? "nan!nan!" : w;
});

const dist = await ensureLuaBuild();
let failed = false;
for (const lua of ["lua5.4", "lua5.3", "luajit"]) {
  const run = spawnSync(lua, [join(repo, "test", "lua", "run_models.lua"), dist, join(work, "list.txt")], { encoding: "utf8", maxBuffer: 256 << 20 });
  if (run.error !== undefined) {
    console.log(`${lua}: not found, skipped`);
    continue;
  }
  let same = 0, nanOnly = 0;
  const differ: string[] = [];
  for (const line of run.stdout.trimEnd().split("\n")) {
    const at = line.indexOf(" ");
    const name = line.slice(0, at), got = line.slice(at + 1), want = expected.get(name)!;
    if (got === want) same++;
    else if (nanFree(got) === nanFree(want)) nanOnly++;
    else differ.push(`${name}\n  node: ${want.slice(0, 300)}\n  ${lua}: ${got.slice(0, 300)}`);
  }
  console.log(`${lua}: ${expected.size} models: ${same} the same, ${nanOnly} differing only in NaN bits, ${differ.length} differing${run.status === 0 ? "" : ` (exit ${run.status}: ${run.stderr.slice(0, 500)})`}`);
  for (const d of differ.slice(0, 20)) console.log(d);
  if (differ.length > 0 || run.status !== 0 || same + nanOnly !== expected.size) failed = true;
}
process.exitCode = failed ? 1 : 0;
