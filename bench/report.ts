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
const cmModelsFile = join(results, "cortex-m-models.json");
if (existsSync(cmModelsFile)) {
  const r = JSON.parse(readFileSync(cmModelsFile, "utf8"));
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  out.push("## The whole stack on an emulated Cortex-M4: XS, the runtime and the kernels", "");
  out.push(`Command: \`${r.command}\` on ${String(r.date).slice(0, 10)}; ${r.machine}; compiler: \`${r.compiler}\`.`);
  out.push("One bare-metal image (hosts/cortex-m/qemu/xs) runs the runtime bundle on the XS engine (32-bit: 16-byte");
  out.push("slots), the machine sized by `creationFor(model)`, the model read in place outside the XS heap as from");
  out.push("flash. Instructions are exact counts per inference (the mean over the model's golden cases) from the");
  out.push("start of `invoke()` to its end, XS dispatch and the interpreter included; cycles are cm4count's");
  out.push("Cortex-M4 model (zero wait states), an estimate. \"kernels\" is the share of the instructions spent inside");
  out.push("the native C kernels (each call counted in a second run over the same inputs); everything else is XS");
  out.push("dispatch, the interpreter and the ops that run in TypeScript (float, signal front-end, data movement).");
  out.push("Golden: cases byte-equal to TFLM's outputs / cases. Memory: the arena; what the runtime holds in XS");
  out.push("beyond it once the model is prepared (chunks + slots after a collection, less what the bundle held");
  out.push(`before the model was read); the peaks of the whole run (which include the bundle's byte code and objects,`);
  out.push(`${r.bundle?.chunkBytes ?? "?"} chunk and ${r.bundle?.slotBytes ?? "?"} slot bytes, that a device keeps in flash; slots peak where the`);
  out.push("collector runs, at the heap's size); the deepest C stack of any inference (painted stack).", "");
  out.push("| model | MACs | golden | instructions | est. cycles | est. cycles/MAC | kernels | arena B | XS beyond arena B | XS chunk peak B | XS slot peak B | XS stack peak B | C stack peak B |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const m of r.models) {
    out.push(`| ${m.model} | ${m.macs} | ${m.goldenEqual}/${m.goldenCases} | ${m.instructions} | ${m.estCycles} | ${m.macs > 0 ? m.estCyclesPerMac.toFixed(3) : "-"} | ${pct(m.kernelShare)} | ${m.arenaBytes} | ${m.xsBytesBeyondArena} | ${m.xsChunkPeak} | ${m.xsSlotPeak} | ${m.xsStackPeakBytes} | ${m.cStackPeakBytes} |`);
  }
  const kws = r.models.find((m: { model: string }) => m.model === "kws_ref_model");
  const person = r.models.find((m: { model: string }) => m.model === "person_detect");
  out.push("");
  if (kws !== undefined) {
    out.push("Published anchors for keyword spotting (MLPerf Tiny v0.5/v1.0, DS-CNN, Cortex-M4 at 120 MHz), beside ours:", "");
    out.push("| system | ms per inference at 120 MHz | cycles per MAC |");
    out.push("|---|---:|---:|");
    out.push("| TFLM with CMSIS-NN (MLPerf Tiny reference submission) | 181.9 | about 8 |");
    out.push("| best published Cortex-M4 results | - | about 1.6 to 2.2 |");
    out.push(`| tinyml-xs on XS, emulated (est. cycles) | ${(kws.estCycles / 120e3).toFixed(1)} | ${kws.estCyclesPerMac.toFixed(2)} |`, "");
    const outside = (m: { kernelShare: number }) => 1 - m.kernelShare;
    out.push(`Targets: kws_ref_model at or under 2.2 estimated cycles per MAC including XS dispatch: ${kws.estCyclesPerMac.toFixed(3)} (${kws.estCyclesPerMac <= 2.2 ? "met" : "missed"}); everything outside the kernels under 3% of the instructions: kws_ref_model ${pct(outside(kws))}${person ? `, person_detect ${pct(outside(person))}` : ""} (${outside(kws) < 0.03 && (!person || outside(person) < 0.03) ? "met" : "missed"}).`, "");
  }
  out.push("<details><summary>Per op (instructions and estimated cycles per inference, each op counted alone)</summary>", "");
  for (const [model, ops] of Object.entries(r.ops as Record<string, { index: number; op: string; macs: number; instructions: number; estCycles: number }[]>)) {
    out.push(`**${model}**`, "");
    out.push("| # | op | MACs | instructions | est. cycles | est. cycles/MAC |");
    out.push("|---:|---|---:|---:|---:|---:|");
    for (const o of ops) out.push(`| ${o.index} | ${o.op} | ${o.macs} | ${o.instructions} | ${o.estCycles} | ${o.macs > 0 ? (o.estCycles / o.macs).toFixed(2) : "-"} |`);
    out.push("");
  }
  out.push("</details>", "");
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
