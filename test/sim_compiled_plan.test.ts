/** Models booted from compiled plans inside XS (test/sim/compiled_plan.sim.ts): golden bytes, the C plan runner, forged plans. */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { Model } from "../src/index";
import { compilePlan } from "../src/plan/index";
import { assertChecks, runInSim } from "./helpers/sim";
import { ALL_MODELS, manifest, testdataDir, withTestdata } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

withTestdata(test, "compiled plans inside XS: every golden case, every int8 op in C, forged plans refused", async (t) => {
  const dir = tempDir("tinyml-plans-");
  try {
    const pairs = ALL_MODELS.map((name) => {
      const path = join(dir, `${name}.plan`);
      writeFileSync(path, compilePlan(Model.from(readFileSync(join(testdataDir, manifest().models[name]!.file)))));
      return `${name}=${path}`;
    });
    const run = await runInSim("test/sim/compiled_plan.sim.ts", [testdataDir, "100", ...pairs]);
    const n = assertChecks(t, run, 40);
    t.log(run.stdout.split("\n").filter((l) => /ops-in-c|forged/.test(l)).join("\n"));
    t.log(`${n} checks`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
