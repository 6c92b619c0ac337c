/** The model store inside the XS engine: installs, power cuts, a refusal, and timing of a ~300 KB update. */
import test from "ava";
import { assertChecks } from "../helpers/sim";
import { metrics, runStoreInSim } from "./sim_runner";

test("ModelStore inside tinyml-sim (XS)", async (t) => {
  const run = await runStoreInSim();
  const n = assertChecks(t, run, 8);
  const m = metrics(run.stdout);
  t.log(`${n} checks; ${m.sim_fault_points} power cuts inside XS`);
  t.log(`~300 KB update (${m.big_update_bytes} bytes, model ${m.big_model_bytes}) in XS: SHA-256 of the model ${m.sha256_ms} ms native (@noble's ${m.sha256_noble_ms} ms), Ed25519 verify of the header ${m.ed25519_verify_ms} ms, checkUpdate ${m.check_update_ms} ms`);
  t.log(`store: write chunks ${m.write_chunks_ms} ms, finishUpdate ${m.finish_update_ms} ms, activate + self-test ${m.activate_selftest_ms} ms, open with verifyOnBoot ${m.open_verify_on_boot_ms} ms`);
});
