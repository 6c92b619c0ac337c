/** `tinyml run --host cortex-m4`: the inference on the Cortex-M4 XS image under QEMU (hosts/cortex-m/qemu/xs). */
import { resolve } from "node:path";

export interface CortexM4Job {
  model: string;
  inputs: string[];
  outputs: string[];
  invocations: number;
  kernels: "auto" | "native" | "portable";
  profile: boolean;
  /** The XS memory of the run (the image's region, or less). */
  memoryBytes?: number;
  /** A compiled plan (tinyml compile --host cortex-m4) to boot the model from. */
  plan?: string;
}

/** Why the image stopped, from its exit status (hosts/cortex-m/qemu/xs/m4.h) and what it printed. */
export function imageFailure(code: number, stderr: string): string {
  const said = stderr.trim();
  switch (code) {
    case 3: return said || "XS memory full";
    case 5: return said || "instruction limit reached (watchdog)";
    case 99: return `the processor faulted (${said || "hard fault"})`;
    default: return said || `the image exited with status ${code}`;
  }
}

/** Runs the job; resolves to an error message, or null when the outputs were written. --profile prints counted instructions per op on stderr. */
export async function runOnCortexM4(job: CortexM4Job): Promise<string | null> {
  const { runOnImage, imageToolsMissing } = await import("../../hosts/cortex-m/qemu/xs/runner");
  const missing = imageToolsMissing();
  if (missing !== null) return `--host cortex-m4 needs ${missing}`;
  const { XS_REGION_BYTES } = await import("../../hosts/cortex-m/qemu/xs/build.mjs");
  if (job.memoryBytes !== undefined && job.memoryBytes > XS_REGION_BYTES) return `--memory ${job.memoryBytes}: the image's XS region holds ${XS_REGION_BYTES} bytes`;
  let plugin: string | undefined;
  if (job.profile) {
    const { buildPlugin, toolchain } = await import("../../hosts/cortex-m/qemu/build.mjs");
    if (!toolchain().cm4count) return "--profile on cortex-m4 needs the cm4count QEMU plugin (../shared/tools/cm4count or $TINYML_CM4COUNT)";
    plugin = await buildPlugin();
  }
  const r = await runOnImage({
    model: job.model,
    inputs: job.inputs.map((f) => resolve(f)),
    outputs: job.outputs.map((f) => resolve(f)),
    invocations: job.invocations,
    kernels: job.kernels,
    count: job.profile ? "ops" : "none",
    plugin,
    regionBytes: job.memoryBytes,
    ...(job.plan === undefined ? {} : { plan: resolve(job.plan) }),
  });
  if (r.code !== 0) return `on the Cortex-M4 image: ${imageFailure(r.code, r.stderr)}`;
  if (job.profile && r.stats !== null) {
    const ops = r.stats.ops;
    const n = job.invocations;
    if (r.regions.length !== ops.length * n) return `on the Cortex-M4 image: ${r.regions.length} counted regions for ${ops.length} ops x ${n} invocations`;
    const lines = ops.map((op, j) => {
      let insns = 0, cycles = 0;
      for (let k = 0; k < n; k++) {
        insns += r.regions[k * ops.length + j]!.insns;
        cycles += r.regions[k * ops.length + j]!.cycles;
      }
      const perMac = op.macs > 0 ? (cycles / n / op.macs).toFixed(2) : "-";
      return `  ${String(op.index).padStart(3)} ${op.op.padEnd(20)} ${Math.round(insns / n).toLocaleString("en-US").padStart(12)} insns ${Math.round(cycles / n).toLocaleString("en-US").padStart(12)} est. cycles  ${op.macs.toLocaleString("en-US").padStart(11)} MACs  ${perMac.padStart(6)} cycles/MAC`;
    });
    const total = r.regions.reduce((a, b) => a + b.insns, 0) / n;
    const cycles = r.regions.reduce((a, b) => a + b.cycles, 0) / n;
    process.stderr.write(`profile on the emulated Cortex-M4 (cm4count; ${n} invocation${n > 1 ? "s" : ""}, per invocation: ${Math.round(total).toLocaleString("en-US")} instructions, ${Math.round(cycles).toLocaleString("en-US")} est. cycles in ops):\n${lines.join("\n")}\n`);
  }
  if (r.stats !== null) {
    const m = r.stats.atEnd;
    process.stderr.write(job.profile ? `XS memory: arena ${r.stats.arenaBytes} B, beyond the arena ${r.stats.xsBytesBeyondArena} B; chunk peak ${m.chunkPeak} B, slot peak ${m.slotPeak} B, XS stack peak ${m.stackPeak} B; C stack peak ${r.stats.cStackPeakBytes} B\n` : "");
  }
  return null;
}
