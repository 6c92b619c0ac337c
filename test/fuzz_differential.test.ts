/**
 * A bounded run of the differential fuzzer (`npm run fuzz` runs 50,000 cases): about 1,000 mutated
 * models, no maxArenaBytes, each loaded one invoked on Node and inside the XS simulator (native
 * kernels); the outcomes must be the same output bytes or the same typed error, with no untyped
 * error, crash or case over the time limit.
 */
import test from "ava";
import { differentialFuzz } from "../bench/fuzz/differential";
import { fuzzModels } from "../bench/fuzz/plan";
import { sanitize } from "./helpers/sim";
import { haveTestdata, inCI, testdataDir } from "./helpers/testdata";

test("differential fuzz, bounded: Node and XS agree on every mutant, with typed errors only", async (t) => {
  if (!haveTestdata && inCI) t.fail(`CI=true but the test data is missing at ${testdataDir}`);
  if (!haveTestdata) t.log(`NOTICE: test data not found at ${testdataDir}; fuzzing the repo's own models only`);
  const models = fuzzModels(testdataDir, 1000, 0.1);
  const tallies = await differentialFuzz({ models, seed: 20261203, caseTimeoutMs: 30000, sanitize });
  t.deepEqual(tallies.flatMap((x) => x.failures), []);
  for (const x of tallies) {
    t.is(x.untyped + x.mismatches + x.timeouts + x.crashes, 0, x.model);
    t.true(x.ran > 0, `${x.model}: some mutants must load and run`);
    t.true(Object.values(x.typed).reduce((a, b) => a + b, 0) > 0, `${x.model}: some mutants must be refused`);
  }
  t.log(tallies.map((x) => `${x.model}: ${x.cases} cases, ${x.ran} ran, ${x.cases - x.ran} typed errors`).join("; "));
});
