/**
 * The recurrent models (SVDF, UNIDIRECTIONAL_SEQUENCE_LSTM): every golden case byte for byte with
 * the portable kernels, their state carried across invokes and cleared by reset().
 */
import test from "ava";
import { Interpreter, Model } from "../src/index";
import { assertGoldenCases } from "./helpers/golden";
import { RECURRENT_MODELS, recurrentManifest, testdataFile, withTestdata } from "./helpers/testdata";

for (const name of RECURRENT_MODELS) {
  withTestdata(test, `golden ${name}: every case matches TFLM`, (t) => {
    const m = recurrentManifest().models[name]!;
    assertGoldenCases(t, new Interpreter(Model.from(testdataFile(m.file)), { kernels: "portable" }), m);
  });

  withTestdata(test, `golden ${name}: arena within TFLM's arena_used_bytes`, (t) => {
    const m = recurrentManifest().models[name]!;
    t.true(new Interpreter(Model.from(testdataFile(m.file))).arenaBytes <= m.arena_used_bytes);
  });
}
