/** Runs a lifecycle entry inside tinyml-sim: like test/helpers/sim.ts's runInSim, bundled with the @noble packages resolved. */
import { execFile } from "node:child_process";
import { ensureSim } from "../../hosts/sim/build.mjs";
import { bundleForSim } from "../../hosts/sim/bundle.mjs";
import { sanitize, type SimRun } from "../helpers/sim";

export async function runLifecycleInSim(entry: string, args: string[] = []): Promise<SimRun> {
  // TINYML_SIM_SANITIZE=1 runs the ASan/UBSan build, halting at the first report (as runInSim does).
  const binary = await ensureSim({ sanitize, quiet: true });
  const bundle = await bundleForSim(entry);
  return new Promise((done) => {
    execFile(binary, [bundle, ...args], { maxBuffer: 64 << 20, env: { ...process.env, ASAN_OPTIONS: "abort_on_error=0:halt_on_error=1", UBSAN_OPTIONS: "halt_on_error=1:print_stacktrace=1" } }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1;
      done({ code, stdout, stderr });
    });
  });
}

/** The `METRIC name value` lines of a run. */
export function metrics(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stdout.matchAll(/^METRIC (\S+) (\S+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}
