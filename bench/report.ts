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

const cmFile = join(results, "cortex-m.json");
if (existsSync(cmFile)) {
  const r = JSON.parse(readFileSync(cmFile, "utf8"));
  out.push("## Kernels on an emulated Cortex-M4: exact instruction counts beside CMSIS-NN's", "");
  out.push(`Command: \`npm run bench:cortex-m\` on ${String(r.date).slice(0, 10)}; QEMU \`mps2-an386\` (Cortex-M4F), instructions counted`);
  out.push(`by the cm4count TCG plugin between two marker calls (the empty region, ${r.emptyRegion} instructions, subtracted);`);
  out.push(`compiler: \`${r.compiler}\`. CMSIS-NN columns: ${r.reference}, the same flags, data and counter.`);
  out.push("Rows `model#operator:kind` are that operator of that test model with its real weights, quantization and input (extracted");
  out.push("from the .tflite at bench time); `bench:` and `x_` rows are seeded random layers (TFLM semantics). Every output is");
  out.push("checked byte for byte against the portable C kernels' output computed on the host. cyc_est is the plugin's Cortex-M4");
  out.push("cycle model (for comparisons only); stack is the call's measured high-water mark, bytes.", "");
  out.push("| layer | MACs | instr/MAC (ours) | CMSIS-NN | CMSIS-NN / ours | cyc_est/MAC (ours) | CMSIS-NN | portable C on the M4, instr/MAC |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const l of r.layers) {
    const ratio = l.cmsisNnInstrPerMac ? `${(l.cmsisNnInstrPerMac / l.instrPerMac).toFixed(2)}x` : "-";
    out.push(`| ${l.id} | ${l.macs} | ${l.instrPerMac.toFixed(3)} | ${l.cmsisNnInstrPerMac ?? "-"} | ${ratio} | ${l.estCyclesPerMac.toFixed(3)} | ${l.cmsisNnEstCyclesPerMac ?? "-"} | ${l.portable ? l.portable.instrPerMac.toFixed(3) : "-"} |`);
  }
  out.push("", `Median CMSIS-NN / ours, instructions per MAC: ${Number(r.medianCmsisNnRatio).toFixed(2)}x. Rows over CMSIS-NN in instructions or estimated cycles per MAC: ${r.overCmsisNn.length ? r.overCmsisNn.join(", ") : "none"}.`, "");
  out.push("### Footprint: C stack and code of the kernels", "");
  out.push("C stack: the deepest measured high-water mark of one kernel call over the rows above; scratch: the largest work");
  out.push("buffer a call asked for, which the op requests at prepare and the planner places in the arena (CMSIS-NN's the same way).", "");
  out.push("| kernel | rows | deepest stack, ours | largest scratch, ours | deepest stack, CMSIS-NN | largest scratch, CMSIS-NN |");
  out.push("|---|---:|---:|---:|---:|---:|");
  const kindOf = (id: string) => (/depthwise|_dw$/.test(id) ? "depthwise" : /fully_connected|_fc/.test(id) ? "fully_connected" : "conv");
  type Row = { id: string; stackBytes: number; scratchBytes: number; cmsisNnStackBytes: number | null; cmsisNnScratchBytes: number | null };
  for (const kind of ["conv", "depthwise", "fully_connected"]) {
    const rows = (r.layers as Row[]).filter((l) => kindOf(l.id) === kind);
    const most = (f: (l: Row) => number) => Math.max(...rows.map(f));
    out.push(`| ${kind} | ${rows.length} | ${most((l) => l.stackBytes)} | ${most((l) => l.scratchBytes)} | ${most((l) => l.cmsisNnStackBytes ?? 0)} | ${most((l) => l.cmsisNnScratchBytes ?? 0)} |`);
  }
  if (r.otherKernels?.length) {
    out.push("", "The other native kernels on the test models' layers (not in CMSIS-NN's table; their scratch in the arena too):", "");
    out.push("| layer | instructions | stack |");
    out.push("|---|---:|---:|");
    for (const l of r.otherKernels as { id: string; instructions: number; stackBytes: number }[]) out.push(`| ${l.id} | ${l.instructions} | ${l.stackBytes} |`);
  }
  const c = r.code;
  out.push("", `Code (.text of native/kernels/*.c for the M4, ${r.compiler.split(" ")[1]}): ${c.textBytesDsp} bytes with the Arm DSP paths, ${c.textBytesPortable} bytes`);
  out.push(`portable only; of which conv + depthwise + fully connected: ${c.convDepthwiseFullyConnectedTextBytesDsp} and ${c.convDepthwiseFullyConnectedTextBytesPortable} bytes.`, "");
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
