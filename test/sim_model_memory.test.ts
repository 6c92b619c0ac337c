/** A loaded model costs no XS memory per tensor or operator (it reads them from the FlatBuffer when asked). */
import test from "ava";
import { assertChecks, runInSim } from "./helpers/sim";
import { CORE_MODELS, testdataDir, withTestdata } from "./helpers/testdata";

withTestdata(test, "Model.from keeps at most one XS slot per tensor and operator", async (t) => {
  const models = ["hello_world_int8", ...CORE_MODELS.filter((m) => m !== "hello_world_int8"), "audio_preprocessor_int8"];
  const run = await runInSim("test/sim/model_memory.sim.ts", [testdataDir, ...models]);
  assertChecks(t, run, models.length - 1);
});
