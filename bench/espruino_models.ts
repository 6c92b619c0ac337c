/**
 * The runtime inside Espruino (hosts/espruino): time per inference and Espruino variables per model,
 * and which models run on a board with 2,000 or 12,000 variables. Writes bench/results/espruino-models.json.
 *   ESPRUINO=... [ESPRUINO_VARS_2000=...] [ESPRUINO_VARS_12000=...] npx tsx bench/espruino_models.ts && npx tsx bench/report.ts
 * ESPRUINO is Espruino built for Linux (variables allocated as needed); ESPRUINO_VARS_N the same
 * sources built with a fixed N variables (hosts/espruino/README.md says how). Per model:
 * - time: CPU seconds of Espruino running one inference minus those of the same job without it,
 *   runtime in RAM pretokenised (the faster way); Espruino's own clock around invoke() beside it;
 * - variables: runtime and model in Storage (flash), as on a board: what loading the runtime took,
 *   what the prepared interpreter took, and all in use after one inference; counted on the
 *   12,000-variable build where the model runs there (18 bytes a variable, as on boards), else on
 *   the build that allocates variables as needed (27 bytes each);
 * - fits N: the whole job (runtime and model from Storage, one inference) in the fixed-N build, with
 *   the output byte-equal to TFLM's (or to Node's for the repo's own models) and no out-of-memory.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Interpreter, Model } from "../src/index";
import { espruinoBinary, runOnEspruino } from "../src/cli/run_espruino";
import type { EspruinoJob, EspruinoStats } from "../src/cli/run_espruino";
import { tempDir } from "../test/helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const testdata = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
const binary = espruinoBinary();
if (binary === null) {
  console.error("bench/espruino_models.ts needs $ESPRUINO (Espruino built for Linux, hosts/espruino/README.md)");
  process.exit(2);
}
const fixed = [2000, 12000].map((n) => ({ n, binary: process.env[`ESPRUINO_VARS_${n}`] ?? null }));

interface Case {
  model: string;
  file: string;
  input: string;
  /** The output bytes expected: TFLM's golden, or Node's for the repo's models. */
  expected: Buffer;
  /** Inferences timed: enough that the CPU time of loading (which varies by 0.1 s) does not drown them. */
  invocations: number;
}

const tmp = tempDir("tinyml-espruino-bench-");
/** The repo's own models: a zero input, the output Node gives. */
function repoCase(name: string, file: string): Case {
  const bytes = readFileSync(join(repo, file));
  const it = new Interpreter(Model.from(bytes), { kernels: "portable" });
  const input = join(tmp, `${name}.input.bin`);
  writeFileSync(input, it.input(0).bytes);
  it.invoke();
  return { model: name, file: join(repo, file), input, expected: Buffer.from(it.output(0).bytes), invocations: 100 };
}
function goldenCase(name: string): Case {
  const m = JSON.parse(readFileSync(join(testdata, "golden", "manifest.json"), "utf8")).models[name];
  const c = m.cases[m.cases.length - 1];
  const invocations = name.startsWith("hello_world") ? 100 : 1;
  return { model: name, file: join(testdata, m.file), input: join(testdata, c.input), expected: readFileSync(join(testdata, c.output)), invocations };
}

const CASES: Case[] = [
  repoCase("sine", "models/sine/sine.tflite"),
  goldenCase("hello_world_int8"),
  goldenCase("hello_world_float"),
  repoCase("motion", "models/motion/motion.tflite"),
  goldenCase("micro_speech_quantized"),
  goldenCase("kws_ref_model"),
];

/** The case's input `n` times over, as one input file for `n` invocations. */
function repeated(c: Case, n: number): string {
  if (n === 1) return c.input;
  const file = join(tmp, `${c.model}.x${n}.input.bin`);
  const one = readFileSync(c.input);
  writeFileSync(file, Buffer.concat(Array.from({ length: n }, () => one)));
  return file;
}
const job = (c: Case, load: EspruinoJob["load"], invocations: number, cpu: boolean): EspruinoJob => ({ model: c.file, runs: invocations === 0 ? [] : [{ inputs: [repeated(c, invocations)], invocations }], load, profile: false, cpu });
/** Whether a run's output is the expected bytes, once per invocation. */
const equalOutputs = (out: Uint8Array | undefined, c: Case, n: number) => Buffer.from(out ?? []).equals(Buffer.concat(Array.from({ length: n }, () => c.expected)));
// ESPRUINO_BENCH_MODELS=a,b re-measures those models only, keeping the other rows of the results file.
const only = process.env.ESPRUINO_BENCH_MODELS?.split(",");
const resultsFile = join(repo, "bench", "results", "espruino-models.json");
const previous = only === undefined ? [] : (JSON.parse(readFileSync(resultsFile, "utf8")).rows as { model: string }[]);
const rows = [];
for (const c of CASES) {
  if (only !== undefined && !only.includes(c.model)) {
    const kept = previous.find((r) => r.model === c.model);
    if (kept !== undefined) rows.push(kept);
    continue;
  }
  const base = await runOnEspruino(job(c, "ram", 0, true), binary);
  const one = await runOnEspruino(job(c, "ram", c.invocations, true), binary);
  const fits: Record<string, boolean | null> = {};
  const fixedStats: Record<string, EspruinoStats | null> = {};
  for (const f of [...fixed].reverse()) {
    fixedStats[f.n] = null;
    if (f.binary === null) {
      fits[f.n] = null;
      continue;
    }
    const r = await runOnEspruino({ ...job(c, "storage", 1, false), uploader: binary }, f.binary).catch((e: Error) => ({ error: { message: e.message }, outputs: [] as Uint8Array[][], outOfMemory: true, stats: null }));
    fits[f.n] = r.error === null && !r.outOfMemory && equalOutputs(r.outputs[0]?.[0], c, 1);
    if (fits[f.n]) fixedStats[f.n] = r.stats;
  }
  // Variables from the 12,000-variable build where the model runs there (18 bytes a variable, as on
  // boards); else from the build that allocates them as needed.
  let s = fixedStats[12000] ?? null;
  let boardOk = s !== null;
  if (s === null) {
    const board = await runOnEspruino(job(c, "storage", 1, false), binary);
    s = board.stats!;
    boardOk = equalOutputs(board.outputs[0]?.[0], c, 1);
  }
  const row = {
    model: c.model,
    byteEqual: equalOutputs(one.outputs[0]?.[0], c, c.invocations) && boardOk,
    arenaBytes: one.stats!.arenaBytes,
    timedInvocations: c.invocations,
    cpuMsPerInference: ((one.cpuSeconds! - base.cpuSeconds!) * 1000) / c.invocations,
    clockMsPerInference: one.stats!.msPerInvoke,
    storageClockMsPerInference: s.msPerInvoke,
    blocksize: s.blocksize,
    varsAtStart: s.varsAtStart,
    varsRuntime: s.varsRuntime,
    varsModel: s.varsModel,
    varsAfterInvoke: s.varsAtStart + s.varsAfterInvoke,
    varsRuntimeInRam: one.stats!.varsRuntime,
    fits2000: fits[2000],
    fits12000: fits[12000],
  };
  rows.push(row);
  process.stderr.write(`${c.model}: ${row.byteEqual ? "byte-equal" : "NOT byte-equal"}, ${row.cpuMsPerInference.toFixed(0)} ms CPU per inference, variables (${row.blocksize} B each): runtime ${row.varsRuntime} + model ${row.varsModel}, ${row.varsAfterInvoke} in use; runs in 2000: ${row.fits2000}, 12000: ${row.fits12000}\n`);
}
rmSync(tmp, { recursive: true, force: true });
const version = (await runOnEspruino(job(CASES[0]!, "ram", 0, false), binary)).stats!.version;
const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, os: `linux ${release()}`, node: process.version };
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify({ command: "npm run bench:espruino", date: new Date().toISOString(), machine, espruino: version, fixedBuilds: fixed.filter((f) => f.binary !== null).map((f) => f.n), rows }, null, 2)}\n`);
console.log("bench/results/espruino-models.json written");
