/**
 * Runs bench/sim/memory.sim.ts inside the 32-bit tinyml-sim (16-byte XS slots, as on a 32-bit MCU),
 * one process per model and kernel choice, and writes bench/results/memory-sim32.json.
 *   npm run bench:memory
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForSim } from "../hosts/sim/bundle.mjs";
import { ensureSim } from "../hosts/sim/build.mjs";
import { Model } from "../src/index";
import { compilePlan } from "../src/plan/index";
import { tempDir } from "../test/helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const testdata = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
const MODELS = ["hello_world_int8", "micro_speech_quantized", "kws_ref_model", "person_detect", "vww_96_int8", "audio_preprocessor_int8"];

const binary = await ensureSim({ quiet: true, m32: true });
const bundle = await bundleForSim("bench/sim/memory.sim.ts");
const manifest = JSON.parse(readFileSync(join(testdata, "golden", "manifest.json"), "utf8")) as { models: Record<string, { file: string }> };
const planDir = tempDir("tinyml-memory-");
const rows = [];
for (const model of MODELS) {
  // the model's compiled plan (tinyml compile: made on Node, for builds without the Arm DSP paths, as this one)
  const plan = join(planDir, `${model}.plan`);
  writeFileSync(plan, compilePlan(Model.from(readFileSync(join(testdata, manifest.models[model]!.file)))));
  for (const [kernels, compiled] of [["auto", false], ["auto", true], ["portable", false]] as const) {
    const out = execFileSync(binary, [bundle, testdata, kernels, model, ...(compiled ? [`plan=${plan}`] : [])], { encoding: "utf8" });
    const row = { kernels, ...JSON.parse(out.trim().split("\n").pop()!) };
    rows.push(row);
    process.stderr.write(`${model} (${kernels}${compiled ? ", compiled plan" : ""}): arena ${row.arenaBytes} + beyond ${row.bytesBeyondArena} (model ${row.modelBytes}); TFLM ${row.tflmArenaUsedBytes}; first invoke ${row.firstInvokeBytes}; boot ${row.bootMs} ms\n`);
  }
}
rmSync(planDir, { recursive: true, force: true });
const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, os: `linux ${release()}`, node: process.version };
mkdirSync(join(repo, "bench", "results"), { recursive: true });
const build = "tinyml-sim built with gcc -m32 (node hosts/sim/build.mjs --m32): 16-byte XS slots";
writeFileSync(join(repo, "bench", "results", "memory-sim32.json"), `${JSON.stringify({ command: "npm run bench:memory", build, date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
