/**
 * The whole stack on an emulated Cortex-M4 (hosts/cortex-m/qemu/xs): the XS engine, the runtime
 * bundle and the native kernels with their Arm DSP paths in one bare-metal image for QEMU
 * mps2-an386, the XS machine sized by creationFor(model). Every golden case of ../shared/testdata
 * must be byte-equal with TFLM's outputs (the cases of a model batched into one run); a model the
 * configured memory cannot hold must give a typed error, and a runaway image the watchdog's report.
 *
 * Needs gcc-arm-none-eabi, libnewlib-arm-none-eabi and qemu-system-arm: where they are missing the
 * tests skip with a notice, except under CI=true, where they fail.
 */
import test from "ava";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { M4_EXIT, bundleFootprint, imageArenaBytes, imageCreation, imageToolsMissing, runOnImage } from "../hosts/cortex-m/qemu/xs/runner";
import { Model } from "../src/index";
import { goldenBatches, runGoldenBatch } from "./helpers/cortex_m4_golden";
import { ALL_MODELS, haveTestdata, inCI, manifest, testdataDir } from "./helpers/testdata";
import { tinyml } from "./helpers/cli";
import { toolchain } from "../hosts/cortex-m/qemu/build.mjs";
import { tempDir } from "./helpers/temp_dir";

const missing = imageToolsMissing();
const ready = missing === null && haveTestdata;
if (!ready && !inCI) console.log(`NOTICE: the Cortex-M4 image tests are skipped: ${missing ?? `no test data at ${testdataDir}`}.`);
const register = ready || inCI ? test.serial : test.serial.skip;
const notReady = (t: { fail: (m: string) => void }) => t.fail(`CI=true but ${missing ?? "the test data is missing"}`);

/** Runs fn with a fresh temporary directory, removed afterwards. */
async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = tempDir("tinyml-m4-");
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const name of ALL_MODELS) {
  register(`${name}: every golden case byte-equal on the Cortex-M4 image`, async (t) => {
    if (!ready) return notReady(t);
    for (const batch of goldenBatches(name)) {
      const r = await runGoldenBatch(name, batch);
      t.is(r.run.code, 0, `exit status; stderr: ${r.run.stderr.slice(0, 2000)}`);
      t.deepEqual(r.equal, r.cases, `cases equal to TFLM's bytes`);
      t.true(r.run.creation!.chunk.incremental === 0 && r.run.creation!.heap.incremental === 0, "the machine is sized once, as on a device");
      t.is(r.run.stats!.afterPrepare.slotSize, 16, "32-bit XS: 16-byte slots");
      t.is(r.run.creation!.parts.arenaBytes, r.run.stats!.arenaBytes, "creationFor sized the arena the image allocates");
    }
  });
}

register("tinyml compile --host cortex-m4: kws_ref_model runs TFLM's bytes with its plan and keeps its constants out of the XS heap", async (t) => {
  if (!ready) return notReady(t);
  await inTempDir(async (dir) => {
    const plan = join(dir, "kws.plan");
    const c = await tinyml(["compile", join(testdataDir, "models", "kws_ref_model.tflite"), "--out", plan, "--host", "cortex-m4", "--json"]);
    t.is(c.code, 0, c.stderr);
    const batch = { cases: [0, 1], invocations: 2 };
    const without = await runGoldenBatch("kws_ref_model", batch);
    const withPlan = await runGoldenBatch("kws_ref_model", batch, { plan });
    t.is(withPlan.run.code, 0, withPlan.run.stderr);
    t.deepEqual(withPlan.equal, batch.cases);
    t.is(withPlan.run.stats!.arenaBytes, JSON.parse(c.stdout).arenaBytes, "the image's arena is the plan's");
    // the per-channel multipliers and shifts (4,704 bytes for its 588 channels) are read from the plan
    t.true(without.run.stats!.xsBytesBeyondArena - withPlan.run.stats!.xsBytesBeyondArena >= 4704, `${without.run.stats!.xsBytesBeyondArena} -> ${withPlan.run.stats!.xsBytesBeyondArena}`);
    // a plan made for Node's kernels (no DSP work buffers) is refused on the image
    const nodePlan = join(dir, "kws.node.plan");
    t.is((await tinyml(["compile", join(testdataDir, "models", "kws_ref_model.tflite"), "--out", nodePlan])).code, 0);
    const refused = await runGoldenBatch("kws_ref_model", { cases: [0], invocations: 1 }, { plan: nodePlan });
    t.is(refused.run.code, M4_EXIT.error);
    t.regex(refused.run.stderr, /ModelError: BAD_FORMAT: compiled plan: /);
  });
});

const PERSON = join(testdataDir, "models", "person_detect.tflite");
const PERSON_INPUT = join(testdataDir, "golden", "person_detect", "case0.input.bin");

register("a model whose arena the configured memory cannot hold gives ModelError TOO_LARGE on the image", async (t) => {
  if (!ready) return notReady(t);
  await inTempDir(async (dir) => {
    // room for everything but half the arena
    const creation = imageCreation(Model.from(readFileSync(PERSON)), await bundleFootprint(), 0, await imageArenaBytes(PERSON));
    const regionBytes = creation.static - creation.parts.arenaBytes / 2;
    const r = await runOnImage({ model: PERSON, inputs: [PERSON_INPUT], outputs: [join(dir, "out.bin")], regionBytes });
    t.is(r.code, M4_EXIT.error, r.stderr);
    const m = /^ModelError: TOO_LARGE: the model needs a (\d+)-byte arena; the limit is \d+/.exec(r.stderr);
    t.truthy(m, r.stderr);
    // The image's arena holds the native kernels' work buffers too; creationFor was given it.
    t.is(Number(m![1]), creation.parts.arenaBytes);
  });
});

register("memory too small for the runtime itself gives the image's memory-full report, not a fault", async (t) => {
  if (!ready) return notReady(t);
  await inTempDir(async (dir) => {
    const r = await runOnImage({ model: PERSON, inputs: [PERSON_INPUT], outputs: [join(dir, "out.bin")], regionBytes: 512 * 1024 });
    t.is(r.code, M4_EXIT.memoryFull, r.stderr);
    t.regex(r.stderr, /tinyml-m4: fatal: XS memory full/);
  });
});

register("the watchdog stops a run over its instruction limit and says so", async (t) => {
  if (!ready) return notReady(t);
  await inTempDir(async (dir) => {
    const r = await runOnImage({ model: PERSON, inputs: [PERSON_INPUT], outputs: [join(dir, "out.bin")], watchdogPeriods: 1 });
    t.is(r.code, M4_EXIT.watchdog);
    t.regex(r.stdout + r.stderr, /instruction limit reached \(watchdog\)/);
  });
});

register("tinyml run --host cortex-m4 --invocations writes TFLM's bytes; --profile prints every op's counted instructions", async (t) => {
  if (!ready) return notReady(t);
  await inTempDir(async (dir) => {
    const c = manifest().models.audio_preprocessor_int8!.cases.find((k) => k.invocations > 1)!;
    const out = join(dir, "out.bin");
    const model = join(testdataDir, "models", "audio_preprocessor_int8.tflite");
    const r = await tinyml(["run", model, "--input", join(testdataDir, c.input), "--output", out, "--host", "cortex-m4", "--invocations", String(c.invocations)]);
    t.is(r.code, 0, r.stderr);
    t.deepEqual(readFileSync(out), readFileSync(join(testdataDir, c.output)));
    if (!toolchain().cm4count) return t.log("no cm4count plugin source (../shared/tools/cm4count): --profile not checked");
    const k = manifest().models.kws_ref_model!.cases[5]!;
    const p = await tinyml(["run", join(testdataDir, "models", "kws_ref_model.tflite"), "--input", join(testdataDir, k.input), "--output", out, "--host", "cortex-m4", "--profile"]);
    t.is(p.code, 0, p.stderr);
    t.deepEqual(readFileSync(out), readFileSync(join(testdataDir, k.output)));
    const opLines = p.stderr.split("\n").filter((l) => /^\s+\d+ \w+\s+[\d,]+ insns\s+[\d,]+ est\. cycles/.test(l));
    t.is(opLines.length, 13, p.stderr);
  });
});

register("tinyml run --host cortex-m4 --memory too small for the arena prints the image's ModelError TOO_LARGE", async (t) => {
  if (!ready) return notReady(t);
  await inTempDir(async (dir) => {
    const creation = imageCreation(Model.from(readFileSync(PERSON)), await bundleFootprint(), readFileSync(PERSON_INPUT).length, await imageArenaBytes(PERSON));
    const memory = Math.round(creation.static - creation.parts.arenaBytes / 2);
    const r = await tinyml(["run", PERSON, "--input", PERSON_INPUT, "--output", join(dir, "out.bin"), "--host", "cortex-m4", "--memory", String(memory)]);
    t.is(r.code, 1);
    const m = /^tinyml: on the Cortex-M4 image: ModelError: TOO_LARGE: the model needs a (\d+)-byte arena; the limit is \d+ \(option maxArenaBytes\)\n$/.exec(r.stderr);
    t.truthy(m, r.stderr);
    t.is(Number(m![1]), creation.parts.arenaBytes);
    const usage = await tinyml(["run", PERSON, "--input", PERSON_INPUT, "--output", join(dir, "out.bin"), "--memory", "1000"]);
    t.is(usage.code, 2);
    t.regex(usage.stderr, /--memory is for --host cortex-m4/);
  });
});
