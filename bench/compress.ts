/**
 * `tinyml compress` on the test models: file sizes, the arena, accuracy against the original model
 * (over the golden inputs) and the share of an inference the DECODE ops take, on Node (TypeScript
 * kernels) and inside tinyml-sim (native kernels). Writes bench/results/compress.json.
 *   npm run bench:compress
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureSim } from "../hosts/sim/build.mjs";
import { bundleForSim } from "../hosts/sim/bundle.mjs";
import { compressModel } from "../src/cli/compress_model";
import { int8Accuracy } from "../src/cli/int8_accuracy";
import { Interpreter } from "../src/interpreter/interpreter";
import { Model } from "../src/model/model";
import { fastestRun } from "./decode_timing";
import { tempDir } from "../test/helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const testdata = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
const manifest = JSON.parse(readFileSync(join(testdata, "golden", "manifest.json"), "utf8")) as { models: Record<string, { file: string; cases: { input: string; invocations: number }[] }> };
const CONFIGS = [
  { model: "hello_world_int8", bits: 4, perChannel: false },
  { model: "kws_ref_model", bits: 4, perChannel: false },
  { model: "kws_ref_model", bits: 3, perChannel: true },
  { model: "kws_ref_model", bits: 6, perChannel: false },
  { model: "person_detect", bits: 4, perChannel: false },
  { model: "person_detect", bits: 3, perChannel: true },
  { model: "person_detect", bits: 6, perChannel: false },
];

/** The fastest inference on Node with the TypeScript kernels, and the DECODE ops' time in it. */
function nodeTimes(bytes: Uint8Array, input: Uint8Array): { nodeMs: number; nodeDecodeMs: number } {
  const it = new Interpreter(Model.from(bytes), { kernels: "portable", profile: true });
  it.input(0).bytes.set(input.subarray(0, it.input(0).bytes.length));
  const { ms, decodeMs } = fastestRun(it, () => performance.now(), 3000, 200);
  return { nodeMs: ms, nodeDecodeMs: decodeMs };
}

/** int8 outputs of every single-invocation golden case. */
function outputs(bytes: Uint8Array, model: string): Int8Array[] {
  const it = new Interpreter(Model.from(bytes), { kernels: "portable" });
  return manifest.models[model]!.cases.filter((c) => c.invocations === 1).map((c) => {
    it.input(0).bytes.set(readFileSync(join(testdata, c.input)));
    it.invoke();
    return Int8Array.from(it.output(0).data as Int8Array);
  });
}

const binary = await ensureSim({ quiet: true });
const bundle = await bundleForSim("bench/sim/compress.sim.ts");
const tmp = tempDir("tinyml-bench-compress-");
const rows = [];
for (const { model, bits, perChannel } of CONFIGS) {
  const entry = manifest.models[model]!;
  const original = new Uint8Array(readFileSync(join(testdata, entry.file)));
  const r = compressModel(Model.from(original), { bits, perChannel });
  const input = new Uint8Array(readFileSync(join(testdata, entry.cases[0]!.input)));
  const files = { compressed: join(tmp, `${model}.c.tflite`), input: join(tmp, `${model}.in`) };
  writeFileSync(files.compressed, r.compressed);
  writeFileSync(files.input, input);
  const sim = JSON.parse(execFileSync(binary, [bundle, files.compressed, files.input], { encoding: "utf8" }).trim().split("\n").pop()!);
  const row = {
    model,
    bits,
    perChannel,
    tensors: r.tensors.length,
    originalBytes: original.length,
    compressedBytes: r.compressed.length,
    weightBytes: r.tensors.reduce((s, t) => s + t.originalBytes, 0),
    compressedWeightBytes: r.tensors.reduce((s, t) => s + t.storedBytes, 0),
    arenaBytes: Interpreter.plan(Model.from(original)).arenaBytes,
    compressedArenaBytes: Interpreter.plan(Model.from(r.compressed)).arenaBytes,
    ...int8Accuracy(outputs(original, model), outputs(r.compressed, model)),
    cases: entry.cases.filter((c) => c.invocations === 1).length,
    ...nodeTimes(r.compressed, input),
    ...sim,
  };
  rows.push(row);
  process.stderr.write(`${model} ${bits} bits${perChannel ? " per channel" : ""}: ${row.originalBytes} -> ${row.compressedBytes} B, SQNR ${row.sqnrDb?.toFixed(1)} dB, decode ${row.simDecodeMs.toFixed(3)} of ${row.simMs.toFixed(3)} ms in XS, ${row.nodeDecodeMs.toFixed(3)} of ${row.nodeMs.toFixed(3)} ms on Node\n`);
}
const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, os: `linux ${release()}`, node: process.version };
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "compress.json"), `${JSON.stringify({ command: "npm run bench:compress", date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
