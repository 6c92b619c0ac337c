/**
 * `npm run fuzz`: the differential fuzzer (bench/fuzz/differential.ts) over at least 50,000 mutated
 * models: each loads with no maxArenaBytes (the host's default limit applies), each loaded one is
 * invoked, on Node and inside tinyml-sim; outcomes must agree, errors must be typed, no case may
 * crash or pass the per-case time limit. Writes bench/results/fuzz.json (BENCHMARKS.md's table).
 *
 *   npx tsx bench/fuzz.ts [--cases N] [--timeout-ms T] [--seed S] [--sanitize] [--no-write]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { differentialFuzz } from "./fuzz/differential";
import { fuzzModels } from "./fuzz/plan";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: { cases: { type: "string", default: "50000" }, "timeout-ms": { type: "string", default: "10000" }, seed: { type: "string", default: "1" }, sanitize: { type: "boolean" }, "no-write": { type: "boolean" } },
});
const total = Number(values.cases), timeout = Number(values["timeout-ms"]), seed = Number(values.seed);
for (const [name, v] of [["--cases", total], ["--timeout-ms", timeout], ["--seed", seed]] as const) {
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`fuzz: ${name} must be a non-negative integer\n`);
    process.exit(2);
  }
}
const testdata = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
const models = fuzzModels(testdata, total);
const started = Date.now();
const tallies = await differentialFuzz({ models, seed, caseTimeoutMs: timeout, sanitize: values.sanitize === true, log: (s) => process.stderr.write(`${s}\n`) });
const seconds = (Date.now() - started) / 1000;
const sum = (f: (t: (typeof tallies)[number]) => number) => tallies.reduce((n, t) => n + f(t), 0);
const result = {
  command: `npx tsx bench/fuzz.ts --cases ${total} --timeout-ms ${timeout} --seed ${seed}${values.sanitize === true ? " --sanitize" : ""}`,
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, os: `linux ${release()}`, node: process.version },
  seconds,
  caseTimeoutMs: timeout,
  cases: sum((t) => t.cases),
  ran: sum((t) => t.ran),
  untyped: sum((t) => t.untyped),
  mismatches: sum((t) => t.mismatches),
  timeouts: sum((t) => t.timeouts),
  crashes: sum((t) => t.crashes),
  models: tallies,
};
if (values["no-write"] !== true) {
  mkdirSync(join(repo, "bench", "results"), { recursive: true });
  writeFileSync(join(repo, "bench", "results", "fuzz.json"), `${JSON.stringify(result, null, 2)}\n`);
}
for (const t of tallies) for (const f of t.failures) process.stderr.write(`FAIL ${f}\n`);
console.log(`${result.cases} cases in ${seconds.toFixed(0)} s: ${result.ran} ran with equal outputs on Node and in XS, ${result.cases - result.ran - result.untyped - result.mismatches - result.timeouts - result.crashes} equal typed errors; ${result.untyped} untyped errors, ${result.mismatches} mismatches, ${result.timeouts} timeouts, ${result.crashes} crashes`);
if (result.untyped + result.mismatches + result.timeouts + result.crashes > 0) process.exitCode = 1;
