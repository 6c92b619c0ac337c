/**
 * Exact instruction counts of the int8 kernels on an emulated Cortex-M4 (QEMU mps2-an386, the
 * cm4count TCG plugin from ../shared/tools/cm4count): for each benchmark layer (seeded random data,
 * TFLM semantics; hosts/cortex-m/qemu/cases.c), MACs, instructions and instructions per MAC, for
 * the Arm DSP kernels and for the portable C kernels on the same CPU, plus the .text bytes of the
 * kernels. Every output is checked against the portable C kernels' output computed on the host:
 * a mismatch fails the run. Writes bench/results/cortex-m.json.
 *
 *   npm run bench:cortex-m     (needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildImages, buildPlugin, runImage, toolchain } from "../hosts/cortex-m/qemu/build.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(repo, "build", "cortex-m", "bench");

/** CMSIS-NN's figures today and the targets, instructions per MAC. */
const REFERENCE: Record<string, { cmsis: number; target: number }> = {
  kws_conv1: { cmsis: 3.47, target: 2.6 },
  kws_dw: { cmsis: 8.33, target: 4.0 },
  kws_pw: { cmsis: 2.09, target: 1.6 },
  kws_fc: { cmsis: 2.82, target: 2.2 },
  vww_conv: { cmsis: 2.87, target: 2.1 },
};

interface LayerCount {
  id: string;
  macs: number;
  instructions: number;
  instrPerMac: number;
  ok: boolean;
}

async function count(elf: string, machine: string, plugin: string): Promise<{ empty: number; layers: LayerCount[]; path: string }> {
  const r = await runImage(elf, machine, { plugin });
  const regions = [...r.output.matchAll(/CM4COUNT region=(\d+) insns=(\d+)/g)].map((m) => Number(m[2]));
  const layers = [...r.output.matchAll(/^LAYER (\S+) (\d+) ([0-9a-f]+) (ok|fail)$/gm)];
  if (r.code !== 0 && layers.length === 0) throw new Error(`${elf}: exit ${r.code}\n${r.output.slice(0, 4000)}`);
  if (regions.length !== layers.length + 1) throw new Error(`${elf}: ${regions.length} counted regions for ${layers.length} layers\n${r.output.slice(0, 4000)}`);
  const empty = regions[0]!;
  return {
    empty,
    path: /^PATH (\S+)/m.exec(r.output)?.[1] ?? "?",
    layers: layers.map((m, i) => {
      const macs = Number(m[2]);
      const instructions = regions[i + 1]! - empty;
      return { id: m[1]!, macs, instructions, instrPerMac: Math.round((instructions / macs) * 1000) / 1000, ok: m[4] === "ok" };
    }),
  };
}

const tools = toolchain();
for (const [tool, pkg] of [["armGcc", "gcc-arm-none-eabi libnewlib-arm-none-eabi"], ["qemu", "qemu-system-arm"], ["hostGcc", "gcc"], ["cm4count", "../shared/tools/cm4count"]] as const) {
  if (!tools[tool]) {
    process.stderr.write(`bench:cortex-m needs ${pkg}\n`);
    process.exit(2);
  }
}
const built = await buildImages({ out, count: 0, targets: ["m4", "m4-portable"], log: (s: string) => s && process.stderr.write(`${s}\n`) });
const plugin = await buildPlugin(out);
const m4 = built.targets.m4!;
const portable = built.targets["m4-portable"]!;
const dsp = await count(m4.bench, m4.machine!, plugin);
const port = await count(portable.bench, portable.machine!, plugin);
if (dsp.path !== "arm-dsp" || port.path !== "portable") throw new Error(`unexpected kernel paths: ${dsp.path}, ${port.path}`);

console.log(`Cortex-M4 (QEMU mps2-an386, arm-none-eabi-gcc ${process.env.TINYML_CM_OPT ?? "-O2"}), instructions counted by cm4count; empty region ${dsp.empty} instructions, subtracted.`);
console.log("");
console.log("| layer | MACs | instructions (DSP) | instr/MAC (DSP) | target | CMSIS-NN | instr/MAC (portable C) | bit-exact |");
console.log("|---|---:|---:|---:|---:|---:|---:|---|");
let bad = 0;
for (const l of dsp.layers) {
  const p = port.layers.find((x) => x.id === l.id)!;
  const ref = REFERENCE[l.id]!;
  const exact = l.ok && p.ok;
  if (!exact) bad++;
  console.log(`| ${l.id} | ${l.macs} | ${l.instructions} | ${l.instrPerMac.toFixed(3)}${l.instrPerMac <= ref.target ? "" : " (over)"} | ${ref.target} | ${ref.cmsis} | ${p.instrPerMac.toFixed(3)} | ${exact ? "yes" : "NO"} |`);
}
console.log("");
console.log(`.text of native/kernels/*.c for the M4: ${m4.kernelTextBytes} bytes with the DSP paths, ${portable.kernelTextBytes} bytes portable only.`);

mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(
  join(repo, "bench", "results", "cortex-m.json"),
  `${JSON.stringify(
    {
      cpu: "cortex-m4",
      textBytes: m4.kernelTextBytes,
      layers: dsp.layers.map((l) => ({ id: l.id, macs: l.macs, instructions: l.instructions, instrPerMac: l.instrPerMac })),
      portable: { textBytes: portable.kernelTextBytes, layers: port.layers.map((l) => ({ id: l.id, macs: l.macs, instructions: l.instructions, instrPerMac: l.instrPerMac })) },
      emptyRegion: dsp.empty,
      compiler: `arm-none-eabi-gcc ${process.env.TINYML_CM_OPT ?? "-O2"} -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard`,
      date: new Date().toISOString(),
    },
    null,
    2,
  )}\n`,
);
if (bad > 0) {
  process.stderr.write(`bench:cortex-m: ${bad} layer(s) not bit-exact with the portable kernels\n`);
  process.exit(1);
}
