/**
 * Runs on the Cortex-M4 XS image for `tinyml run --host cortex-m4` and the benchmarks: loads a model
 * (mapped outside the XS heap, as from flash), feeds input files (each holding N consecutive inputs)
 * to one interpreter, writes the outputs and a stats file. Argument: one JSON object, the RunJob below.
 *
 * `count` places the cm4count markers: "invoke" makes each invoke a region, "kernels" each native
 * kernel call within the invokes, "ops" each op (through the profile clock), "prepare" the boot
 * (Model.from and new Interpreter, or with a plan CompiledPlan.from and CompiledInterpreter.load, one region); "none" places none.
 */
import { Interpreter, Model } from "../../../../src/index";
import { CompiledInterpreter, CompiledPlan, compilePlan } from "../../../../src/plan/index";
import type { KernelChoice } from "../../../../src/index";
import { m4 } from "./globals";
import type { M4Memory } from "./globals";

export interface RunJob {
  model: string;
  inputs: string[];
  outputs: string[];
  invocations: number;
  kernels: KernelChoice;
  count: "none" | "invoke" | "kernels" | "ops" | "prepare";
  /** Interpreter's maxArenaBytes: what the configured memory leaves for the arena. */
  maxArenaBytes: number;
  /** Clear the op state before every invocation (independent cases of a stateful model in one run). */
  resetEachInvocation: boolean;
  /** Where to write the RunStats JSON. */
  stats: string;
  /** A probe: only plan the model on the image (its natives' scratch included) and write `{ arenaBytes }`. */
  planOnly?: boolean;
  /** A compiled plan (tinyml compile) to run the model with, mapped outside the XS heap as the model. */
  plan?: string;
  /** `tinyml compile --host cortex-m4`: write the model's compiled plan, as the image's kernels make it, to this path (and run nothing). */
  compileTo?: string;
}

export interface RunStats {
  arenaBytes: number;
  /** XS bytes (chunks + slots, after a collection) the runtime holds once the model is prepared, beyond the arena. */
  xsBytesBeyondArena: number;
  /** After the bundle is loaded (before the model), after prepare, and at the end of the run. */
  afterLoad: M4Memory;
  afterPrepare: M4Memory;
  atEnd: M4Memory;
  /** Deepest C stack of any invoke, bytes. */
  cStackPeakBytes: number;
  ops: { index: number; op: string; macs: number }[];
}

function fail(message: string): never {
  m4.stderr(`${message}\n`);
  return m4.exit(1);
}

const job = JSON.parse(m4.args[0] ?? "{}") as RunJob;
m4.gc();
const afterLoad = m4.memory();
if (job.model === "") {
  // a probe: what the bundle alone holds in XS, the app's own share when sizing the machine
  writeJson(job.stats, { afterLoad });
  m4.exit(0);
}
if (job.planOnly === true) {
  // a probe: the arena as the image plans it, which the machine's creation is sized with
  try {
    writeJson(job.stats, { arenaBytes: Interpreter.plan(Model.from(m4.mapFile(job.model)), { kernels: job.kernels }).arenaBytes });
  } catch (e) {
    fail(`${(e as Error).name}: ${(e as Error).message}`);
  }
  m4.exit(0);
}
if (job.compileTo !== undefined) {
  try {
    m4.writeFile(job.compileTo, compilePlan(Model.from(m4.mapFile(job.model)), { kernels: job.kernels }));
  } catch (e) {
    fail(`${(e as Error).name}: ${(e as Error).message}`);
  }
  m4.exit(0);
}
let it: Interpreter | CompiledInterpreter;
let marker = 0;
const toggle = (): number => {
  if (marker++ & 1) m4.benchStop();
  else m4.benchStart();
  return 0;
};
try {
  if (job.count === "prepare") m4.benchStart();
  const options = { kernels: job.kernels, maxArenaBytes: job.maxArenaBytes, profile: job.count === "ops", clock: toggle };
  // with a plan: booted from it (no FlatBuffer walk, no prepare, where the plan is complete)
  it = job.plan === undefined ? new Interpreter(Model.from(m4.mapFile(job.model)), options) : CompiledInterpreter.load(m4.mapFile(job.model), CompiledPlan.from(m4.mapFile(job.plan)), options);
  if (job.count === "prepare") m4.benchStop();
} catch (e) {
  fail(`${(e as Error).name}: ${(e as Error).message}`);
}
m4.gc();
const afterPrepare = m4.memory();
const n = job.invocations;
if (job.inputs.length !== it.inputCount) fail(`TinyMLArgumentError: the model has ${it.inputCount} input(s); ${job.inputs.length} given`);
if (job.outputs.length !== it.outputCount) fail(`TinyMLArgumentError: the model has ${it.outputCount} output(s); ${job.outputs.length} given`);
const inputs = job.inputs.map((path, i) => {
  const data = new Uint8Array(m4.readFile(path));
  const per = it.input(i).bytes.length;
  if (data.length !== per * n) fail(`TinyMLArgumentError: input ${i} '${path}' has ${data.length} bytes; expected ${per * n}`);
  return data;
});
const outputs = job.outputs.map((_, i) => new Uint8Array(it.output(i).bytes.length * n));
let cStackPeakBytes = 0;
for (let k = 0; k < n; k++) {
  for (let i = 0; i < inputs.length; i++) {
    const per = it.input(i).bytes.length;
    it.input(i).bytes.set(inputs[i]!.subarray(k * per, (k + 1) * per));
  }
  if (job.resetEachInvocation) it.reset();
  m4.paintCStack();
  if (job.count === "invoke") m4.benchStart();
  else if (job.count === "kernels") m4.countKernels(true);
  it.invoke();
  if (job.count === "invoke") m4.benchStop();
  else if (job.count === "kernels") m4.countKernels(false);
  cStackPeakBytes = Math.max(cStackPeakBytes, m4.memory().cStackPeak);
  for (let i = 0; i < outputs.length; i++) outputs[i]!.set(it.output(i).bytes, k * it.output(i).bytes.length);
}
job.outputs.forEach((path, i) => m4.writeFile(path, outputs[i]!));
const stats: RunStats = {
  arenaBytes: it.arenaBytes,
  xsBytesBeyondArena: afterPrepare.chunkUsed + afterPrepare.slotUsed - (afterLoad.chunkUsed + afterLoad.slotUsed) - it.arenaBytes,
  afterLoad,
  afterPrepare,
  atEnd: m4.memory(),
  cStackPeakBytes,
  ops: it.profile.map((p) => ({ index: p.index, op: p.op, macs: p.macs })),
};
writeJson(job.stats, stats);
m4.exit(0);

function writeJson(path: string, value: unknown): void {
  const json = JSON.stringify(value); // ASCII: op names and numbers
  m4.writeFile(path, Uint8Array.from(json, (c) => c.charCodeAt(0)));
}
