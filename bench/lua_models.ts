/**
 * Time per inference of the Lua build of the runtime (npm run build:lua) under each Lua interpreter
 * found (lua5.4, lua5.3, luajit), beside the TypeScript kernels on Node measured in the same run.
 * Writes bench/results/lua-models.json; bench/report.ts puts it in BENCHMARKS.md beside the XS
 * figures of bench/results/models-sim.json.
 *
 *   npm run bench:lua       (needs ../shared/testdata, or TINYML_TESTDATA)
 *
 * Lua: the median of single invocations' CPU time (os.clock) over about SECONDS seconds per model,
 * case 0's input, after the golden check of that case. Node: the median wall time (performance.now)
 * over the same budget, after 3 warm-up invocations.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureLuaBuild } from "../hosts/lua/build.mjs";
import { Interpreter, Model } from "../src/index";
import { tempDir } from "../test/helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const testdata = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
const MODELS = ["hello_world_int8", "hello_world_float", "micro_speech_quantized", "kws_ref_model", "person_detect", "vww_96_int8"];
const LUAS = ["lua5.4", "lua5.3", "luajit"];
const SECONDS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function version(lua: string): string | null {
  try {
    return execFileSync(lua, ["-v"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim().split("\n")[0]!;
  } catch {
    return null;
  }
}

const dist = await ensureLuaBuild();
const luas = LUAS.map((lua) => ({ lua, version: version(lua) })).filter((l) => l.version !== null) as { lua: string; version: string }[];
const manifest = JSON.parse(readFileSync(join(testdata, "golden", "manifest.json"), "utf8"));
const tmp = tempDir("tinyml-bench-lua-");
const rows = [];
for (const model of MODELS) {
  const m = manifest.models[model];
  const c = m.cases[0];
  const it = new Interpreter(Model.from(readFileSync(join(testdata, m.file))), { kernels: "portable" });
  it.input(0).bytes.set(readFileSync(join(testdata, c.input)));
  for (let i = 0; i < 3; i++) it.invoke();
  const times: number[] = [];
  const budget = performance.now() + SECONDS * 1000;
  while (times.length < 5 || performance.now() < budget) {
    const t0 = performance.now();
    it.invoke();
    times.push(performance.now() - t0);
  }
  const row: Record<string, unknown> = { model, macs: it.plan.macs, nodeMs: median(times), nodeRuns: times.length, lua: {} as Record<string, unknown> };
  for (const { lua } of luas) {
    const out = join(tmp, `${model}.${lua}.bin`);
    const stdout = execFileSync(lua, [join(dist, "run_model.lua"), dist, join(testdata, m.file), "--input", join(testdata, c.input), "--output", out, "--seconds", String(SECONDS)], { encoding: "utf8" });
    if (!readFileSync(out).equals(readFileSync(join(testdata, c.output)))) throw new Error(`${model} on ${lua}: output differs from the golden one`);
    const [, ms, runs, heapRuntime, heapModel] = /ms_per_invoke (\S+) runs (\d+) heap_runtime_bytes (\d+) heap_model_bytes (\d+)/.exec(stdout)!;
    (row.lua as Record<string, unknown>)[lua] = { ms: Number(ms), runs: Number(runs), heapRuntimeBytes: Number(heapRuntime), heapModelBytes: Number(heapModel) };
    process.stderr.write(`${model}: ${lua} ${Number(ms).toFixed(3)} ms (Node ${row.nodeMs as number} ms)\n`);
  }
  rows.push(row);
}
const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, os: `linux ${release()}`, node: process.version };
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "lua-models.json"), `${JSON.stringify({ command: "npm run bench:lua", date: new Date().toISOString(), machine, luas, seconds: SECONDS, rows }, null, 2)}\n`);
