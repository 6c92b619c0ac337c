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

const luaFile = join(results, "lua-models.json");
if (existsSync(luaFile)) {
  const r = JSON.parse(readFileSync(luaFile, "utf8"));
  const sim = existsSync(simFile) ? JSON.parse(readFileSync(simFile, "utf8")) : null;
  const xs = new Map<string, { simPortableMs: number; simNativeMs: number }>((sim?.rows ?? []).map((row: { model: string; simPortableMs: number; simNativeMs: number }) => [row.model, row]));
  const luas = r.luas as { lua: string; version: string }[];
  out.push("## Models in Lua (the Lua build of the runtime)", "");
  out.push(`Command: \`${r.command}\` on ${r.date.slice(0, 10)}; machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.os}, Node ${r.machine.node}; ${luas.map((l) => l.version).join("; ")}.`, "");
  out.push("Median time per inference of case 0 (whose output was checked against TFLM's first) over about");
  out.push(`${r.seconds} s per model: the runtime compiled to Lua by typescript-to-lua (\`npm run build:lua\`), its TypeScript`);
  out.push("kernels with JavaScript's int32 and float32 arithmetic and typed arrays done by hosts/lua/tinyml_js.lua, CPU time");
  out.push("(os.clock); the same TypeScript kernels on Node, wall time, in the same run; the XS columns are from the");
  out.push(`XS table above${sim ? ` (${sim.date.slice(0, 10)}, another run)` : " (not measured)"}. The heap columns are Lua 5.4's`);
  out.push("`collectgarbage(\"count\")` after a full collection: with the runtime loaded (its code), then what reading");
  out.push("the model and preparing the interpreter added (every byte of the model and of the arena is a table slot).", "");
  const first = luas[0]?.lua;
  out.push(`| model | MACs | ${luas.map((l) => `${l.lua}, ms`).join(" | ")} | TS on Node, ms | TS kernels in XS, ms | native in XS, ms | ${first} heap: runtime, KB | ${first} heap: model + interpreter, KB |`);
  out.push(`|---|---:|${luas.map(() => "---:|").join("")}---:|---:|---:|---:|---:|`);
  for (const row of r.rows) {
    const x = xs.get(row.model);
    const heap = first ? row.lua[first] : undefined;
    const kb = (b: number | undefined) => (b === undefined ? "-" : (b / 1024).toFixed(0));
    out.push(`| ${row.model} | ${row.macs} | ${luas.map((l) => (row.lua[l.lua] ? row.lua[l.lua].ms.toFixed(3) : "-")).join(" | ")} | ${row.nodeMs.toFixed(3)} | ${x ? x.simPortableMs.toFixed(2) : "-"} | ${x ? x.simNativeMs.toFixed(3) : "-"} | ${kb(heap?.heapRuntimeBytes)} | ${kb(heap?.heapModelBytes)} |`);
  }
  out.push("");
}

const memoryFile = join(results, "memory-sim32.json");
if (existsSync(memoryFile)) {
  const r = JSON.parse(readFileSync(memoryFile, "utf8"));
  out.push("## RAM: the arena and the XS memory beyond it, against TFLM", "");
  out.push(`Command: \`${r.command}\` on ${r.date.slice(0, 10)}; measured on ${r.build}, one process per model.`, "");
  out.push("\"Beyond arena\" is what the runtime holds in the XS heap (chunk + slot bytes, after a garbage");
  out.push("collection) once `Model.from` and `new Interpreter` are done, the arena excluded; it includes the");
  out.push("per-channel multipliers and shifts (TFLM keeps those in its arena) and, with native kernels, the");
  out.push("host's kernel set made by the first interpreter. TFLM's figure is `arena_used_bytes` from");
  out.push("../shared/testdata/golden/manifest.json. Targets (issue 16): arena + beyond <= TFLM for kws_ref_model,");
  out.push("person_detect and vww_96_int8; beyond <= 4096 bytes for hello_world_int8 and micro_speech_quantized.");
  out.push("\"First invoke\" is what the first `invoke()` allocates (chunk + slot bytes). \"Plan\": the model boots");
  out.push("from its compiled plan (`tinyml compile`; `CompiledPlan.from` and `CompiledInterpreter.load`, no `Model.from`),");
  out.push("read before counting as the model is (both stand for flash). \"Boot\": the fastest of 5 more boots, in");
  out.push("milliseconds of the simulator's clock on the machine that ran the bench (shared, so only indicative).", "");
  out.push("| model | kernels | plan | arena | beyond arena | of which Model.from | arena + beyond | TFLM arena_used_bytes | target | first invoke | boot ms |");
  out.push("|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|");
  const smallModels = new Set(["hello_world_int8", "micro_speech_quantized"]);
  const largeModels = new Set(["kws_ref_model", "person_detect", "vww_96_int8"]);
  for (const row of r.rows) {
    const total = row.arenaBytes + row.bytesBeyondArena;
    const target = smallModels.has(row.model) ? `beyond <= 4096: ${row.bytesBeyondArena <= 4096 ? "met" : "missed"}`
      : largeModels.has(row.model) ? `total <= TFLM: ${total <= row.tflmArenaUsedBytes ? "met" : "missed"}` : "-";
    out.push(`| ${row.model} | ${row.kernels} | ${row.compiled === true ? "yes" : "no"} | ${row.arenaBytes} | ${row.bytesBeyondArena} | ${row.modelBytes} | ${total} | ${row.tflmArenaUsedBytes} | ${target} | ${row.firstInvokeBytes} | ${row.bootMs ?? "-"} |`);
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
    out.push("", "The other native kernels, on synthetic layers (x_..., hosts/cortex-m/qemu/cases.c and cases_signal.c) and the test models' layers (not in CMSIS-NN's table; their scratch in the arena too):", "");
    out.push("| layer | instructions | stack | portable C instructions |");
    out.push("|---|---:|---:|---:|");
    for (const l of r.otherKernels as { id: string; instructions: number; stackBytes: number; portableInstructions?: number | null }[]) out.push(`| ${l.id} | ${l.instructions} | ${l.stackBytes} | ${l.portableInstructions ?? "-"} |`);
  }
  const c = r.code;
  out.push("", `Code (.text of native/kernels/*.c for the M4, ${r.compiler.split(" ")[1]}): ${c.textBytesDsp} bytes with the Arm DSP paths, ${c.textBytesPortable} bytes`);
  out.push(`portable only; of which conv + depthwise + fully connected: ${c.convDepthwiseFullyConnectedTextBytesDsp} and ${c.convDepthwiseFullyConnectedTextBytesPortable} bytes.`, "");
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
const moddableFile = join(results, "moddable-sizes.json");
if (existsSync(moddableFile)) {
  const r = JSON.parse(readFileSync(moddableFile, "utf8")) as import("./moddable_sizes").ModdableSizes;
  out.push("## Moddable apps: tinyml-xs bytecode", "");
  out.push(`Command: \`${r.command}\` on ${r.date.slice(0, 10)} (commit ${r.commit}); Moddable SDK ${r.sdk}, \`${r.build}\`, desktop Linux target.`);
  out.push("The `.xsb` files of the app's `tinyml-xs` modules, summed (the XS bytecode the app carries in flash; the");
  out.push("footprint issue's target for the sine app is 80 KB).", "");
  out.push("| app | what it includes | modules | bytes |");
  out.push("|---|---|---:|---:|");
  for (const a of r.apps) out.push(`| ${a.dir} | ${a.includes} | ${a.modules.length} | ${a.totalBytes} |`);
  if (r.skipped.length > 0) out.push("", `Not measured (no ../shared/testdata): ${r.skipped.join(", ")}.`);
  const opSetApps = r.apps.filter((a) => a.app !== "kws");
  if (opSetApps.length > 0) {
    out.push("", "Per module, the apps built with an op set (bytes; - where the app does not carry the module):", "");
    out.push(`| module | ${opSetApps.map((a) => a.dir).join(" | ")} |`);
    out.push(`|---|${opSetApps.map(() => "---:").join("|")}|`);
    const sizes = new Map<string, number[]>();
    opSetApps.forEach((a, i) => {
      for (const m of a.modules) {
        const row = sizes.get(m.module) ?? opSetApps.map(() => -1);
        row[i] = m.bytes;
        sizes.set(m.module, row);
      }
    });
    const rows = [...sizes].sort((x, y) => Math.max(...y[1]) - Math.max(...x[1]) || x[0].localeCompare(y[0]));
    for (const [module, row] of rows) out.push(`| ${module} | ${row.map((b) => (b < 0 ? "-" : String(b))).join(" | ")} |`);
  }
  out.push("");
}
const cm16x8File = join(results, "cortex-m-16x8.json");
if (existsSync(cm16x8File)) {
  const r = JSON.parse(readFileSync(cm16x8File, "utf8"));
  out.push("## 16x8 kernels (int16 activations, int8 weights) on an emulated Cortex-M4: exact instruction counts", "");
  out.push(`Command: \`${r.command}\` on ${String(r.date).slice(0, 10)}; QEMU \`mps2-an386\`, cm4count (the empty region, ${r.emptyRegion}`);
  out.push(`instructions, subtracted); compiler: \`${r.compiler}\`, \`${r.flags}\`. The benchmark layers' shapes with int16 activations,`);
  out.push("random data, int64 biases (TFLM's int64 sums and requantization); the image checks that the Arm DSP path and the");
  out.push("portable C path give the same bytes. Extra rows: CMSIS-NN's reference table above has no 16x8 layers.", "");
  out.push("| layer | MACs | instructions (Arm DSP) | instr/MAC | instructions (portable C) | instr/MAC |");
  out.push("|---|---:|---:|---:|---:|---:|");
  for (const row of r.rows) out.push(`| ${row.id} | ${row.macs} | ${row.dspInstructions} | ${row.dspInstrPerMac.toFixed(2)} | ${row.portableInstructions} | ${row.portableInstrPerMac.toFixed(2)} |`);
  out.push("");
}
const lstmFile = join(results, "cortex-m-lstm.json");
if (existsSync(lstmFile)) {
  const r = JSON.parse(readFileSync(lstmFile, "utf8"));
  out.push("## One int8 LSTM step on an emulated Cortex-M4: exact instruction counts", "");
  out.push(`Command: \`${r.command}\` on ${String(r.date).slice(0, 10)}; QEMU \`mps2-an386\`, cm4count (the empty region, ${r.emptyRegion}`);
  out.push(`instructions, subtracted); compiler: \`${r.compiler}\`. One time step, batch 1, of dtln_noise_suppression's LSTM layer`);
  out.push("shapes with random weights and states: the 8 matrix products, the gates, the cell and hidden updates. The image");
  out.push("checks that the Arm DSP path and the portable C path give the same bytes.", "");
  out.push("| layer | input x units | MACs | instructions (Arm DSP) | instr/MAC | instructions (portable C) | instr/MAC |");
  out.push("|---|---|---:|---:|---:|---:|---:|");
  for (const row of r.rows) out.push(`| ${row.layer} | ${row.inputSize} x ${row.units} | ${row.macs} | ${row.dspInstructions} | ${row.dspInstrPerMac.toFixed(2)} | ${row.portableInstructions} | ${row.portableInstrPerMac.toFixed(2)} |`);
  out.push("");
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
  if (r.models.some((m: { compiledPlanBytes?: number }) => m.compiledPlanBytes !== undefined)) {
    out.push("### Compiled plans (`tinyml compile --host cortex-m4`): boot and RAM with and without", "");
    out.push("Each model compiled on the image, then booted, one counted region: without its plan `Model.from` and");
    out.push("`new Interpreter` (the FlatBuffer walk, every op's prepare, the planner); with it `CompiledPlan.from` and");
    out.push("`CompiledInterpreter.load`, the plan and the model read in place outside the XS heap as from flash: both checked");
    out.push("(CRC-32s), no FlatBuffer walk and no prepare where the plan is complete (\"complete\": every op's kernel call");
    out.push("recorded), the int8 ops run by the C plan runner (one native call per run of ops, nothing in the XS heap per op).");
    out.push("\"Inference\": instructions per invoke without and with the plan. \"Golden with plan\": TFLM golden cases");
    out.push("byte-equal when booted from the plan. Targets (issue 16): arena + beyond <= TFLM's `arena_used_bytes` for");
    out.push("kws_ref_model, person_detect and vww_96_int8; beyond <= 4096 B for hello_world_int8 and micro_speech_quantized.", "");
    out.push("| model | plan B | complete | boot instructions | with plan | boot est. cycles | with plan | inference instructions | with plan | XS beyond arena B | with plan | arena + beyond with plan | TFLM arena_used_bytes | target (with plan) | golden with plan |");
    out.push("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
    const small = new Set(["hello_world_int8", "micro_speech_quantized"]), large = new Set(["kws_ref_model", "person_detect", "vww_96_int8"]);
    for (const m of r.models) {
      if (m.compiledPlanBytes === undefined) continue;
      const total = m.arenaBytes + m.xsBytesBeyondArenaCompiled;
      const target = small.has(m.model) ? `beyond <= 4096: ${m.xsBytesBeyondArenaCompiled <= 4096 ? "met" : "missed"}`
        : large.has(m.model) && m.tflmArenaUsedBytes !== null ? `total <= TFLM: ${total <= m.tflmArenaUsedBytes ? "met" : "missed"}` : "-";
      const golden = m.goldenCases > 0 && m.goldenEqualCompiled !== undefined ? `${m.goldenEqualCompiled}/${m.goldenCases}` : "-";
      const complete = m.compiledPlanComplete === undefined ? "-" : m.compiledPlanComplete ? "yes" : "no";
      out.push(`| ${m.model} | ${m.compiledPlanBytes} | ${complete} | ${m.bootInstructions} | ${m.bootInstructionsCompiled} | ${m.bootEstCycles} | ${m.bootEstCyclesCompiled} | ${m.instructions} | ${m.instructionsCompiled ?? "-"} | ${m.xsBytesBeyondArena} | ${m.xsBytesBeyondArenaCompiled} | ${total} | ${m.tflmArenaUsedBytes ?? "-"} | ${target} | ${golden} |`);
    }
    out.push("");
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
const compressFile = join(results, "compress.json");
if (existsSync(compressFile)) {
  const r = JSON.parse(readFileSync(compressFile, "utf8"));
  out.push("## Compressed weights: `tinyml compress` (TFLM's LUT format, TFLM_DECODE)", "");
  out.push(`Command: \`${r.command}\` on ${r.date.slice(0, 10)}; machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.os}, Node ${r.machine.node}.`, "");
  out.push("Per model and setting: the file, the compressed weights (indices and value tables) against the");
  out.push("weights they replace, the arena (each DECODE writes its tensor there on every invoke), the int8");
  out.push("outputs of the compressed model against the original's over the golden inputs (SQNR; top-1:");
  out.push("same arg max), and the time the DECODE ops take in the fastest of repeated inferences of the");
  out.push("compressed model, on Node (TypeScript kernels) and inside tinyml-sim (native kernels). The");
  out.push("machine is shared: the totals vary from run to run, the DECODE share less.", "");
  out.push("| model | bits | file bytes | weights bytes | arena bytes | outputs SQNR | top-1 | DECODE on Node, ms of total | DECODE in XS, ms of total |");
  out.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of r.rows) {
    const sqnr = row.sqnrDb === null ? "exact" : `${row.sqnrDb.toFixed(1)} dB`;
    const share = (part: number, whole: number) => `${part.toFixed(3)} of ${whole.toFixed(3)} (${((100 * part) / whole).toFixed(1)}%)`;
    out.push(`| ${row.model} | ${row.bits}${row.perChannel ? " per channel" : ""} (${row.tensors} tensor${row.tensors === 1 ? "" : "s"}) | ${row.originalBytes} -> ${row.compressedBytes} | ${row.weightBytes} -> ${row.compressedWeightBytes} | ${row.arenaBytes} -> ${row.compressedArenaBytes} | ${sqnr} | ${(100 * row.top1Agreement).toFixed(0)}% of ${row.cases} | ${share(row.nodeDecodeMs, row.nodeMs)} | ${share(row.simDecodeMs, row.simMs)} |`);
  }
  out.push("");
}
const espruinoFile = join(results, "espruino-models.json");
if (existsSync(espruinoFile)) {
  const r = JSON.parse(readFileSync(espruinoFile, "utf8"));
  out.push("## Models inside Espruino", "");
  out.push(`Command: \`${r.command}\` on ${r.date.slice(0, 10)}; Espruino ${r.espruino} built for Linux; machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.os}.`, "");
  out.push("The runtime's TypeScript kernels interpreted by Espruino (hosts/espruino). Time: CPU time of the Espruino");
  out.push("process per inference (the same job without inferences subtracted; 100 inferences timed for the small models,");
  out.push("one for micro_speech and kws), runtime in RAM pretokenised; Espruino's own clock around `invoke()` beside it");
  out.push("(wall time, on a machine shared with other jobs: far above the CPU time). Variables: runtime and model in Storage");
  out.push("(flash), as on a board: what loading the runtime took, what the prepared interpreter took, and all in use after");
  out.push("one inference (Espruino's own and the runner script's included), counted on the 12,000-variable build where the model runs there (18");
  out.push("bytes a variable), else on the build that allocates them as needed (27 bytes; column \"B/var\").");
  out.push("Runs in N: the same job on a build with a fixed N variables (16 to 18 bytes each, like boards), output byte-equal");
  out.push("and no out-of-memory. Outputs compared with TFLM's golden case (the last one of each model), with Node's for the");
  out.push("repo's own models (sine, motion).", "");
  out.push("| model | byte-equal | arena bytes | CPU ms/inference | Espruino clock, ms | variables: runtime | model | in use | B/var | runs in 2,000 | runs in 12,000 |");
  out.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
  const yn = (v: boolean | null) => (v === null ? "not run" : v ? "yes" : "no");
  for (const row of r.rows) {
    out.push(`| ${row.model} | ${row.byteEqual ? "yes" : "NO"} | ${row.arenaBytes} | ${row.cpuMsPerInference.toFixed(0)} | ${row.clockMsPerInference.toFixed(0)} | ${row.varsRuntime} | ${row.varsModel} | ${row.varsAfterInvoke} | ${row.blocksize} | ${yn(row.fits2000)} | ${yn(row.fits12000)} |`);
  }
  for (const n of r.fixedBuilds as number[]) {
    const fit = r.rows.filter((row: { [k: string]: unknown }) => row[`fits${n}`] === true).sort((a: { varsAfterInvoke: number }, b: { varsAfterInvoke: number }) => b.varsAfterInvoke - a.varsAfterInvoke)[0];
    out.push("", fit !== undefined ? `Largest model that runs in ${n} variables: ${fit.model} (${fit.varsAfterInvoke} in use).` : `No model runs in ${n} variables: loading the runtime alone takes ${Math.min(...r.rows.map((row: { varsRuntime: number }) => row.varsRuntime))}.`);
  }
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
