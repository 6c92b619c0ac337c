/**
 * Exact instruction counts of the 16x8 kernels (int16 activations, int8 weights) on an emulated
 * Cortex-M4 (QEMU mps2-an386, the cm4count TCG plugin from ../shared/tools/cm4count): the benchmark
 * layers' shapes with int16 activations, random data, through the Arm DSP path and the portable C of
 * native/kernels/*_16x8.c in one image (hosts/cortex-m/qemu/main_16x8.c), which also checks that both
 * give the same bytes. Writes bench/results/cortex-m-16x8.json (extra rows beside bench:cortex-m's
 * table: CMSIS-NN's reference table has no 16x8 layers).
 *
 *   npm run bench:cortex-m     (needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPlugin, runImage, toolchain } from "../hosts/cortex-m/qemu/build.mjs";
import { build16x8Image } from "../hosts/cortex-m/qemu/image_16x8.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tools = toolchain();
if (!tools.armGcc || !tools.qemu || !tools.cm4count) {
  console.error("the 16x8 bench needs arm-none-eabi-gcc, qemu-system-arm and ../shared/tools/cm4count");
  process.exit(1);
}
const r = await runImage(await build16x8Image(), "mps2-an386", { plugin: await buildPlugin() });
const regions = [...r.output.matchAll(/CM4COUNT region=(\d+) insns=(\d+)/g)].map((m) => Number(m[2]));
const layers = [...r.output.matchAll(/^LAYER (\S+) (\d+) (ok|differ)$/gm)];
if (r.code !== 0 || layers.length !== 5 || regions.length !== 1 + 2 * layers.length || layers.some((l) => l[3] !== "ok")) {
  console.error(r.output.slice(0, 4000));
  process.exit(1);
}
const empty = regions[0]!;
const rows = layers.map((l, k) => {
  const macs = Number(l[2]);
  const dsp = regions[1 + 2 * k]! - empty, portable = regions[2 + 2 * k]! - empty;
  return { id: l[1]!, macs, dspInstructions: dsp, dspInstrPerMac: dsp / macs, portableInstructions: portable, portableInstrPerMac: portable / macs };
});
for (const row of rows) console.log(`${row.id}: ${row.macs} MACs, DSP ${row.dspInstructions} instructions (${row.dspInstrPerMac.toFixed(2)}/MAC), portable C ${row.portableInstructions} (${row.portableInstrPerMac.toFixed(2)}/MAC)`);
const compiler = execFileSync("arm-none-eabi-gcc", ["--version"], { encoding: "utf8" }).split("\n")[0];
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "cortex-m-16x8.json"), `${JSON.stringify({ command: "npm run bench:cortex-m", date: new Date().toISOString(), compiler, flags: "-O2 -mcpu=cortex-m4", emptyRegion: empty, rows }, null, 2)}\n`);
