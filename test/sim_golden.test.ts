/** Every golden case (the recurrent models too) inside the XS engine (tinyml-sim), with the native C kernels and with the TypeScript ones. */
import test from "ava";
import { assertChecks, runInSim } from "./helpers/sim";
import { ALL_MODELS, RECURRENT_MODELS, testdataDir, withTestdata } from "./helpers/testdata";

for (const kernels of ["native", "portable"]) {
  withTestdata(test, `golden cases inside XS with ${kernels} kernels`, async (t) => {
    const run = await runInSim("test/sim/golden.sim.ts", [testdataDir, kernels, ...ALL_MODELS, ...RECURRENT_MODELS]);
    const n = assertChecks(t, run, 1 + 40 + 5 * RECURRENT_MODELS.length);
    t.log(`${n} checks`);
  });
}
