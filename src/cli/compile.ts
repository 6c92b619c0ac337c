/** `tinyml compile MODEL --out PLAN.bin`: the model's ahead-of-time plan (src/plan/compiled_plan.ts). */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CompiledPlan, Header } from "../plan/compiled_plan";
import { compilePlan } from "../plan/compile";
import { Model } from "../model/model";
import { CommandError, readBytes, runCommand } from "./lifecycle_common";

export const COMPILE_USAGE = `  tinyml compile MODEL --out PLAN.bin [--host node|cortex-m4] [--json]
      Writes the model's ahead-of-time plan: each op's kernel call (its packed constants, the
      offsets of its tensors in the arena and the model), the arena layout and the graph's inputs
      and outputs, for a device to read in place from flash and boot without reading the model's
      FlatBuffer or preparing any op (CompiledInterpreter.load(model, CompiledPlan.from(resource))).
      The layout depends on the kernels' work buffers: --host node (default) plans for builds
      without the Arm DSP paths (Node, tinyml-sim, ESP32), --host cortex-m4 runs the compile on
      the Cortex-M4 XS image (its DSP kernels). The runtime refuses a plan made for another model
      (CRC-32) or kernel set, or damaged (ModelError BAD_FORMAT).`;

export function compile(args: string[]): Promise<number> {
  return runCommand(COMPILE_USAGE, async () => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: "string", short: "o" }, host: { type: "string", default: "node" }, json: { type: "boolean" } },
    });
    if (positionals.length !== 1) throw new CommandError("compile takes one MODEL", 2);
    if (values.out === undefined || values.out === "") throw new CommandError("compile needs --out PLAN.bin", 2);
    if (values.host !== "node" && values.host !== "cortex-m4") throw new CommandError(`--host must be node or cortex-m4, not '${values.host}'`, 2);
    const path = positionals[0]!;
    const model = Model.from(readBytes(path, "model"));
    let bytes: Uint8Array;
    if (values.host === "cortex-m4") {
      const { compileOnImage, imageToolsMissing } = await import("../../hosts/cortex-m/qemu/xs/runner");
      const missing = imageToolsMissing();
      if (missing !== null) throw new CommandError(`--host cortex-m4 needs ${missing}`);
      process.stderr.write("compiling on the Cortex-M4 image (QEMU)...\n");
      const failure = await compileOnImage(path, values.out);
      if (failure !== null) throw new CommandError(`on the Cortex-M4 image: ${failure}`);
      bytes = readBytes(values.out, "the compiled plan");
    } else {
      bytes = compilePlan(model);
      try {
        writeFileSync(values.out, bytes);
      } catch (e) {
        throw new CommandError(`cannot write '${values.out}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    // what a device will read: checked as the runtime does
    const plan = CompiledPlan.from(bytes);
    const constantBytes = 4 * (plan.words[Header.RESETS]! - plan.words[Header.CONSTANTS]!);
    const report = { plan: values.out, host: values.host, bytes: bytes.byteLength, ops: plan.opCount, complete: plan.complete, buffers: plan.bufferCount, arenaBytes: plan.arenaBytes, constantBytes };
    const boot = plan.complete ? "boots without reading the model's FlatBuffer or preparing any op" : "has ops without a kernel record: boots through prepare";
    process.stdout.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : `wrote ${values.out}: ${report.bytes} bytes for ${report.ops} ops (${report.buffers} arena buffers in ${report.arenaBytes} bytes, ${constantBytes} bytes of op constants) for --host ${values.host}; ${boot}\n`);
  });
}
