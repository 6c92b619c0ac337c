/**
 * Writes BENCHMARKS.md from bench/results/*.json, so that the figures there are always the ones
 * the benchmarks printed, with the command and the machine.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { lifecycleFigures, withFigures, type LifecycleResult } from "./lifecycle_figures";

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
const simFile = join(results, "models-sim.json");
if (existsSync(simFile)) {
  const r = JSON.parse(readFileSync(simFile, "utf8"));
  out.push("## Models inside the XS engine (tinyml-sim)", "");
  out.push(`Command: \`${r.command}\` on ${r.date.slice(0, 10)}; machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.os}.`, "");
  out.push("Median time per inference inside the real XS engine built for Linux, with the native C kernels and");
  out.push("with the TypeScript kernels; \"outside kernels\" is the share of the native run's time spent in the");
  out.push("interpreter's dispatch (everything but the kernel calls); the XS memory is what the runtime holds");
  out.push("(slots and chunks, after a garbage collection) beyond the arena once the model is prepared, on the");
  out.push("64-bit simulator (a 32-bit MCU needs less).", "");
  out.push("| model | native in XS, ms | TS kernels in XS, ms | native speed-up | outside kernels | XS memory beyond arena, bytes |");
  out.push("|---|---:|---:|---:|---:|---:|");
  for (const row of r.rows) {
    out.push(`| ${row.model} | ${row.simNativeMs.toFixed(3)} | ${row.simPortableMs.toFixed(2)} | ${(row.simPortableMs / row.simNativeMs).toFixed(1)}x | ${(100 * row.outsideKernelsShare).toFixed(1)}% | ${row.xsHeldBytesBeyondArena} |`);
  }
  out.push("");
}

/** CMSIS-NN's figures measured the same way, and the targets (instructions per MAC). */
const CORTEX_M_REFERENCE: Record<string, { layer: string; cmsis: number; target: number }> = {
  kws_conv1: { layer: "conv 49x10x1 -> 25x5x64, 10x4, stride 2, SAME", cmsis: 3.47, target: 2.6 },
  kws_dw: { layer: "depthwise 25x5x64, 3x3, stride 1, SAME", cmsis: 8.33, target: 4.0 },
  kws_pw: { layer: "pointwise 25x5x64 -> 64", cmsis: 2.09, target: 1.6 },
  kws_fc: { layer: "fully connected 64 -> 12", cmsis: 2.82, target: 2.2 },
  vww_conv: { layer: "conv 48x48x8 -> 48x48x16, 3x3, stride 1, SAME", cmsis: 2.87, target: 2.1 },
};
const cmFile = join(results, "cortex-m.json");
if (existsSync(cmFile)) {
  const r = JSON.parse(readFileSync(cmFile, "utf8"));
  out.push("## Kernels on an emulated Cortex-M4: exact instruction counts", "");
  out.push(`Command: \`npm run bench:cortex-m\` on ${String(r.date).slice(0, 10)}; QEMU \`mps2-an386\` (Cortex-M4F), instructions counted`);
  out.push(`by the cm4count TCG plugin between two marker calls (the empty region, ${r.emptyRegion} instructions, subtracted);`);
  out.push(`compiler: \`${r.compiler}\`. int8 per-channel layers with seeded random data (TFLM semantics), every`);
  out.push("output checked against the portable C kernels' bytes computed on the host.", "");
  out.push("| layer | MACs | instructions | instr/MAC (ours) | target (≤) | CMSIS-NN | portable C on the M4 |");
  out.push("|---|---:|---:|---:|---:|---:|---:|");
  for (const l of r.layers) {
    const ref = CORTEX_M_REFERENCE[l.id];
    const p = r.portable?.layers?.find((x: { id: string }) => x.id === l.id);
    const met = ref ? (l.instrPerMac <= ref.target ? " (met)" : " (missed)") : "";
    out.push(`| ${l.id}: ${ref?.layer ?? ""} | ${l.macs} | ${l.instructions} | ${l.instrPerMac.toFixed(3)}${met} | ${ref?.target ?? "-"} | ${ref?.cmsis ?? "-"} | ${p ? p.instrPerMac.toFixed(3) : "-"} |`);
  }
  out.push("", `Kernel code (.text of native/kernels for the M4): ${r.textBytes} bytes with the DSP paths, ${r.portable?.textBytes ?? "?"} bytes portable only.`, "");
}
const fuzzFile = join(results, "fuzz.json");
if (existsSync(fuzzFile)) {
  const r = JSON.parse(readFileSync(fuzzFile, "utf8"));
  out.push("## Differential fuzzing: Node against the XS engine", "");
  out.push(`Command: \`${r.command}\` (\`npm run fuzz\`) on ${r.date.slice(0, 10)}, ${Math.round(r.seconds)} s; machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.os}, Node ${r.machine.node}.`, "");
  out.push("Each case is a mutated copy of a model (a truncation, 1 to 4 random bytes, a huge or small integer or a");
  out.push("denormal / NaN / infinite float written over a word), loaded with no `maxArenaBytes` (the host's default");
  out.push("limit), invoked once on seeded input when it loads, on Node (TypeScript kernels) and inside tinyml-sim");
  out.push(`(native C kernels), each host in its own process with a ${r.caseTimeoutMs} ms limit per case. \"ran\": both hosts gave`);
  out.push("the same output bytes; \"typed errors\": both refused it with the same ModelError code. A case whose");
  out.push("worker process dies is run once more, alone, in a new process: dying again makes it a crash.", "");
  out.push("| model | cases | ran, same bytes | typed errors, same code | untyped errors | mismatches | timeouts | crashes |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const m of r.models) {
    const typed = Object.values(m.typed as Record<string, number>).reduce((a, b) => a + b, 0);
    out.push(`| ${m.model} | ${m.cases} | ${m.ran} | ${typed} | ${m.untyped} | ${m.mismatches} | ${m.timeouts} | ${m.crashes} |`);
  }
  out.push(`| **all** | **${r.cases}** | ${r.ran} | ${r.cases - r.ran - r.untyped - r.mismatches - r.timeouts - r.crashes} | **${r.untyped}** | **${r.mismatches}** | **${r.timeouts}** | **${r.crashes}** |`, "");
  const retried = r.models.flatMap((m: { model: string; retried?: string[] }) => (m.retried ?? []).map((c) => `${m.model} ${c}`));
  if (retried.length > 0) out.push(`Worker processes that died and whose case then gave an outcome alone (counted with that outcome): ${retried.join("; ")}.`, "");
}
const packageFile = join(results, "package.json");
if (existsSync(packageFile)) {
  const r = JSON.parse(readFileSync(packageFile, "utf8"));
  out.push("## Package size", "");
  out.push(`Command: \`${r.command}\` on ${r.date.slice(0, 10)}. Unminified ES modules as \`npm run build\` writes them, and`);
  out.push("what a user's rollup keeps of them (gzip level 9).", "");
  out.push("| what | bytes | gzipped |");
  out.push("|---|---:|---:|");
  for (const e of r.entries) out.push(`| ${e.what} | ${e.bytes} | ${e.gzipBytes} |`);
  out.push("");
}
const lifecycleFile = join(results, "lifecycle.json");
if (existsSync(lifecycleFile)) {
  const r = JSON.parse(readFileSync(lifecycleFile, "utf8")) as LifecycleResult;
  const figures = lifecycleFigures(r);
  out.push("## Model lifecycle: fault points and update times", "");
  out.push(figures.split("\n").filter((l) => !l.startsWith("<!--")).join("\n").trim(), "");
  const readmePath = join(repo, "README.md");
  writeFileSync(readmePath, withFigures(readFileSync(readmePath, "utf8"), figures));
  console.log("README.md: lifecycle figures written");
}
writeFileSync(join(repo, "BENCHMARKS.md"), `${out.join("\n")}\n`);
console.log("BENCHMARKS.md written");
