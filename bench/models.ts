/**
 * Per model: arena bytes beside TFLM's, MACs, and the median time per inference with the portable
 * TypeScript kernels on Node. Prints a table and writes bench/results/models-node.json.
 *
 *   npm run bench            (needs ../shared/testdata, or TINYML_TESTDATA)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Interpreter, Model } from "../src/index";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const testdata = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
const MODELS = ["hello_world_int8", "hello_world_float", "micro_speech_quantized", "kws_ref_model", "person_detect", "vww_96_int8"];

interface Row {
  model: string;
  arenaBytes: number;
  tflmArenaBytes: number;
  macs: number;
  nodeMsMedian: number;
  runs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const manifest = JSON.parse(readFileSync(join(testdata, "golden", "manifest.json"), "utf8"));
const rows: Row[] = [];
for (const name of MODELS) {
  const m = manifest.models[name];
  const it = new Interpreter(Model.from(readFileSync(join(testdata, m.file))));
  it.input(0).bytes.set(readFileSync(join(testdata, m.cases[0].input)));
  for (let i = 0; i < 3; i++) it.invoke(); // warm up the JIT
  const times: number[] = [];
  const budget = performance.now() + 3000;
  while (times.length < 5 || (performance.now() < budget && times.length < 200)) {
    const t0 = performance.now();
    it.invoke();
    times.push(performance.now() - t0);
  }
  const row = { model: name, arenaBytes: it.arenaBytes, tflmArenaBytes: m.arena_used_bytes, macs: it.plan.macs, nodeMsMedian: median(times), runs: times.length };
  rows.push(row);
  process.stderr.write(`${name}: ${row.nodeMsMedian.toFixed(3)} ms\n`);
}

const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, os: `linux ${release()}`, node: process.version };
console.log(`| model | arena bytes (tinyml-xs) | arena bytes (TFLM) | MACs | TS on Node, ms/inference (median) |`);
console.log(`|---|---:|---:|---:|---:|`);
for (const r of rows) console.log(`| ${r.model} | ${r.arenaBytes} | ${r.tflmArenaBytes} | ${r.macs} | ${r.nodeMsMedian.toFixed(3)} |`);
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "models-node.json"), `${JSON.stringify({ command: "npm run bench", date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
