/** invoke() allocates nothing in the XS heap, from the first one on, for every test model. */
import test from "ava";
import { assertChecks, runInSim } from "./helpers/sim";
import { ALL_MODELS, testdataDir, withTestdata } from "./helpers/testdata";

withTestdata(test, "no XS allocation per invoke, the first one included (native and TypeScript kernels)", async (t) => {
  const run = await runInSim("test/sim/no_allocation.sim.ts", [testdataDir, ...ALL_MODELS]);
  assertChecks(t, run, ALL_MODELS.length * 2);
});
