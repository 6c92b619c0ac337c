/** Malformed models inside the XS engine raise the runtime's typed errors. */
import { join } from "node:path";
import test from "ava";
import { assertChecks, runInSim } from "./helpers/sim";
import { CORE_MODELS, manifest, testdataDir, withTestdata } from "./helpers/testdata";

withTestdata(test, "malformed models inside XS: typed errors or valid results only", async (t) => {
  const m = manifest();
  const paths = [...CORE_MODELS, "audio_preprocessor_int8"].map((name) => join(testdataDir, m.models[name]!.file));
  const run = await runInSim("test/sim/malformed.sim.ts", paths);
  assertChecks(t, run, paths.length);
});
