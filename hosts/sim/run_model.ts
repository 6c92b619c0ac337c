/**
 * Runs inside tinyml-sim for `tinyml run --host sim`: loads a model, feeds input files (each holding
 * N consecutive inputs) to one interpreter, writes the outputs. Argument: one JSON object
 * {model, inputs, outputs, invocations, kernels, profile, plan?}; with a plan (tinyml compile) the
 * model boots from it.
 */
import { Interpreter, Model, ModelError } from "../../src/index";
import { CompiledInterpreter, CompiledPlan } from "../../src/plan/index";
import type { KernelChoice } from "../../src/index";
import { sim } from "./globals";

interface Job {
  model: string;
  inputs: string[];
  outputs: string[];
  invocations: number;
  kernels: KernelChoice;
  profile: boolean;
  plan?: string;
}

/** An error's message without the stack XS appends in debug builds. */
function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0]!;
}

function fail(message: string): never {
  sim.stderr(`${message}\n`);
  return sim.exit(1);
}

const job = JSON.parse(sim.args[0] ?? "{}") as Job;
let it: Interpreter | CompiledInterpreter;
try {
  const options = { kernels: job.kernels, profile: job.profile, clock: () => sim.now() };
  it = job.plan === undefined ? new Interpreter(Model.from(sim.readFile(job.model)), options) : CompiledInterpreter.load(sim.readFile(job.model), CompiledPlan.from(sim.readFile(job.plan)), options);
} catch (e) {
  fail(e instanceof ModelError ? `${job.model}: ${e.message}` : `${(e as Error).name}: ${firstLine(e)}`);
}
const n = job.invocations;
if (job.inputs.length !== it.inputCount) fail(`the model has ${it.inputCount} input(s); ${job.inputs.length} given`);
if (job.outputs.length !== it.outputCount) fail(`the model has ${it.outputCount} output(s); ${job.outputs.length} given`);
const inputs = job.inputs.map((path, i) => {
  let data = new Uint8Array(0);
  try {
    data = new Uint8Array(sim.readFile(path));
  } catch (e) {
    fail(`cannot read input ${i} '${path}': ${firstLine(e)}`);
  }
  const per = it.input(i).bytes.length;
  if (data.length !== per * n) fail(`input ${i} '${path}' has ${data.length} bytes; expected ${per * n}`);
  return data;
});
const outputs = job.outputs.map((_, i) => new Uint8Array(it.output(i).bytes.length * n));
const opMs = new Float64Array(it.profile.length);
for (let k = 0; k < n; k++) {
  for (let i = 0; i < inputs.length; i++) {
    const per = it.input(i).bytes.length;
    it.input(i).bytes.set(inputs[i]!.subarray(k * per, (k + 1) * per));
  }
  it.invoke();
  for (let i = 0; i < outputs.length; i++) outputs[i]!.set(it.output(i).bytes, k * it.output(i).bytes.length);
  if (job.profile) it.profile.forEach((p, j) => (opMs[j]! += p.ms));
}
job.outputs.forEach((path, i) => {
  try {
    sim.writeFile(path, outputs[i]!);
  } catch (e) {
    fail(`cannot write output ${i} '${path}': ${firstLine(e)}`);
  }
});
if (job.profile) {
  sim.stderr(`profile inside XS (${n} invocation${n > 1 ? "s" : ""}):\n`);
  it.profile.forEach((p, j) => sim.stderr(`  ${String(p.index).padStart(3)} ${p.op.padEnd(20)} ${(opMs[j]! / n).toFixed(3).padStart(9)} ms  ${String(p.macs).padStart(11)} MACs\n`));
}
sim.exit(0);
