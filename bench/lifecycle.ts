/**
 * The model lifecycle's figures: fault points tried (power cuts at every flash operation and every
 * byte of the update scenarios, fuzzed transfers, power cuts inside XS) with the number of devices
 * left without a valid model ("bricked") or with a mix, and the time to receive, verify, activate
 * and boot a ~300 KB update inside the XS simulator. Writes bench/results/lifecycle.json (the
 * README's "Updating models in the field" figures and BENCHMARKS.md come from it).
 *
 *   npm run bench:lifecycle
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fuzzTransfers } from "../test/lifecycle/fuzz_transfers";
import { POWER_SCENARIOS } from "../test/lifecycle/power_scenarios";
import { sweepBytes, sweepOperations, type SweepResult } from "../test/lifecycle/power_sweep";
import { metrics, runStoreInSim } from "../test/lifecycle/sim_runner";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const log = (s: string) => process.stderr.write(`${s}\n`);

const sweeps: SweepResult[] = [];
for (const [name, make, sweep] of [
  ["update", POWER_SCENARIOS.update, sweepOperations],
  ["replace", POWER_SCENARIOS.replace, sweepOperations],
  ["bytes", POWER_SCENARIOS.bytes, sweepBytes],
] as const) {
  const r = sweep(make());
  sweeps.push(r);
  log(`power cuts, ${name}: ${r.cuts + r.bootCuts} fault points (${r.operations} operations, ${r.bytes} bytes), ${r.bricked} bricked, ${r.mixed} mixed, ${r.failures.length} failures`);
}
const fuzz = fuzzTransfers(150);
log(`fuzzed transfers: ${fuzz.runs} runs, ${fuzz.chunks} chunks, ${fuzz.resets} resets, ${fuzz.cuts} power cuts, ${fuzz.bricked} bricked, ${fuzz.failures.length} failures`);

const run = await runStoreInSim();
if (run.code !== 0 || /CHECK fail/.test(run.stdout)) throw new Error(`store.sim.ts failed:\n${run.stdout}\n${run.stderr}`);
const sim = metrics(run.stdout);
log(`inside XS: ${sim.sim_fault_points} power cuts; ~300 KB update: checkUpdate ${sim.check_update_ms} ms, finishUpdate ${sim.finish_update_ms} ms, boot with verifyOnBoot ${sim.open_verify_on_boot_ms} ms`);

const faultPoints = sweeps.reduce((n, r) => n + r.cuts + r.bootCuts, 0) + fuzz.cuts + (sim.sim_fault_points ?? 0);
const bricked = sweeps.reduce((n, r) => n + r.bricked + r.mixed, 0) + fuzz.bricked;
const failures = sweeps.reduce((n, r) => n + r.failures.length, 0) + fuzz.failures.length;
const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, os: `linux ${release()}`, node: process.version };
const result = {
  command: "npm run bench:lifecycle",
  date: new Date().toISOString(),
  machine,
  faultPoints,
  bricked,
  failures,
  sweeps: sweeps.map(({ failures: f, ...r }) => ({ ...r, failures: f.length })),
  fuzz: { runs: fuzz.runs, chunks: fuzz.chunks, resets: fuzz.resets, cuts: fuzz.cuts, bricked: fuzz.bricked, failures: fuzz.failures.length },
  sim,
};
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "lifecycle.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(`fault points tried: ${faultPoints}; devices left without a valid model or with a mix: ${bricked}; other failures: ${failures}`);
if (bricked > 0 || failures > 0) process.exitCode = 1;
