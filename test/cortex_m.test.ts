/**
 * The native kernels on emulated Cortex-M CPUs (hosts/cortex-m/qemu): bare-metal images for QEMU's
 * mps2-an386 (Cortex-M4F, the Arm DSP paths), the same CPU with the DSP paths compiled out, and
 * mps2-an500 (Cortex-M7, the DSP paths) run seeded random layers of every kernel, the real layers
 * of the test models and the benchmark layers, and compare each output with what the portable C
 * path computed on the host. A Cortex-M0+ build (portable path) must compile and link, and where
 * Debian's Xtensa compiler is installed, the kernels must compile for the lx106.
 *
 * Needs gcc-arm-none-eabi, libnewlib-arm-none-eabi and qemu-system-arm: where they are missing the
 * tests skip with a notice, except under CI=true, where they fail.
 */
import test from "ava";
import { existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { buildImages, runImage, toolchain, type BuildResult } from "../hosts/cortex-m/qemu/build.mjs";
import { haveTestdata, inCI } from "./helpers/testdata";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tools = toolchain();
const ready = tools.armGcc && tools.qemu && tools.hostGcc;
/** Random cases per run (made on the target from the seed; the image holds only their checksums). */
const COUNT = 1500;
const SEEDS = [1, 20261201];

if (!ready && !inCI) {
  console.log("NOTICE: arm-none-eabi-gcc, newlib or qemu-system-arm is missing; the Cortex-M tests are skipped (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm).");
}

const builds = new Map<number, Promise<BuildResult>>();
function build(seed: number): Promise<BuildResult> {
  let b = builds.get(seed);
  if (!b) {
    b = buildImages({ out: join(repo, "build", "cortex-m", `test-${seed}`), seed, count: COUNT });
    builds.set(seed, b);
  }
  return b;
}

const register = ready || inCI ? test.serial : test.serial.skip;

for (const seed of SEEDS) {
  for (const target of ["m4", "m4-portable", "m7"]) {
    register(`${target}: ${COUNT} random layers (seed ${seed}), the test models' layers and the benchmark layers, bit-exact with the portable C path`, async (t) => {
      if (!ready) return t.fail("CI=true but the Arm toolchain or QEMU is missing");
      const built = (await build(seed)).targets[target]!;
      t.truthy(built.machine);
      const r = await runImage(built.test, built.machine!, { timeoutMs: 600_000 });
      const summary = /SUMMARY passed (\d+) failed (\d+)/.exec(r.output);
      const failures = r.output.split("\n").filter((l) => l.startsWith("CHECK fail")).slice(0, 10);
      t.truthy(summary, `no summary from ${target}:\n${r.output.slice(0, 2000)}`);
      t.is(Number(summary![2]), 0, failures.join("\n"));
      t.is(r.code, 0, `exit status of ${target}`);
      // A check per random case, three per benchmark layer and per real layer (it validates, the bytes past its scratch stay as they were, its bytes match).
      const golden = /CHECK \w+ golden cases=(\d+)/.exec(r.output);
      const expected = COUNT + 3 * 5 + 3 * Number(golden?.[1] ?? 0);
      t.true(Number(summary![1]) >= expected, `${summary![1]} checks passed, expected at least ${expected}`);
      if (haveTestdata) t.true(Number(golden?.[1] ?? 0) > 20, `golden layers in the image: ${golden?.[1]}`);
      t.regex(r.output, built.dsp ? /PATH arm-dsp/ : /PATH portable/);
      // The DSP kernels take their work buffers from the caller (checked: a byte short is refused, none is written past); the portable ones need none.
      const withScratch = Number(/COVER random with-scratch (\d+)/.exec(r.output)?.[1] ?? -1);
      if (built.dsp) t.true(withScratch > COUNT / 10, `random layers with scratch: ${withScratch}`);
      else t.is(withScratch, 0);
      t.log(`${target}: ${summary![0]}`);
    });
  }
}

register("Cortex-M0+ (portable C kernels) compiles and links; Xtensa lx106 compiles where its compiler is installed", async (t) => {
  if (!ready) return t.fail("CI=true but the Arm toolchain or QEMU is missing");
  const res = await build(SEEDS[0]!);
  const m0 = res.targets["m0plus"]!;
  t.true(existsSync(m0.test) && existsSync(m0.bench));
  t.true(m0.kernelTextBytes > 0);
  if (tools.xtensaGcc) {
    t.truthy(res.xtensa);
    t.true(res.xtensa!.objects.length >= 6);
    t.log(`xtensa-lx106: kernels .text ${res.xtensa!.kernelTextBytes} bytes`);
  } else {
    t.log("xtensa-lx106-elf-gcc not installed: the Xtensa compile is left out");
  }
});
