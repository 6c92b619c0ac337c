/**
 * The int8 LSTM kernel's Arm DSP path on an emulated Cortex-M4 (QEMU mps2-an386): one image runs it
 * and the portable C path (the same kernel compiled without the DSP path) on dtln's two LSTM layer
 * shapes and on 300 random LSTMs, and compares outputs, hidden and cell states byte for byte
 * (hosts/cortex-m/qemu/lstm_main.c). Skips with a notice without the Arm toolchain and QEMU, except
 * under CI=true.
 */
import test from "ava";
import { runImage, toolchain } from "../hosts/cortex-m/qemu/build.mjs";
import { buildLstmImage } from "../hosts/cortex-m/qemu/lstm_image.mjs";
import { inCI } from "./helpers/testdata";

const tools = toolchain();
const ready = tools.armGcc && tools.qemu;
if (!ready && !inCI) console.log("NOTICE: arm-none-eabi-gcc or qemu-system-arm is missing; the Cortex-M LSTM test is skipped.");
const register = ready || inCI ? test : test.skip;

register("LSTM int8: the Arm DSP path equals the portable C path on a Cortex-M4 (dtln's layers, 300 random LSTMs)", async (t) => {
  if (!ready) return t.fail("CI=true but the Arm toolchain or QEMU is missing");
  t.timeout(10 * 60_000);
  const elf = await buildLstmImage();
  const r = await runImage(elf, "mps2-an386");
  t.is(r.code, 0, r.output.slice(0, 2000));
  t.regex(r.output, /^STEP dtln_lstm1 197120 ok$/m);
  t.regex(r.output, /^STEP dtln_lstm2 131072 ok$/m);
  t.regex(r.output, /^LSTM random 300 differ 0$/m);
});
