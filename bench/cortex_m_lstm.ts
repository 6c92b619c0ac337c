/**
 * Exact instruction counts of one int8 LSTM step on an emulated Cortex-M4 (QEMU mps2-an386, the
 * cm4count TCG plugin from ../shared/tools/cm4count), for dtln_noise_suppression's two LSTM layer
 * shapes (batch 1, one time step, 128 units; random weights and states): the Arm DSP path and the
 * portable C path of native/kernels/lstm.c in one image (hosts/cortex-m/qemu/lstm_main.c), which
 * also checks that both give the same bytes. Writes bench/results/cortex-m-lstm.json.
 *
 *   npm run bench:cortex-m-lstm     (needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPlugin, runImage, toolchain } from "../hosts/cortex-m/qemu/build.mjs";
import { buildLstmImage } from "../hosts/cortex-m/qemu/lstm_image.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tools = toolchain();
if (!tools.armGcc || !tools.qemu || !tools.cm4count) {
  console.error("bench:cortex-m-lstm needs arm-none-eabi-gcc, qemu-system-arm and ../shared/tools/cm4count");
  process.exit(1);
}
const elf = await buildLstmImage();
const r = await runImage(elf, "mps2-an386", { plugin: await buildPlugin() });
const regions = [...r.output.matchAll(/CM4COUNT region=(\d+) insns=(\d+)/g)].map((m) => Number(m[2]));
const steps = [...r.output.matchAll(/^STEP (\S+) (\d+) (ok|differ)$/gm)];
if (r.code !== 0 || steps.length !== 2 || regions.length !== 5 || steps.some((s) => s[3] !== "ok")) {
  console.error(r.output.slice(0, 4000));
  process.exit(1);
}
const empty = regions[0]!;
const rows = steps.map((s, k) => {
  const macs = Number(s[2]);
  const dsp = regions[1 + 2 * k]! - empty, portable = regions[2 + 2 * k]! - empty;
  return { layer: s[1]!, inputSize: k === 0 ? 257 : 128, units: 128, macs, dspInstructions: dsp, dspInstrPerMac: dsp / macs, portableInstructions: portable, portableInstrPerMac: portable / macs };
});
for (const row of rows) console.log(`${row.layer}: ${row.macs} MACs, DSP ${row.dspInstructions} instructions (${row.dspInstrPerMac.toFixed(2)}/MAC), portable C ${row.portableInstructions} (${row.portableInstrPerMac.toFixed(2)}/MAC)`);
const compiler = execFileSync("arm-none-eabi-gcc", ["--version"], { encoding: "utf8" }).split("\n")[0];
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "cortex-m-lstm.json"), `${JSON.stringify({ command: "npm run bench:cortex-m-lstm", date: new Date().toISOString(), compiler, emptyRegion: empty, rows }, null, 2)}\n`);
