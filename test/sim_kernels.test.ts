/**
 * The native C kernels inside XS (tinyml-sim), on the normal and the sanitized (ASan + UBSan) build:
 * - test/sim/kernels_differential.sim.ts: each native kernel against its TypeScript kernel on
 *   seeded random layers, byte for byte;
 * - test/sim/native_errors.sim.ts: each native called with bad arguments throws a TypeError or a
 *   RangeError naming the argument, writes nothing, and the process survives.
 * TINYML_KERNELS_CONFIGS sets the random layers per kernel (default 1000).
 */
import test from "ava";
import { assertChecks, runInSim } from "./helpers/sim";

const configs = process.env.TINYML_KERNELS_CONFIGS ?? "1000";

for (const sanitize of [false, true]) {
  const build = sanitize ? "sanitized build" : "normal build";

  test(`native kernels match the TypeScript kernels on ${configs} random layers each (${build})`, async (t) => {
    t.timeout(20 * 60_000, "building the simulator takes a while the first time");
    const run = await runInSim("test/sim/kernels_differential.sim.ts", [configs], { sanitize });
    const n = assertChecks(t, run, 5);
    for (const line of run.stdout.split("\n")) if (line.startsWith("CHECK ")) t.log(line.slice(9));
    t.log(`${n} checks`);
  });

  test(`native kernels reject bad arguments with JS errors (${build})`, async (t) => {
    t.timeout(20 * 60_000, "building the simulator takes a while the first time");
    const run = await runInSim("test/sim/native_errors.sim.ts", [], { sanitize });
    const n = assertChecks(t, run, 500);
    t.log(`${n} checks`);
  });
}
