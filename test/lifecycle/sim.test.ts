/** The model store inside the XS engine: installs, power cuts, a refusal, and timing of a ~300 KB update. */
import test from "ava";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertChecks } from "../helpers/sim";
import { fcModel, makeUpdate, PUBLIC, sineModel } from "./helpers";
import { metrics, runLifecycleInSim } from "./sim_runner";

test("ModelStore inside tinyml-sim (XS)", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "tinyml-lc-sim-"));
  writeFileSync(join(dir, "a.tmlu"), makeUpdate(sineModel, { version: 1 }));
  writeFileSync(join(dir, "b.tmlu"), makeUpdate(fcModel(3, 64, 32), { version: 2 }));
  writeFileSync(join(dir, "big.tmlu"), makeUpdate(fcModel(7, 600, 500), { id: "big", version: 1 }));
  writeFileSync(join(dir, "trusted.pub"), PUBLIC);
  const run = await runLifecycleInSim("test/lifecycle/store.sim.ts", [dir]);
  const n = assertChecks(t, run, 8);
  const m = metrics(run.stdout);
  t.log(`${n} checks; ${m.sim_fault_points} power cuts inside XS`);
  t.log(`~300 KB update (${m.big_update_bytes} bytes, model ${m.big_model_bytes}) in XS: SHA-256 of the model ${m.sha256_ms} ms native (@noble's ${m.sha256_noble_ms} ms), Ed25519 verify of the header ${m.ed25519_verify_ms} ms, checkUpdate ${m.check_update_ms} ms`);
  t.log(`store: write chunks ${m.write_chunks_ms} ms, finishUpdate ${m.finish_update_ms} ms, activate + self-test ${m.activate_selftest_ms} ms, open with verifyOnBoot ${m.open_verify_on_boot_ms} ms`);
});
