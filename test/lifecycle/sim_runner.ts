/** Runs the model store's checks inside tinyml-sim (test/lifecycle/store.sim.ts), for the test and the lifecycle benchmark. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runInSim, type SimRun } from "../helpers/sim";
import { fcModel, makeUpdate, PUBLIC, sineModel } from "./helpers";
import { tempDir } from "../helpers/temp_dir";

/** store.sim.ts with its fixtures: two small updates, a ~300 KB one and the trusted key. */
export function runStoreInSim(): Promise<SimRun> {
  const dir = tempDir("tinyml-lc-sim-");
  writeFileSync(join(dir, "a.tmlu"), makeUpdate(sineModel, { version: 1 }));
  writeFileSync(join(dir, "b.tmlu"), makeUpdate(fcModel(3, 64, 32), { version: 2 }));
  writeFileSync(join(dir, "big.tmlu"), makeUpdate(fcModel(7, 600, 500), { id: "big", version: 1 }));
  writeFileSync(join(dir, "trusted.pub"), PUBLIC);
  return runInSim("test/lifecycle/store.sim.ts", [dir]);
}

/** The `METRIC name value` lines of a run. */
export function metrics(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stdout.matchAll(/^METRIC (\S+) (\S+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}
