/**
 * Exact instruction counts of the int8 kernels on an emulated Cortex-M4 (QEMU mps2-an386, the
 * cm4count TCG plugin from ../shared/tools/cm4count), for every row of CMSIS-NN's reference table
 * (../shared/testdata/cmsis-nn-cortex-m4.md): the five benchmark layers and four synthetic shapes
 * (seeded random data, hosts/cortex-m/qemu/cases.c) and every conv, depthwise and fully connected
 * layer of the test models (extracted from the .tflite files at bench time by
 * hosts/cortex-m/qemu/golden_layers.ts, named `model#operator:kind` as in the table); and the other
 * native kernels (pools, add) on two synthetic layers and the test models' layers, and the RFFT,
 * filter bank and softmax on the layers of hosts/cortex-m/qemu/cases_signal.c. Per layer:
 * MACs, instructions, instructions and estimated cycles per MAC, the call's stack high-water mark
 * and the scratch it asked for (taken from the image's arena, as TFLM's prepare takes it),
 * for the Arm DSP kernels and for the portable C kernels on the same CPU, plus the .text bytes of
 * the kernels. Every output is checked against the portable C kernels' output computed on the
 * host: a mismatch fails the run, and so does a table row left unmeasured. Writes
 * bench/results/cortex-m.json.
 *
 *   npm run bench:cortex-m     (needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm, ../shared)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildImages, buildPlugin, runImage, textBytes, toolchain } from "../hosts/cortex-m/qemu/build.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(repo, "build", "cortex-m", "bench");
const testdata = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
const referenceFile = join(testdata, "cmsis-nn-cortex-m4.md");
const OPT = process.env.TINYML_CM_OPT ?? "-O2";
/** The kernel files of conv, depthwise and fully connected (the footprint issue's code budget), with the general requantization they share. */
const MAC_KERNELS = ["conv_2d.o", "depthwise_conv_2d.o", "fully_connected.o", "requantize.o"];

interface Reference {
  instrPerMac: number;
  estCyclesPerMac: number;
  stackBytes: number;
  scratchBytes: number;
}

/** CMSIS-NN's rows: `| id | MACs | instructions | instr/MAC | cyc_est/MAC | stack (+scratch) |`. */
function readReference(): Map<string, Reference> {
  const rows = new Map<string, Reference>();
  for (const line of readFileSync(referenceFile, "utf8").split("\n")) {
    const m = /^\| (\S+) \| (\d+) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \(\+(\d+)\) /.exec(line);
    if (m) rows.set(m[1]!, { instrPerMac: Number(m[4]), estCyclesPerMac: Number(m[5]), stackBytes: Number(m[6]), scratchBytes: Number(m[7]) });
  }
  return rows;
}

interface LayerCount {
  id: string;
  macs: number;
  instructions: number;
  instrPerMac: number;
  estCyclesPerMac: number;
  stackBytes: number;
  scratchBytes: number;
  ok: boolean;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

async function count(elf: string, machine: string, plugin: string): Promise<{ empty: number; layers: LayerCount[]; path: string }> {
  const r = await runImage(elf, machine, { plugin, timeoutMs: 900_000 });
  const regions = [...r.output.matchAll(/CM4COUNT region=(\d+) insns=(\d+) cyc_est=(\d+)/g)].map((m) => ({ insns: Number(m[2]), cycles: Number(m[3]) }));
  const layers = [...r.output.matchAll(/^LAYER (\S+) (\d+) ([0-9a-f]+) (\d+) (\d+) (ok|fail)$/gm)];
  if (r.code !== 0 && layers.length === 0) throw new Error(`${elf}: exit ${r.code}\n${r.output.slice(0, 4000)}`);
  if (regions.length !== layers.length + 1) throw new Error(`${elf}: ${regions.length} counted regions for ${layers.length} layers\n${r.output.slice(0, 4000)}`);
  const empty = regions[0]!;
  return {
    empty: empty.insns,
    path: /^PATH (\S+)/m.exec(r.output)?.[1] ?? "?",
    layers: layers.map((m, i) => {
      const macs = Number(m[2]);
      const instructions = regions[i + 1]!.insns - empty.insns;
      const cycles = regions[i + 1]!.cycles - empty.cycles;
      return { id: m[1]!, macs, instructions, instrPerMac: macs ? round3(instructions / macs) : 0, estCyclesPerMac: macs ? round3(cycles / macs) : 0, stackBytes: Number(m[4]), scratchBytes: Number(m[5]), ok: m[6] === "ok" };
    }),
  };
}

const tools = toolchain();
for (const [tool, pkg] of [["armGcc", "gcc-arm-none-eabi libnewlib-arm-none-eabi"], ["qemu", "qemu-system-arm"], ["hostGcc", "gcc"], ["cm4count", "../shared/tools/cm4count"], ["testdata", "../shared/testdata"]] as const) {
  if (!tools[tool]) {
    process.stderr.write(`bench:cortex-m needs ${pkg}\n`);
    process.exit(2);
  }
}
if (!existsSync(referenceFile)) {
  process.stderr.write(`bench:cortex-m needs ${referenceFile}\n`);
  process.exit(2);
}
const reference = readReference();
const built = await buildImages({ out, count: 0, targets: ["m4", "m4-portable"], log: (s: string) => s && process.stderr.write(`${s}\n`) });
const plugin = await buildPlugin(out);
const m4 = built.targets.m4!;
const portable = built.targets["m4-portable"]!;
const [dsp, port] = await Promise.all([count(m4.bench, m4.machine!, plugin), count(portable.bench, portable.machine!, plugin)]);
if (dsp.path !== "arm-dsp" || port.path !== "portable") throw new Error(`unexpected kernel paths: ${dsp.path}, ${port.path}`);
const macText = (objects: string[]) => textBytes(objects.filter((o) => MAC_KERNELS.includes(basename(o))));
const code = {
  textBytesDsp: m4.kernelTextBytes,
  textBytesPortable: portable.kernelTextBytes,
  convDepthwiseFullyConnectedTextBytesDsp: await macText(m4.kernelObjects),
  convDepthwiseFullyConnectedTextBytesPortable: await macText(portable.kernelObjects),
};

const compiler = `arm-none-eabi-gcc ${OPT} -mthumb -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard`;
console.log(`Cortex-M4 (QEMU mps2-an386, ${compiler}), instructions counted by cm4count; empty region ${dsp.empty} instructions, subtracted.`);
console.log("");
console.log("| layer | MACs | instr/MAC | CMSIS-NN | ratio | cyc_est/MAC | CMSIS-NN | stack (+scratch) | CMSIS-NN | portable C | bit-exact |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
let bad = 0;
const ratios: number[] = [];
const over: string[] = [];
const layers = [];
/** Layers of the other native kernels (pools, add): their instructions and stack only (no MACs, not in CMSIS-NN's table). */
const isMacLayer = (l: LayerCount) => l.macs > 0;
/** A layer's portable C count, if measured; counts the layer in `bad` unless both builds' outputs are bit-exact. */
function portableOf(l: LayerCount): { p: LayerCount | undefined; exact: boolean } {
  const p = port.layers.find((x) => x.id === l.id);
  const exact = l.ok && p !== undefined && p.ok;
  if (!exact) bad++;
  return { p, exact };
}
const otherKernels = dsp.layers.filter((l) => !isMacLayer(l)).map((l) => {
  const { p } = portableOf(l);
  return { id: l.id, instructions: l.instructions, stackBytes: l.stackBytes, portableInstructions: p?.instructions ?? null };
});
for (const l of dsp.layers.filter(isMacLayer)) {
  const { p, exact } = portableOf(l);
  const ref = reference.get(l.id);
  if (ref) {
    ratios.push(ref.instrPerMac / l.instrPerMac);
    if (l.instrPerMac > ref.instrPerMac || l.estCyclesPerMac > ref.estCyclesPerMac) over.push(l.id);
  }
  console.log(`| ${l.id} | ${l.macs} | ${l.instrPerMac.toFixed(3)} | ${ref?.instrPerMac ?? "-"} | ${ref ? (ref.instrPerMac / l.instrPerMac).toFixed(2) + "x" : "-"} | ${l.estCyclesPerMac.toFixed(3)} | ${ref?.estCyclesPerMac ?? "-"} | ${l.stackBytes} (+${l.scratchBytes}) | ${ref ? `${ref.stackBytes} (+${ref.scratchBytes})` : "-"} | ${p ? p.instrPerMac.toFixed(3) : "-"} | ${exact ? "yes" : "NO"} |`);
  layers.push({
    id: l.id,
    macs: l.macs,
    instructions: l.instructions,
    instrPerMac: l.instrPerMac,
    estCyclesPerMac: l.estCyclesPerMac,
    stackBytes: l.stackBytes,
    scratchBytes: l.scratchBytes,
    cmsisNnInstrPerMac: ref?.instrPerMac ?? null,
    cmsisNnEstCyclesPerMac: ref?.estCyclesPerMac ?? null,
    cmsisNnStackBytes: ref?.stackBytes ?? null,
    cmsisNnScratchBytes: ref?.scratchBytes ?? null,
    portable: p ? { instructions: p.instructions, instrPerMac: p.instrPerMac, estCyclesPerMac: p.estCyclesPerMac, stackBytes: p.stackBytes } : null,
  });
}
const missing = [...reference.keys()].filter((id) => !dsp.layers.some((l) => l.id === id));
ratios.sort((a, b) => a - b);
const median = ratios.length ? (ratios.length % 2 ? ratios[(ratios.length - 1) / 2]! : (ratios[ratios.length / 2 - 1]! + ratios[ratios.length / 2]!) / 2) : 0;
console.log("");
console.log(`Rows of the CMSIS-NN table: ${ratios.length} measured, ${missing.length} missing${missing.length ? ` (${missing.join(", ")})` : ""}; median CMSIS-NN / ours (instructions per MAC): ${median.toFixed(2)}x; over CMSIS-NN in instructions or estimated cycles per MAC: ${over.length ? over.join(", ") : "none"}.`);
console.log(`Deepest stack of a kernel call: ${Math.max(...layers.map((l) => l.stackBytes))} bytes; largest scratch: ${Math.max(...layers.map((l) => l.scratchBytes))} bytes.`);
console.log(`Other native kernels (instructions with the DSP paths, stack bytes, portable C instructions): ${otherKernels.map((l) => `${l.id} ${l.instructions}, ${l.stackBytes}, ${l.portableInstructions ?? "-"}`).join("; ")}.`);
console.log(`.text of native/kernels/*.c for the M4: ${code.textBytesDsp} bytes with the DSP paths (conv + depthwise + fully connected: ${code.convDepthwiseFullyConnectedTextBytesDsp}), ${code.textBytesPortable} bytes portable only (${code.convDepthwiseFullyConnectedTextBytesPortable}).`);

mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(
  join(repo, "bench", "results", "cortex-m.json"),
  `${JSON.stringify(
    {
      cpu: "cortex-m4",
      compiler,
      reference: "CMSIS-NN v7.0.0-43 at -O2, the same CPU and counter (../shared/testdata/cmsis-nn-cortex-m4.md)",
      code,
      layers,
      otherKernels,
      medianCmsisNnRatio: round3(median),
      overCmsisNn: over,
      emptyRegion: dsp.empty,
      date: new Date().toISOString(),
    },
    null,
    2,
  )}\n`,
);
if (bad > 0 || missing.length > 0) {
  process.stderr.write(`bench:cortex-m: ${bad} layer(s) not bit-exact with the portable kernels, ${missing.length} row(s) of the reference table not measured\n`);
  process.exit(1);
}
