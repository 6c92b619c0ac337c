/** invoke() allocates nothing in the XS heap, from the first one on, for every test model (the recurrent ones too). */
import test from "ava";
import { assertChecks, runInSim } from "./helpers/sim";
import { ALL_MODELS, RECURRENT_MODELS, testdataDir, withTestdata } from "./helpers/testdata";

withTestdata(test, "no XS allocation per invoke, the first one included (native and TypeScript kernels, with and without a compiled plan)", async (t) => {
  const models = [...ALL_MODELS, ...RECURRENT_MODELS];
  const run = await runInSim("test/sim/no_allocation.sim.ts", [testdataDir, ...models]);
  assertChecks(t, run, models.length * 4);
});
