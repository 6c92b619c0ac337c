/**
 * The 16x8 kernels' Arm DSP paths (conv, depthwise, fully connected with int16 activations) on an
 * emulated Cortex-M4 (QEMU mps2-an386): one image runs each with and without its DSP path on the
 * benchmark shapes and on 600 random layers and compares the outputs byte for byte
 * (hosts/cortex-m/qemu/main_16x8.c); test/sim_kernels_16x8.test.ts compares the portable C with the
 * TypeScript kernels. Skips with a notice without the Arm toolchain and QEMU, except under CI=true.
 */
import test from "ava";
import { runImage, toolchain } from "../hosts/cortex-m/qemu/build.mjs";
import { build16x8Image } from "../hosts/cortex-m/qemu/image_16x8.mjs";
import { inCI } from "./helpers/testdata";

const tools = toolchain();
const ready = tools.armGcc && tools.qemu;
if (!ready && !inCI) console.log("NOTICE: arm-none-eabi-gcc or qemu-system-arm is missing; the Cortex-M 16x8 test is skipped.");
const register = ready || inCI ? test : test.skip;

register("16x8 conv, depthwise and fully connected: the Arm DSP paths equal the portable C on a Cortex-M4", async (t) => {
  if (!ready) return t.fail("CI=true but the Arm toolchain or QEMU is missing");
  t.timeout(10 * 60_000);
  const r = await runImage(await build16x8Image(), "mps2-an386");
  t.is(r.code, 0, r.output.slice(0, 2000));
  const layers = [...r.output.matchAll(/^LAYER (\S+) (\d+) (ok|differ)$/gm)];
  t.deepEqual(layers.map((m) => `${m[1]} ${m[3]}`), ["kws_conv1", "kws_dw", "kws_pw", "kws_fc", "vww_conv"].map((id) => `16x8:${id} ok`));
  for (const kind of ["conv", "depthwise", "fully_connected"]) t.regex(r.output, new RegExp(`^RANDOM ${kind} 200 differ 0$`, "m"));
  t.regex(r.output, /^INVALID 0$/m);
});
