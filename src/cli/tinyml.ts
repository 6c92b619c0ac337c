/** The `tinyml` command line: run and inspect .tflite models on Node. */
import { execFile } from "node:child_process";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ModelError, TinyMLArgumentError } from "../errors";
import { CompiledInterpreter } from "../plan/compiled_interpreter";
import { CompiledPlan } from "../plan/compiled_plan";
import { Interpreter } from "../interpreter/interpreter";
import { allOps } from "../ops/resolver";
import { formatInspect, inspectModel, type InspectReport } from "./inspect";
import { BOARDS, boardFit, formatBoardFit, type BoardFit } from "./inspect_board";
import { ourLayout, tflmLayout } from "./inspect_layout";
import { inspectSvg } from "./inspect_svg";
import { CommandError, reportFailure } from "./cli_failure";
import { checkWritable, readBytes, readModel, writeOutput } from "./tool_io";
import { compress, COMPRESS_USAGE } from "./compress";
import { compile, COMPILE_USAGE } from "./compile";
import { keygen, KEYGEN_USAGE } from "./keygen";
import { pack, PACK_USAGE } from "./pack";
import { quantize, QUANTIZE_USAGE } from "./quantize/command";
import { compare, COMPARE_USAGE } from "./compare/command";
import { prune, PRUNE_USAGE } from "./prune/command";
import { verify, VERIFY_USAGE } from "./verify";

const USAGE = `usage:
  tinyml run MODEL --input IN.bin [--input IN2.bin ...] --output OUT.bin [--output OUT2.bin ...]
             [--invocations N] [--profile] [--host node|sim|cortex-m4|lua|espruino] [--kernels auto|native|portable]
             [--memory BYTES] [--lua LUA] [--plan PLAN.bin]
      Runs MODEL on raw little-endian input tensor bytes (one file per graph input, in order) and
      writes the raw output tensor bytes. With --invocations N, each input file holds N consecutive
      inputs, fed in order to one interpreter, and each output file gets the N outputs.
      --host sim runs the inference inside tinyml-sim (the XS engine with the native C kernels,
      built on first use); --host cortex-m4 on the Cortex-M4 XS image under QEMU (--profile then counts
      instructions per op, and --memory BYTES sets the XS memory of the run: chunks, slots and stack,
      the runtime's byte code included; default and most: the image's whole XS region); --host lua
      in the Lua build of the runtime (npm run build:lua, built on first use) under lua5.4, or the
      Lua interpreter --lua names (lua5.3, luajit); --kernels picks the kernels (default auto:
      native where the host has them); --host espruino in the Espruino binary named by $ESPRUINO
      (Espruino built for Linux; portable kernels). --plan boots MODEL from its compiled plan (tinyml
      compile; --host node, sim or cortex-m4: compile with --host cortex-m4 for that one).
  tinyml inspect MODEL [--json] [--svg CHART.svg] [--board esp32|nrf52840|pico]
      Ops with versions, tensors, per-op MACs and parameter bytes, arena bytes, unsupported ops.
      --svg writes a chart: the arena over time as our planner and TFLM's layout place each
      buffer, and per-op MACs and parameter bytes. --board says whether RAM (arena + the
      runtime's measured bytes beyond it) and flash (model + code) fit the board, with the
      source of every figure.
  tinyml ops
      The ops this runtime implements, with their highest supported version.
${QUANTIZE_USAGE}
${COMPARE_USAGE}
${PRUNE_USAGE}
${COMPRESS_USAGE}
${COMPILE_USAGE}
${KEYGEN_USAGE}
${PACK_USAGE}
${VERIFY_USAGE}
  tinyml help`;


const KERNELS = ["auto", "native", "portable"] as const;
const HOSTS = ["node", "sim", "cortex-m4", "lua", "espruino"] as const;

/** Runs the job inside tinyml-sim (building it and the runner bundle when stale). */
async function runInSim(job: { model: string; inputs: string[]; outputs: string[]; invocations: number; kernels: string; profile: boolean; plan?: string }): Promise<void> {
  const { ensureSim } = await import("../../hosts/sim/build.mjs");
  const { bundleForSim } = await import("../../hosts/sim/bundle.mjs");
  const binary = await ensureSim({ quiet: true });
  const bundle = await bundleForSim("hosts/sim/run_model.ts");
  const abs = { ...job, model: resolve(job.model), inputs: job.inputs.map((f) => resolve(f)), outputs: job.outputs.map((f) => resolve(f)), ...(job.plan === undefined ? {} : { plan: resolve(job.plan) }) };
  await new Promise<void>((done, fail) => {
    execFile(binary, [bundle, JSON.stringify(abs)], { maxBuffer: 64 << 20 }, (err, _stdout, stderr) => {
      if (stderr) process.stderr.write(err === null ? stderr : "");
      if (err !== null) fail(new CommandError(`inside the simulator: ${stderr.trim() || err.message}`));
      else done();
    });
  });
}

async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      input: { type: "string", multiple: true, short: "i" },
      output: { type: "string", multiple: true, short: "o" },
      invocations: { type: "string", short: "n" },
      profile: { type: "boolean" },
      host: { type: "string", default: "node" },
      kernels: { type: "string", default: "auto" },
      memory: { type: "string" },
      lua: { type: "string" },
      plan: { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new CommandError("run takes one MODEL", 2);
  if (values.plan !== undefined && !["node", "sim", "cortex-m4"].includes(values.host!)) throw new CommandError("--plan is for --host node, sim or cortex-m4", 2);
  if (!(HOSTS as readonly string[]).includes(values.host!)) throw new CommandError(`--host must be node, sim, cortex-m4, lua or espruino, not '${values.host}'`, 2);
  if (!(KERNELS as readonly string[]).includes(values.kernels!)) throw new CommandError(`--kernels must be one of ${KERNELS.join(", ")}, not '${values.kernels}'`, 2);
  const kernels = values.kernels as (typeof KERNELS)[number];
  const inputs = values.input ?? [];
  const outputs = values.output ?? [];
  const n = values.invocations === undefined ? 1 : Number(values.invocations);
  if (!Number.isInteger(n) || n < 1) throw new CommandError(`--invocations must be a positive integer, not '${values.invocations}'`, 2);
  const memory = values.memory === undefined ? undefined : Number(values.memory);
  if (memory !== undefined && values.host !== "cortex-m4") throw new CommandError("--memory is for --host cortex-m4", 2);
  if (values.lua !== undefined && values.host !== "lua") throw new CommandError("--lua is for --host lua", 2);
  if (memory !== undefined && !(Number.isInteger(memory) && memory > 0)) throw new CommandError(`--memory must be a positive number of bytes, not '${values.memory}'`, 2);
  const path = positionals[0]!;
  outputs.forEach((file, i) => checkWritable(file, `output ${i}`));
  const { model } = readModel(path);
  let it: Interpreter | CompiledInterpreter;
  try {
    const options = { profile: values.profile === true, kernels: values.host === "node" ? kernels : "portable" } as const;
    // on Node, booted from the plan when given (checked against the model: its CRC-32)
    it = values.plan !== undefined && values.host === "node" ? CompiledInterpreter.load(model.bytes, CompiledPlan.from(readBytes(values.plan, "the plan")), options) : new Interpreter(model, options);
  } catch (e) {
    if (e instanceof ModelError) throw new CommandError(`${path}: ${e.message}`, 1, { code: e.code });
    if (e instanceof TinyMLArgumentError) throw new CommandError(e.message, 2);
    throw e;
  }
  if (inputs.length !== it.inputCount) throw new CommandError(`the model has ${it.inputCount} input(s); ${inputs.length} --input given`, 2);
  if (outputs.length !== it.outputCount) throw new CommandError(`the model has ${it.outputCount} output(s); ${outputs.length} --output given`, 2);
  const inData = inputs.map((file, i) => {
    const data = readBytes(file, `input ${i}`);
    const per = it.input(i).bytes.length;
    if (data.length !== per * n) {
      throw new CommandError(`input ${i} '${file}' has ${data.length} bytes; the tensor ${it.input(i).type}[${it.input(i).shape.join(",")}] takes ${per} bytes${n > 1 ? ` x ${n} invocations = ${per * n}` : ""}`);
    }
    return data;
  });
  if (values.host === "sim") {
    await runInSim({ model: path, inputs, outputs, invocations: n, kernels, profile: values.profile === true, plan: values.plan });
    return;
  }
  if (values.host === "espruino") {
    const { runEspruinoCommand } = await import("./run_espruino");
    const failure = await runEspruinoCommand({ model: path, inputs, outputs, invocations: n, profile: values.profile === true });
    if (failure !== null) throw new CommandError(failure);
    return;
  }
  if (values.host === "cortex-m4") {
    const { runOnCortexM4 } = await import("./run_cortex_m4");
    const failure = await runOnCortexM4({ model: path, inputs, outputs, invocations: n, kernels, profile: values.profile === true, memoryBytes: memory, plan: values.plan });
    if (failure !== null) throw new CommandError(failure);
    return;
  }
  if (values.host === "lua") {
    if (kernels === "native") throw new CommandError("--host lua has no native kernels (--kernels auto or portable)", 2);
    const { runOnLua } = await import("./run_lua");
    const failure = await runOnLua({ model: path, inputs, outputs, invocations: n, profile: values.profile === true, lua: values.lua ?? "lua5.4" });
    if (failure !== null) throw new CommandError(failure);
    return;
  }
  const outData = outputs.map((_, i) => Buffer.alloc(it.output(i).bytes.length * n));
  const profile = new Float64Array(model.operators.length);
  for (let k = 0; k < n; k++) {
    inData.forEach((d, i) => {
      const per = it.input(i).bytes.length;
      it.input(i).bytes.set(d.subarray(k * per, (k + 1) * per));
    });
    it.invoke();
    outData.forEach((d, i) => {
      const per = it.output(i).bytes.length;
      d.set(it.output(i).bytes, k * per);
    });
    if (values.profile === true) it.profile.forEach((p, j) => (profile[j]! += p.ms));
  }
  outputs.forEach((file, i) => writeOutput(file, outData[i]!, `output ${i}`));
  if (values.profile === true) {
    const total = profile.reduce((a, b) => a + b, 0);
    process.stderr.write(`profile (${n} invocation${n > 1 ? "s" : ""}, total ${total.toFixed(3)} ms):\n`);
    it.profile.forEach((p, j) => {
      process.stderr.write(`  ${String(p.index).padStart(3)} ${p.op.padEnd(20)} ${(profile[j]! / n).toFixed(3).padStart(9)} ms  ${p.macs.toLocaleString("en-US").padStart(11)} MACs\n`);
    });
  }
}

async function inspect(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" }, svg: { type: "string" }, board: { type: "string" } } });
  if (positionals.length !== 1) throw new CommandError("inspect takes one MODEL", 2);
  const board = values.board === undefined ? undefined : BOARDS.find((b) => b.id === values.board);
  if (values.board !== undefined && board === undefined) throw new CommandError(`--board must be one of ${BOARDS.map((b) => b.id).join(", ")}, not '${values.board}'`, 2);
  if (values.svg !== undefined) checkWritable(values.svg, "the chart");
  const { model, bytes: modelBytes } = readModel(positionals[0]!);
  const bytes = modelBytes.length;
  const report: InspectReport & { board?: BoardFit } = inspectModel(model, bytes);
  if (board !== undefined && report.arenaBytes !== null) report.board = boardFit(board, { name: basename(positionals[0]!).replace(/\.tflite$/, ""), bytes, arenaBytes: report.arenaBytes });
  if (values.svg !== undefined) {
    const plan = report.arenaBytes === null ? null : Interpreter.plan(model);
    const svg = inspectSvg(report, plan === null ? [] : [ourLayout(model, plan), tflmLayout(model, plan)]);
    writeOutput(values.svg, new TextEncoder().encode(svg), "the chart");
  }
  const boardText = board === undefined ? "" : report.board === undefined ? `\nboard ${board.id}: cannot tell (the model has no plan)` : `\n${formatBoardFit(report.board)}`;
  const text = `${formatInspect(report)}${boardText}${values.svg === undefined ? "" : `\nwrote ${values.svg}`}`;
  // A model that cannot be planned (a ModelError: its code): the report still, its JSON with the error object in it.
  const failure = report.error === undefined ? null : new CommandError(report.error, 1, { code: /^([A-Z_]+): /.exec(report.error)?.[1] ?? "CANNOT_PLAN", jsonWritten: values.json === true });
  const json = failure === null ? report : { ...report, error: { code: failure.code, message: failure.message, exitCode: failure.exitCode } };
  process.stdout.write(values.json === true ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
  if (failure !== null) throw failure;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "run": await run(rest); break;
      case "inspect": await inspect(rest); break;
      case "quantize": return await quantize(rest);
      case "compare": return await compare(rest);
      case "prune": return await prune(rest);
      case "compress": return await compress(rest);
      case "compile": return await compile(rest);
      case "keygen": return await keygen(rest);
      case "pack": return await pack(rest);
      case "verify": return await verify(rest);
      case "ops":
        for (const op of [...allOps].sort((a, b) => a.name.localeCompare(b.name))) process.stdout.write(`${op.name} v1..${op.maxVersion}\n`);
        break;
      case "help": case "--help": case "-h": process.stdout.write(`${USAGE}\n`); break;
      default: throw new CommandError(command === undefined ? "no command given" : `unknown command '${command}'`, 2);
    }
    return 0;
  } catch (e) {
    return reportFailure(e, rest.includes("--json"));
  }
}
