/** Runs TypeScript entries inside tinyml-sim (the real XS engine) and turns their checks into ava assertions. */
import type { ExecutionContext } from "ava";
import { bundleForSim } from "../../hosts/sim/bundle.mjs";
import { ensureSim } from "../../hosts/sim/build.mjs";
import { runProcess, type CliResult } from "./cli";

export const sanitize = process.env.TINYML_SIM_SANITIZE === "1";

export type SimRun = CliResult;

export async function runInSim(entry: string, args: string[] = [], options: { sanitize?: boolean } = {}): Promise<SimRun> {
  const binary = await ensureSim({ sanitize: options.sanitize ?? sanitize, quiet: true });
  const bundle = await bundleForSim(entry);
  // Under the sanitizers, the first report halts the run (and fails the test).
  return runProcess(binary, [bundle, ...args], { maxBuffer: 256 << 20, env: { ...process.env, ASAN_OPTIONS: "abort_on_error=0:halt_on_error=1", UBSAN_OPTIONS: "halt_on_error=1:print_stacktrace=1" } });
}

/** Asserts every CHECK line of a sim run, the summary and a clean exit. Returns the number of checks. */
export function assertChecks(t: ExecutionContext, run: SimRun, minimum = 1): number {
  const lines = run.stdout.split("\n");
  let n = 0;
  for (const line of lines) {
    const m = /^CHECK (ok|fail) (\S+)(?: (.*))?$/.exec(line);
    if (m === null) continue;
    n++;
    if (m[1] !== "ok") t.fail(`${m[2]}: ${m[3] ?? ""}`);
  }
  t.regex(run.stdout, /SUMMARY passed \d+ failed 0/, run.stderr.slice(0, 4000));
  t.is(run.code, 0, run.stderr.slice(0, 4000));
  t.true(n >= minimum, `only ${n} checks ran (expected at least ${minimum})`);
  t.notRegex(run.stderr, /(AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:)/);
  return n;
}
