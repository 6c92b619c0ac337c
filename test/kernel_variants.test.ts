/**
 * Kernel variants (native/kernels/tinyml_variants.h): a firmware that knows its models leaves out
 * the variants of the conv, depthwise and fully connected natives its models' layers do not use
 * (hosts/moddable/kernel_variants.mjs derives the selection from the models). Checked on the
 * emulated Cortex-M4 with kws_ref_model's selection and the KWS firmware's (micro_speech_quantized's):
 * every layer of those models (their real data)
 * is still taken by the natives and byte-equal with the portable C kernels; a layer of another
 * model (or a random layer) that needs a variant left out is refused with TINYML_ERR_UNSUPPORTED
 * (the runtime then runs it in TypeScript), never computed wrong; every other one is byte-equal.
 * The whole stack with those natives (the Cortex-M4 image built with the selection): every golden
 * case of kws_ref_model byte-equal, and of hello_world_int8, whose last layer the selection leaves
 * to TypeScript. And the KWS firmware's manifest carries the selection of its models.
 *
 * Needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm and ../shared/testdata (skipped
 * with a notice without them, except under CI=true).
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { TARGETS, buildImages, runImage, toolchain } from "../hosts/cortex-m/qemu/build.mjs";
import { VARIANTS, variantFlags, variantSelection, variantsOf } from "../hosts/moddable/kernel_variants.mjs";
import { haveTestdata, inCI, testdataDir } from "./helpers/testdata";
import { goldenBatches, runGoldenBatch } from "./helpers/cortex_m4_golden";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tools = toolchain();
const ready = tools.armGcc && tools.qemu && tools.hostGcc && haveTestdata;
if (!ready && !inCI) console.log("NOTICE: the kernel variant tests are skipped (they need gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm and ../shared/testdata).");
const register = ready || inCI ? test.serial : test.serial.skip;
const model = (name: string) => join(testdataDir, "models", `${name}.tflite`);

/** Runs a kernel test image built with variants left out; returns the layers it refused (UNSUPPORTED <group> <name>) and how many random ones. */
async function runSelection(t: import("ava").ExecutionContext, target: { test: string; machine: string | null }): Promise<{ refused: string[]; randomRefused: number; passed: string }> {
  const r = await runImage(target.test, target.machine!, { timeoutMs: 600_000 });
  const summary = /SUMMARY passed (\d+) failed (\d+)/.exec(r.output);
  t.truthy(summary, r.output.slice(0, 2000));
  t.is(Number(summary![2]), 0, r.output.split("\n").filter((l) => l.startsWith("CHECK fail")).slice(0, 10).join("\n"));
  t.is(r.code, 0);
  const refused = [...r.output.matchAll(/^UNSUPPORTED (\w+) (\S+)$/gm)].map((m) => m[2]!);
  return { refused, randomRefused: Number(/COVER unsupported (\d+)/.exec(r.output)?.[1] ?? -1) - refused.length, passed: summary![1]! };
}

register("kws_ref_model's and the KWS firmware's kernel variants on the Cortex-M4: their layers run byte-equal, a layer needing a left-out variant is refused, never wrong", async (t) => {
  if (!ready) return t.fail("CI=true but the Arm toolchain, QEMU or the test data is missing");
  const used = await variantsOf([model("kws_ref_model")]);
  const flags = variantFlags(used);
  t.true(flags.length > 0 && flags.length < VARIANTS.length, `kws_ref_model uses ${used.join(", ")}`);
  // The KWS firmware's (micro_speech_quantized's): also without the speed variants kws_ref_model's layers take (e.g. dw_4ch_load).
  const firmwareUsed = await variantsOf([model("micro_speech_quantized"), model("audio_preprocessor_int8")]);
  const firmwareFlags = variantFlags(firmwareUsed);
  t.true(firmwareFlags.includes("-DTINYML_VARIANT_DW_4CH_LOAD=0") && !flags.includes("-DTINYML_VARIANT_DW_4CH_LOAD=0"));
  const built = await buildImages({
    out: join(repo, "build", "cortex-m", "variants-kws"), seed: 7, count: 600, targets: [],
    extra: {
      "m4-kws": { ...TARGETS.m4!, flags: [...TARGETS.m4!.flags, ...flags] },
      "m4-kws-firmware": { ...TARGETS.m4!, flags: [...TARGETS.m4!.flags, ...firmwareFlags] },
    },
  });
  const vectors = readFileSync(built.vectors, "utf8");
  const layersOf = (name: string) => [...vectors.matchAll(new RegExp(`"(${name}#[^"]+)"`, "g"))].map((m) => m[1]!);
  const kwsLayers = layersOf("kws_ref_model");
  t.true(kwsLayers.length >= 9, `kws_ref_model's layers in the image: ${kwsLayers.length}`);
  const kws = await runSelection(t, built.targets["m4-kws"]!);
  t.deepEqual(kws.refused.filter((id) => id.startsWith("kws_ref_model#")), [], "every kws_ref_model layer is taken");
  // vww_96_int8's first conv (3x3 over 3 channels) needs the im2col path, hello_world's last layer the single-output one.
  t.true(kws.refused.includes("vww_96_int8#1:conv") && kws.refused.includes("hello_world_int8#3:fully_connected"), `refused: ${kws.refused.join(", ")}`);
  t.true(kws.randomRefused > 0, `random layers refused: ${kws.randomRefused}`);
  t.log(`kws_ref_model uses ${used.join(", ")}; left out: ${Object.keys(variantSelection(used)).join(", ")}; refused ${kws.refused.length} real layers of other models and ${kws.randomRefused} random ones; ${kws.passed} checks passed`);
  const firmware = await runSelection(t, built.targets["m4-kws-firmware"]!);
  const speechLayers = layersOf("micro_speech_quantized");
  t.true(speechLayers.length >= 2, `micro_speech_quantized's layers in the image: ${speechLayers.length}`);
  t.deepEqual(firmware.refused.filter((id) => id.startsWith("micro_speech_quantized#")), [], "every micro_speech_quantized layer is taken");
  // kws_ref_model's depthwise layers (64 channels) run with one-channel loads there, byte-equal.
  t.true(kwsLayers.some((id) => /dw|depthwise/.test(id) && !firmware.refused.includes(id)), "a kws_ref_model depthwise layer is taken");
  t.log(`the KWS firmware's models use ${firmwareUsed.join(", ")}; ${speechLayers.length} micro_speech_quantized layers taken; refused ${firmware.refused.length} real layers of other models and ${firmware.randomRefused} random ones; ${firmware.passed} checks passed`);
});

register("kws_ref_model's kernel variants, the whole stack on the Cortex-M4 image: kws_ref_model's golden cases byte-equal, and hello_world_int8's (a layer left to TypeScript)", async (t) => {
  if (!ready) return t.fail("CI=true but the Arm toolchain, QEMU or the test data is missing");
  // The image's natives built with the selection (hosts/cortex-m/qemu/xs/build.mjs: an image of its own).
  process.env.TINYML_M4_NATIVE_FLAGS = variantFlags(await variantsOf([model("kws_ref_model")])).join(" ");
  try {
    for (const name of ["kws_ref_model", "hello_world_int8"]) {
      for (const batch of goldenBatches(name)) {
        const r = await runGoldenBatch(name, batch);
        t.is(r.run.code, 0, `${name}: exit status; stderr: ${r.run.stderr.slice(0, 2000)}`);
        t.deepEqual(r.equal, r.cases, `${name}: cases equal to TFLM's bytes`);
      }
    }
  } finally {
    delete process.env.TINYML_M4_NATIVE_FLAGS;
  }
});

register("the KWS firmware's manifest leaves out exactly the kernel variants its models do not use", async (t) => {
  if (!ready) return t.fail("CI=true but the test data is missing");
  const manifest = JSON.parse(readFileSync(join(repo, "firmware", "kws", "manifest.json"), "utf8")) as { defines: { tinyml: { variants?: Record<string, number> } } };
  const used = await variantsOf([model("micro_speech_quantized"), model("audio_preprocessor_int8")]);
  t.deepEqual(manifest.defines.tinyml.variants, variantSelection(used));
});
