/**
 * The recurrent models (SVDF, UNIDIRECTIONAL_SEQUENCE_LSTM): every golden case byte for byte with
 * the portable kernels and on the Cortex-M4 image, their state carried across invokes and cleared by reset(). (keyword_scrambled's
 * outputs saturate the final softmax for every golden input: test/ops/svdf.test.ts checks SVDF itself.)
 */
import test from "ava";
import { Interpreter, Model } from "../src/index";
import { assertGoldenCases } from "./helpers/golden";
import { RECURRENT_MODELS, haveTestdata, inCI, recurrentManifest, testdataFile, withTestdata } from "./helpers/testdata";
import { goldenBatches, runGoldenBatch } from "./helpers/cortex_m4_golden";
import { imageToolsMissing } from "../hosts/cortex-m/qemu/xs/runner";

for (const name of RECURRENT_MODELS) {
  withTestdata(test, `golden ${name}: every case matches TFLM`, (t) => {
    const m = recurrentManifest().models[name]!;
    assertGoldenCases(t, new Interpreter(Model.from(testdataFile(m.file)), { kernels: "portable" }), m);
  });

  withTestdata(test, `${name}: state carries across invokes, reset() clears it`, (t) => {
    const m = recurrentManifest().models[name]!;
    const it = new Interpreter(Model.from(testdataFile(m.file)), { kernels: "portable" });
    const first = m.cases[0]!, second = m.cases[1]!;
    const golden = testdataFile(first.output);
    it.input(0).bytes.set(testdataFile(second.input));
    it.invoke();
    it.input(0).bytes.set(testdataFile(first.input));
    it.invoke();
    if (name === "dtln_noise_suppression") t.notDeepEqual(Buffer.from(it.output(0).bytes), golden, "the previous invoke's state changes the output");
    it.reset();
    it.input(0).bytes.set(testdataFile(first.input)); // the arena may reuse the input's bytes after the first op
    it.invoke();
    t.deepEqual(Buffer.from(it.output(0).bytes), golden);
  });

  withTestdata(test, `golden ${name}: arena within TFLM's arena_used_bytes`, (t) => {
    const m = recurrentManifest().models[name]!;
    t.true(new Interpreter(Model.from(testdataFile(m.file))).arenaBytes <= m.arena_used_bytes);
  });
}

// The Cortex-M4 image (hosts/cortex-m/qemu/xs): XS, the runtime and the native kernels with their Arm
// DSP paths under QEMU; each model's cases in one run, the op state cleared before each case.
const imageMissing = imageToolsMissing();
const imageReady = imageMissing === null && haveTestdata;
if (!imageReady && !inCI) console.log(`NOTICE: the recurrent goldens on the Cortex-M4 image are skipped: ${imageMissing ?? "no test data"}.`);
for (const name of RECURRENT_MODELS) {
  (imageReady || inCI ? test.serial : test.serial.skip)(`golden ${name}: every case byte-equal on the Cortex-M4 image`, async (t) => {
    if (!imageReady) return t.fail(`CI=true but ${imageMissing ?? "the test data is missing"}`);
    for (const batch of goldenBatches(name)) {
      const r = await runGoldenBatch(name, batch);
      t.is(r.run.code, 0, `exit status; stderr: ${r.run.stderr.slice(0, 2000)}`);
      t.deepEqual(r.equal, r.cases, "cases equal to TFLM's bytes");
    }
  });
}
