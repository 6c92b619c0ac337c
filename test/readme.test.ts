/**
 * The README stays true: its op list is the resolver's, it shows the two fresh-machine commands,
 * and its lifecycle figures are the ones bench/results/lifecycle.json holds (written by
 * bench/report.ts, never by hand); BENCHMARKS.md is what bench/report.ts makes of the results.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { allOps } from "../src/index";
import { FIGURES_END, FIGURES_START, lifecycleFigures } from "../bench/lifecycle_figures";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(repo, "README.md"), "utf8");

test("README lists exactly the ops the resolver has", (t) => {
  const section = readme.slice(readme.indexOf("## Supported ops"), readme.indexOf("Types:", readme.indexOf("## Supported ops")));
  const listed = new Set([...section.matchAll(/\b([A-Z][A-Z0-9_]{2,}|Signal[A-Za-z]+)\b/g)].map((m) => m[1]!).filter((w) => w !== "CUSTOM" && w !== "TFLM"));
  const ops = new Set(allOps.map((o) => o.name.replace(/^CUSTOM:/, "")));
  t.deepEqual([...listed].sort(), [...ops].sort());
});

test("README shows the install-and-demo and install-and-test commands", (t) => {
  t.regex(readme, /npm ci && npm start/);
  t.regex(readme, /npm ci && npm test/);
});

test("README's lifecycle figures are bench/results/lifecycle.json's, with no bricked device", (t) => {
  const results = JSON.parse(readFileSync(join(repo, "bench", "results", "lifecycle.json"), "utf8"));
  const block = readme.slice(readme.indexOf(FIGURES_START), readme.indexOf(FIGURES_END) + FIGURES_END.length);
  t.is(block, lifecycleFigures(results));
  t.is(results.bricked, 0);
  t.is(results.failures, 0);
  t.true(results.faultPoints > 1000);
});
