/** `tinyml inspect --svg` (the arena over time, two layouts; per-op work) and `--board` (RAM and flash fit). */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { floatDenseModel, glorotLayers } from "../../src/cli/dense_model";
import { buildModel, TensorType } from "../../src/cli/tflite_writer";
import { ourLayout, tflmLayout } from "../../src/cli/inspect_layout";
import { Interpreter } from "../../src/interpreter/interpreter";
import { planIsValid } from "../../src/interpreter/planner";
import { Model } from "../../src/model/model";
import { rng } from "../../hosts/sim/random";
import { tinyml } from "../helpers/cli";
import { testdataDir, withTestdata } from "../helpers/testdata";
import { tempDir } from "../helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tmp = tempDir("tinyml-inspect-");

/** Both layouts place every planned buffer, none overlapping another alive at the same time; TFLM's keeps op state and variables after its head. */
function checkLayouts(t: import("ava").ExecutionContext, model: Model): { ours: number; tflm: number; buffers: number } {
  const plan = Interpreter.plan(model);
  const ours = ourLayout(model, plan), tflm = tflmLayout(model, plan);
  t.is(ours.arenaBytes, plan.arenaBytes);
  t.deepEqual(ours.buffers.map((b) => b.offset), plan.buffers.map((b) => b.offset));
  for (const layout of [ours, tflm]) {
    t.is(layout.buffers.length, plan.buffers.length);
    t.true(planIsValid(layout.buffers, { offsets: layout.buffers.map((b) => b.offset), arenaBytes: layout.arenaBytes }), layout.title);
  }
  // The head first, then the tail: op state and variable tensors.
  const tailCount = plan.buffers.filter((b) => b.kind === "persistent" || (b.kind === "tensor" && model.tensor(b.id).isVariable)).length;
  const head = tflm.buffers.slice(0, tflm.buffers.length - tailCount), tail = tflm.buffers.slice(head.length);
  t.true(head.every((b) => b.kind !== "persistent" && b.offset + b.size <= tflm.headBytes));
  t.true(tail.every((b) => b.offset >= tflm.headBytes));
  t.is(tflm.arenaBytes, tflm.headBytes + tflm.tailBytes);
  return { ours: ours.arenaBytes, tflm: tflm.arenaBytes, buffers: plan.buffers.length };
}

function svgShapes(svg: string): { buffers: number; bars: number } {
  return { buffers: (svg.match(/<title>[^<]*\((tensor|scratch|persistent)\):/g) ?? []).length, bars: (svg.match(/<title>op \d+ /g) ?? []).length };
}

test("inspect --svg charts both layouts of every planned buffer and each op's MACs and parameter bytes", async (t) => {
  const model = join(repo, "models", "motion", "motion.tflite");
  const svgPath = join(tmp, "motion.svg");
  const r = await tinyml(["inspect", model, "--svg", svgPath, "--json"]);
  t.is(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { arenaBytes: number; ops: unknown[] };
  const m = Model.from(readFileSync(model));
  const { buffers } = checkLayouts(t, m);
  const svg = readFileSync(svgPath, "utf8");
  t.regex(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  t.true(svg.trimEnd().endsWith("</svg>"));
  t.deepEqual(svgShapes(svg), { buffers: 2 * buffers, bars: 2 * report.ops.length });
  t.true(svg.includes(`one greedy plan of tensors, scratch and op state: ${report.arenaBytes.toLocaleString("en-US")} bytes`));
  const bad = await tinyml(["inspect", model, "--svg", join(tmp, "no", "such", "dir.svg")]);
  t.is(bad.code, 1);
  t.regex(bad.stderr, /cannot write the chart .*: the folder .* does not exist/);
});

withTestdata(test, "inspect layouts of the test models with scratch and op state (kws_ref_model, person_detect, the recurrent dtln)", (t) => {
  for (const name of ["kws_ref_model", "person_detect", "dtln_noise_suppression"]) {
    const figures = checkLayouts(t, Model.from(readFileSync(join(testdataDir, "models", `${name}.tflite`))));
    t.log(`${name}: our arena ${figures.ours} bytes, TFLM's layout of the same buffers ${figures.tflm} bytes`);
  }
});

interface Fit { ram: { bytes: number; limit: number; fits: boolean; parts: { what: string; bytes: number; source: string }[] }; flash: { bytes: number; limit: number; fits: boolean; parts: { what: string; bytes: number; source: string }[] }; fits: boolean; notCounted: string[] }

async function board(t: import("ava").ExecutionContext, model: string, id: string): Promise<Fit & { arenaBytes: number }> {
  const r = await tinyml(["inspect", model, "--board", id, "--json"]);
  t.is(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { arenaBytes: number; bytes: number; board: Fit };
  return { ...report.board, arenaBytes: report.arenaBytes };
}

withTestdata(test, "inspect --board: RAM is the arena plus the measured bytes beyond it, flash the model plus the measured code", async (t) => {
  const measured = JSON.parse(readFileSync(join(repo, "bench", "results", "memory-sim32.json"), "utf8")) as { rows: { model: string; kernels: string; bytesBeyondArena: number }[] };
  const beyond = measured.rows.find((r) => r.model === "kws_ref_model" && r.kernels === "auto")!.bytesBeyondArena;
  const codeBytes = (JSON.parse(readFileSync(join(repo, "bench", "results", "cortex-m.json"), "utf8")) as { code: { textBytesDsp: number } }).code.textBytesDsp;
  const model = join(testdataDir, "models", "kws_ref_model.tflite");
  for (const id of ["esp32", "nrf52840", "pico"]) {
    const f = await board(t, model, id);
    t.is(f.ram.bytes, f.arenaBytes + beyond);
    t.is(f.ram.parts[1]!.source, "bench/results/memory-sim32.json: measured for kws_ref_model (32-bit simulator, native kernels)");
    t.is(f.flash.parts[0]!.bytes, readFileSync(model).length);
    t.is(f.flash.parts[2]!.bytes, codeBytes);
    t.true(f.flash.parts[1]!.bytes > 0 && f.flash.parts[1]!.source.startsWith("hosts/README.md"));
    t.is(f.flash.bytes, f.flash.parts.reduce((s, p) => s + p.bytes, 0));
    t.true(f.fits, id);
    t.true(f.notCounted.some((s) => s.includes("XS engine")));
  }
  const text = await tinyml(["inspect", model, "--board", "pico"]);
  t.regex(text.stdout, /board pico: Raspberry Pi Pico \(RP2040\) .*\n {2}RAM: [\d,]+ of 270,336 bytes \([\d.]+%\): fits/);
});

test("inspect --board: a model whose weights outgrow a board's flash does not fit it; an unmeasured model's RAM is an estimate, said so", async (t) => {
  // 1000 x 300 float32 weights: 1.2 MB, over the nRF52840's 1 MB of flash, within the ESP32 module's 4 MB.
  const big = join(tmp, "big.tflite");
  writeFileSync(big, floatDenseModel({ layers: glorotLayers([1000, 300], rng(1)), inputName: "x", outputName: "y" }));
  const nrf = await board(t, big, "nrf52840");
  t.false(nrf.flash.fits);
  t.false(nrf.fits);
  t.true(nrf.flash.bytes > nrf.flash.limit);
  t.regex(nrf.ram.parts[1]!.what, /estimate/);
  t.regex(nrf.ram.parts[1]!.source, /not measured for this model; the largest measured figure/);
  t.true((await board(t, big, "esp32")).flash.fits);
  const text = await tinyml(["inspect", big, "--board", "nrf52840"]);
  t.regex(text.stdout, /flash: [\d,]+ of 1,048,576 bytes \([\d.]+%\): DOES NOT FIT/);
  // A model the runtime cannot plan (an op it does not have) gets no verdict.
  const custom = join(tmp, "custom.tflite");
  writeFileSync(custom, buildModel({ tensors: [{ shape: [1, 4], type: TensorType.FLOAT32 }, { shape: [1, 4], type: TensorType.FLOAT32 }], operators: [{ op: "CUSTOM:NoSuchOp", inputs: [0], outputs: [1] }], inputs: [0], outputs: [1] }));
  const unplanned = await tinyml(["inspect", custom, "--board", "pico"]);
  t.regex(unplanned.stdout, /board pico: cannot tell \(the model has no plan\)/);
  const r = await tinyml(["inspect", big, "--board", "arduino"]);
  t.is(r.code, 2);
  t.regex(r.stderr, /--board must be one of esp32, nrf52840, pico, not 'arduino'/);
});
