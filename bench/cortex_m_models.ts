/**
 * The whole stack on an emulated Cortex-M4 (the XS image of hosts/cortex-m/qemu/xs under QEMU
 * mps2-an386), per model of ../shared/testdata and models/: instructions and estimated cycles per
 * inference counted by the cm4count plugin (../shared/tools/cm4count) around each invoke, the
 * native kernels' share (each kernel call a region, in a second run over the same inputs), a per-op
 * table (each op a region, a third run), the XS memory (chunks, slots, stack), what the runtime
 * holds in XS beyond the arena once the model is prepared, and the C stack's high-water mark per
 * inference. Every golden case runs (batched per model) and is compared with TFLM's bytes; models/
 * models have no golden outputs and run on seeded random inputs. Each model is also compiled on
 * the image (tinyml compile --host cortex-m4) and booted with and without its plan: the boot's
 * instructions (Model.from and new Interpreter) and the bytes beyond the arena. Writes
 * bench/results/cortex-m-models.json.
 *
 *   npm run bench:cortex-m-models   (needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm
 *                                    and the cm4count plugin's source)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPlugin, toolchain } from "../hosts/cortex-m/qemu/build.mjs";
import { XS_REGION_BYTES } from "../hosts/cortex-m/qemu/xs/build.mjs";
import { compileOnImage, imageToolsMissing, runOnImage } from "../hosts/cortex-m/qemu/xs/runner";
import type { ImageJob, ImageRun } from "../hosts/cortex-m/qemu/xs/runner";
import { Interpreter, Model } from "../src/index";
import { CompiledPlan } from "../src/plan/index";
import { goldenBatches, runGoldenBatch } from "../test/helpers/cortex_m4_golden";
import { ALL_MODELS, haveTestdata, manifest, testdataDir } from "../test/helpers/testdata";
import { tempDir } from "../test/helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const missing = imageToolsMissing();
if (missing !== null) throw new Error(`bench:cortex-m-models needs ${missing}`);
if (!toolchain().cm4count) throw new Error("bench:cortex-m-models needs the cm4count plugin's source (../shared/tools/cm4count or $TINYML_CM4COUNT)");
if (!haveTestdata) throw new Error(`bench:cortex-m-models needs the test data (${testdataDir})`);
const plugin = await buildPlugin();

interface Row {
  model: string;
  macs: number;
  goldenCases: number;
  goldenEqual: number;
  instructions: number;
  estCycles: number;
  estCyclesPerMac: number;
  kernelShare: number;
  arenaBytes: number;
  xsBytesBeyondArena: number;
  xsChunkPeak: number;
  xsSlotPeak: number;
  xsStackPeakBytes: number;
  cStackPeakBytes: number;
  /** TFLM's arena_used_bytes (golden models). */
  tflmArenaUsedBytes: number | null;
  /** Boot (Model.from and new Interpreter): instructions and est. cycles, without and with the compiled plan. */
  bootInstructions: number;
  bootEstCycles: number;
  bootInstructionsCompiled: number;
  bootEstCyclesCompiled: number;
  /** Bytes of the compiled plan (read in place, as from flash) and the XS bytes beyond the arena with it. */
  compiledPlanBytes: number;
  xsBytesBeyondArenaCompiled: number;
  /** Whether the plan has every op's kernel call (boots without Model.from and prepare; else through them). */
  compiledPlanComplete: boolean;
  /** Golden cases byte-equal when booted from the plan. */
  goldenEqualCompiled: number;
  /** Instructions and est. cycles per inference when booted from the plan (the C plan runner). */
  instructionsCompiled: number;
  estCyclesCompiled: number;
}
interface OpRow {
  index: number;
  op: string;
  macs: number;
  instructions: number;
  estCycles: number;
}

function check(r: ImageRun, what: string): void {
  if (r.code !== 0 || r.stats === null) throw new Error(`${what}: the image exited with ${r.code}\n${r.stderr}${r.stdout}`);
}
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Counts one model: `batch` runs the inputs with the extra job options and returns the run and its invocation count. */
async function measure(name: string, plan: string, macs: number, batch: (extra: Partial<ImageJob>) => Promise<{ run: ImageRun; invocations: number }>, golden: { cases: number; equal: number; equalCompiled: number }, tflmArenaUsedBytes: number | null): Promise<{ row: Row; ops: OpRow[] }> {
  const whole = await batch({ count: "invoke", plugin });
  check(whole.run, `${name} (invoke)`);
  if (whole.run.regions.length !== whole.invocations) throw new Error(`${name}: ${whole.run.regions.length} regions for ${whole.invocations} invocations`);
  const kernels = await batch({ count: "kernels", plugin });
  check(kernels.run, `${name} (kernels)`);
  const opsRun = await batch({ count: "ops", plugin });
  check(opsRun.run, `${name} (ops)`);
  const stats = whole.run.stats!;
  const nOps = stats.ops.length;
  if (opsRun.run.regions.length !== nOps * opsRun.invocations) throw new Error(`${name}: ${opsRun.run.regions.length} regions for ${nOps} ops`);
  const instructions = mean(whole.run.regions.map((r) => r.insns));
  const estCycles = mean(whole.run.regions.map((r) => r.cycles));
  const kernelInstructions = kernels.run.regions.reduce((a, r) => a + r.insns, 0) / kernels.invocations;
  const ops = stats.ops.map((op, j) => {
    const mine = opsRun.run.regions.filter((_, i) => i % nOps === j);
    return { index: op.index, op: op.op, macs: op.macs, instructions: Math.round(mean(mine.map((r) => r.insns))), estCycles: Math.round(mean(mine.map((r) => r.cycles))) };
  });
  // boot with and without the plan the image compiled; inferences with it
  const boot = (await batch({ count: "prepare", plugin })).run;
  check(boot, `${name} (boot)`);
  const bootCompiled = (await batch({ count: "prepare", plugin, plan })).run;
  check(bootCompiled, `${name} (boot with the compiled plan)`);
  const wholeCompiled = await batch({ count: "invoke", plugin, plan });
  check(wholeCompiled.run, `${name} (invoke with the compiled plan)`);
  const planBytes = readFileSync(plan);
  const end = stats.atEnd;
  const row: Row = {
    model: name,
    macs,
    goldenCases: golden.cases,
    goldenEqual: golden.equal,
    instructions: Math.round(instructions),
    estCycles: Math.round(estCycles),
    estCyclesPerMac: macs > 0 ? Math.round((estCycles / macs) * 1000) / 1000 : 0,
    kernelShare: Math.round((kernelInstructions / instructions) * 10000) / 10000,
    arenaBytes: stats.arenaBytes,
    xsBytesBeyondArena: stats.xsBytesBeyondArena,
    xsChunkPeak: end.chunkPeak,
    xsSlotPeak: end.slotPeak,
    xsStackPeakBytes: end.stackPeak,
    cStackPeakBytes: stats.cStackPeakBytes,
    tflmArenaUsedBytes,
    bootInstructions: boot.regions[0]!.insns,
    bootEstCycles: boot.regions[0]!.cycles,
    bootInstructionsCompiled: bootCompiled.regions[0]!.insns,
    bootEstCyclesCompiled: bootCompiled.regions[0]!.cycles,
    compiledPlanBytes: planBytes.length,
    xsBytesBeyondArenaCompiled: bootCompiled.stats!.xsBytesBeyondArena,
    compiledPlanComplete: CompiledPlan.from(planBytes).complete,
    goldenEqualCompiled: golden.equalCompiled,
    instructionsCompiled: Math.round(mean(wholeCompiled.run.regions.map((r) => r.insns))),
    estCyclesCompiled: Math.round(mean(wholeCompiled.run.regions.map((r) => r.cycles))),
  };
  console.log(`${name}: boot ${row.bootInstructions} instructions (${row.bootInstructionsCompiled} with its plan), beyond arena ${row.xsBytesBeyondArena} B (${row.xsBytesBeyondArenaCompiled} B with its plan), inference ${row.instructions} (${row.instructionsCompiled} with its plan), golden with its plan ${row.goldenEqualCompiled}/${row.goldenCases}`);
  console.log(`${name}: ${row.instructions} instructions, ${row.estCycles} est. cycles (${row.estCyclesPerMac} per MAC), kernels ${(100 * row.kernelShare).toFixed(2)}%, golden ${row.goldenEqual}/${row.goldenCases}, beyond arena ${row.xsBytesBeyondArena} B, C stack ${row.cStackPeakBytes} B`);
  return { row, ops };
}

const macsOf = (file: string) => Interpreter.plan(Model.from(readFileSync(file))).ops.reduce((a, o) => a + o.macs, 0);
const rows: Row[] = [];
const perOp: Record<string, OpRow[]> = {};
let bundle: { chunkBytes: number; slotBytes: number } | null = null;

/** The model's plan as the image compiles it (tinyml compile --host cortex-m4), in a temporary folder `use` gets. */
async function withPlan<T>(name: string, file: string, use: (plan: string) => Promise<T>): Promise<T> {
  const dir = tempDir("tinyml-m4-plan-");
  try {
    const plan = join(dir, "model.plan");
    const failure = await compileOnImage(file, plan);
    if (failure !== null) throw new Error(`${name}: tinyml compile on the image: ${failure}`);
    return await use(plan);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const name of ALL_MODELS) {
  const model = manifest().models[name]!;
  const batches = goldenBatches(name);
  const file = join(testdataDir, model.file);
  await withPlan(name, file, async (plan) => {
    // every case, checked against TFLM's bytes, without and with the plan (the counts come from the first batch)
    let equal = 0, equalCompiled = 0;
    for (const b of batches) {
      const r = await runGoldenBatch(name, b);
      check(r.run, name);
      equal += r.equal.length;
      bundle ??= { chunkBytes: r.run.stats!.afterLoad.chunkUsed, slotBytes: r.run.stats!.afterLoad.slotUsed };
      const c = await runGoldenBatch(name, b, { plan });
      check(c.run, `${name} (with its plan)`);
      equalCompiled += c.equal.length;
    }
    const first = batches[0]!;
    const { row, ops } = await measure(name, plan, macsOf(file), async (extra) => ({ run: (await runGoldenBatch(name, first, extra)).run, invocations: first.invocations }), { cases: model.cases.length, equal, equalCompiled }, model.arena_used_bytes);
    rows.push(row);
    perOp[name] = ops;
  });
}

for (const name of ["sine", "motion"]) {
  const file = join(repo, "models", name, `${name}.tflite`);
  const it = new Interpreter(Model.from(readFileSync(file)));
  const dir = tempDir("tinyml-m4-bench-");
  try {
    const invocations = 4;
    const inputs = Array.from({ length: it.inputCount }, (_, i) => {
      const bytes = new Uint8Array(it.input(i).bytes.length * invocations);
      let seed = 12345 + i;
      for (let k = 0; k < bytes.length; k++) bytes[k] = (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
      const path = join(dir, `in${i}.bin`);
      writeFileSync(path, bytes);
      return path;
    });
    const outputs = Array.from({ length: it.outputCount }, (_, i) => join(dir, `out${i}.bin`));
    await withPlan(name, file, async (plan) => {
      const { row, ops } = await measure(name, plan, macsOf(file), async (extra) => ({ run: await runOnImage({ model: file, inputs, outputs, invocations, ...extra }), invocations }), { cases: 0, equal: 0, equalCompiled: 0 }, null);
      rows.push(row);
      perOp[name] = ops;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

mkdirSync(join(repo, "bench", "results"), { recursive: true });
const result = {
  command: "npm run bench:cortex-m-models",
  date: new Date().toISOString(),
  machine: "QEMU mps2-an386 (Cortex-M4F), -icount shift=0, cm4count plugin",
  compiler: "arm-none-eabi-gcc -O2 -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 (XS engine, platform layer, native kernels with their Arm DSP paths)",
  xsRegionBytes: XS_REGION_BYTES,
  bundle,
  models: rows,
  ops: perOp,
};
writeFileSync(join(repo, "bench", "results", "cortex-m-models.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log("bench/results/cortex-m-models.json written");
