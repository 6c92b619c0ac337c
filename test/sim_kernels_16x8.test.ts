/**
 * The 16x8 native kernels inside XS (tinyml-sim), on the normal and the sanitized (ASan + UBSan)
 * build: test/sim/kernels_16x8.sim.ts compares each with its TypeScript kernel on seeded random
 * layers and feeds them bad arguments. TINYML_KERNELS_16X8_CONFIGS sets the layers per kernel (default 300).
 */
import test from "ava";
import { assertChecks, runInSim } from "./helpers/sim";

const configs = process.env.TINYML_KERNELS_16X8_CONFIGS ?? "300";

for (const sanitize of [false, true]) {
  test(`16x8 native kernels match the TypeScript kernels on ${configs} random layers each and refuse bad arguments (${sanitize ? "sanitized" : "normal"} build)`, async (t) => {
    t.timeout(20 * 60_000, "building the simulator takes a while the first time");
    const run = await runInSim("test/sim/kernels_16x8.sim.ts", [configs], { sanitize });
    const n = assertChecks(t, run, 19);
    for (const line of run.stdout.split("\n")) if (line.includes(":differential")) t.log(line.slice(9));
    t.log(`${n} checks`);
  });
}
