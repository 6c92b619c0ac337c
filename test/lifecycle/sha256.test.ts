/** The native SHA-256 inside tinyml-sim (XS) against @noble's, known answers and bad arguments; on Node, crypto.ts stays @noble's. */
import test from "ava";
import { assertChecks, runInSim } from "../helpers/sim";
import { hostSha256, sha256 } from "../../src/lifecycle/crypto";
import { metrics } from "./sim_runner";

test("xs_tinyml_sha256 inside tinyml-sim", async (t) => {
  const run = await runInSim("test/lifecycle/sha256.sim.ts");
  const n = assertChecks(t, run, 24);
  const m = metrics(run.stdout);
  t.log(`${n} checks; 1 MB: native ${m.sha256_1mb_native_ms} ms, @noble ${m.sha256_1mb_noble_ms} ms (in XS)`);
});

test("Node has no native: crypto.sha256 is @noble's", (t) => {
  t.is(hostSha256(), null);
  t.is(Buffer.from(sha256(new TextEncoder().encode("abc"))).toString("hex"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});
