/**
 * Writes BENCHMARKS.md from bench/results/*.json, so that the figures there are always the ones
 * the benchmarks printed, with the command and the machine.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const results = join(repo, "bench", "results");
const out: string[] = ["# Benchmarks", "", "Written by `npx tsx bench/report.ts` from `bench/results/*.json`; never edited by hand.", ""];

const nodeFile = join(results, "models-node.json");
if (existsSync(nodeFile)) {
  const r = JSON.parse(readFileSync(nodeFile, "utf8"));
  out.push("## Models: arena and time per inference", "");
  out.push(`Command: \`${r.command}\` on ${r.date.slice(0, 10)}; machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.os}, Node ${r.machine.node}.`, "");
  out.push("The arena holds every non-constant tensor, kernel scratch and op state (see README); TFLM's figure");
  out.push("is `arena_used_bytes` from ../shared/testdata/golden/manifest.json (a 64-bit host build).", "");
  out.push("| model | arena bytes (tinyml-xs) | arena bytes (TFLM) | MACs | TS kernels on Node, ms/inference (median) | runs |");
  out.push("|---|---:|---:|---:|---:|---:|");
  for (const row of r.rows) out.push(`| ${row.model} | ${row.arenaBytes} | ${row.tflmArenaBytes} | ${row.macs} | ${row.nodeMsMedian.toFixed(3)} | ${row.runs} |`);
  out.push("");
}
writeFileSync(join(repo, "BENCHMARKS.md"), `${out.join("\n")}\n`);
console.log("BENCHMARKS.md written");
