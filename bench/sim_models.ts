/**
 * Runs bench/sim/models.sim.ts inside tinyml-sim and writes bench/results/models-sim.json.
 *   npm run bench:sim
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForSim } from "../hosts/sim/bundle.mjs";
import { ensureSim } from "../hosts/sim/build.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const testdata = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
const MODELS = ["hello_world_int8", "micro_speech_quantized", "kws_ref_model", "person_detect", "vww_96_int8"];

const binary = await ensureSim({ quiet: true });
const bundle = await bundleForSim("bench/sim/models.sim.ts");
const rows = [];
for (const model of MODELS) {
  const out = execFileSync(binary, [bundle, testdata, model], { encoding: "utf8", maxBuffer: 16 << 20 });
  const row = JSON.parse(out.trim().split("\n").pop()!);
  rows.push(row);
  process.stderr.write(`${model}: native ${row.simNativeMs.toFixed(3)} ms, TS in XS ${row.simPortableMs.toFixed(1)} ms (x${(row.simPortableMs / row.simNativeMs).toFixed(1)})\n`);
}
const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, os: `linux ${release()}`, node: process.version };
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "models-sim.json"), `${JSON.stringify({ command: "npm run bench:sim", date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
console.log("| model | native in XS, ms | TS kernels in XS, ms | native speed-up | outside kernels | XS memory beyond arena, bytes |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.model} | ${r.simNativeMs.toFixed(3)} | ${r.simPortableMs.toFixed(2)} | ${(r.simPortableMs / r.simNativeMs).toFixed(1)}x | ${(100 * r.outsideKernelsShare).toFixed(1)}% | ${r.xsHeldBytesBeyondArena} |`);
