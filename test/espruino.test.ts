/**
 * The runtime inside Espruino (the binary named by $ESPRUINO: Espruino built for Linux,
 * hosts/espruino/README.md): golden cases byte-equal with TFLM, malformed models with the same typed
 * error as on Node. Skipped with a notice when $ESPRUINO is not set (CI does not build Espruino).
 * Espruino interprets the runtime from its source text: a kws_ref_model inference takes about two
 * CPU minutes, so its test runs the real sample and one random case (TINYML_ESPRUINO_ALL_CASES=1: all six).
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { Interpreter, Model } from "../src/index";
import { espruinoBinary, runOnEspruino } from "../src/cli/run_espruino";
import type { EspruinoJob } from "../src/cli/run_espruino";
import { runProcess, tinymlBin } from "./helpers/cli";
import { mutants } from "./helpers/mutations";
import { haveTestdata, manifest, testdataDir, testdataFile } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

const binary = espruinoBinary();
// One Espruino at a time: each takes a whole core for minutes.
const espruinoTest = binary === null || !haveTestdata ? test.skip : test.serial;
if (binary === null) console.log("NOTICE: $ESPRUINO is not set; the Espruino tests are skipped (build Espruino for Linux as hosts/espruino/README.md says and set ESPRUINO to its binary).");
else if (!haveTestdata) console.log(`NOTICE: test data not found at ${testdataDir}; the Espruino tests are skipped.`);

/** Every golden case of `name` in one Espruino run; asserts each output byte-equal. */
async function goldenInEspruino(t: import("ava").ExecutionContext, name: string, load: EspruinoJob["load"], only?: number[]): Promise<void> {
  t.timeout(90 * 60_000);
  const m = manifest().models[name]!;
  const cases = m.cases.filter((c) => only === undefined || only.includes(c.id));
  const r = await runOnEspruino({ model: join(testdataDir, m.file), runs: cases.map((c) => ({ inputs: [join(testdataDir, c.input)], invocations: c.invocations })), load, profile: false });
  t.is(r.error, null, JSON.stringify(r.error));
  cases.forEach((c, k) => t.deepEqual(Buffer.from(r.outputs[k]![0]!), testdataFile(c.output), `${name} case ${c.id}`));
  t.log(`${name}: ${cases.length} cases byte-equal (${load}), ${r.stats!.msPerInvoke.toFixed(0)} ms per inference, ${r.stats!.varsRuntime} + ${r.stats!.varsModel} variables`);
}

const ALL_CASES = process.env.TINYML_ESPRUINO_ALL_CASES === "1";
for (const name of ["hello_world_int8", "hello_world_float", "micro_speech_quantized", "kws_ref_model"]) {
  const only = name === "kws_ref_model" && !ALL_CASES ? [0, 5] : undefined;
  espruinoTest(`Espruino: ${name} golden cases byte-equal${only ? ` (cases ${only.join(", ")})` : ""}`, (t) => goldenInEspruino(t, name, "ram", only));
}

espruinoTest("Espruino: runtime and model read from Storage (flash)", (t) => goldenInEspruino(t, "hello_world_int8", "storage", [0, 5]));

/** The error Node raises loading `bytes`, or null when it loads. */
function nodeError(bytes: Uint8Array): { name: string; code?: string; message: string } | null {
  try {
    new Interpreter(Model.from(bytes), { kernels: "portable" });
    return null;
  } catch (e) {
    const err = e as { name: string; code?: string; message: string };
    return { name: err.name, code: err.code, message: err.message };
  }
}

espruinoTest("Espruino: malformed models give Node's typed error", async (t) => {
  const original = new Uint8Array(testdataFile(manifest().models["hello_world_int8"]!.file));
  const picked = [...mutants(original, 14, { cutsSpread: 4, flips: 12, words: 4, invokeFlips: 0, invokeWords: 0 })].filter((_, i) => i % 7 === 3);
  picked.push({ what: "not a model", bytes: new TextEncoder().encode("hello, Espruino"), invoke: false });
  const dir = tempDir("tinyml-espruino-malformed-");
  let errors = 0;
  try {
    for (const m of picked) {
      const file = join(dir, "model.tflite");
      writeFileSync(file, m.bytes);
      const onNode = nodeError(m.bytes);
      const r = await runOnEspruino({ model: file, runs: [], load: "ram", profile: false });
      t.deepEqual(r.error, onNode, m.what);
      if (onNode !== null) errors++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  t.true(errors >= picked.length / 2, `${errors} of ${picked.length} mutants fail to load on Node`);
});

espruinoTest("Espruino example: the sine model from Storage on a timer prints Node's results", async (t) => {
  const { ensureEspruinoBundles, bundleForEspruino } = await import("../hosts/espruino/bundle.mjs");
  const { runtime } = await ensureEspruinoBundles();
  const dir = tempDir("tinyml-espruino-example-");
  try {
    const example = await bundleForEspruino("hosts/espruino/example.ts", join(dir, "example.js"), undefined);
    // What a user does over the Web IDE: the three files into Storage, then the app run from there.
    const upload = (name: string, path: string) => `require("Storage").write(${JSON.stringify(name)}, require("fs").readFileSync(${JSON.stringify(path)}));`;
    writeFileSync(join(dir, "upload.js"), [upload("tinyml.js", runtime), upload("sine.tflite", join(process.cwd(), "models", "sine", "sine.tflite")), upload("example.js", example)].join("\n"));
    writeFileSync(join(dir, "boot.js"), `eval(require("Storage").read("tinyml.js"));\neval(require("Storage").read("example.js"));`);
    t.is((await runProcess(binary!, ["upload.js"], { cwd: dir })).code, 0);
    const r = await runProcess(binary!, ["boot.js"], { cwd: dir });
    const lines = r.stdout.split(/\r?\n/).map((l) => /x=([\d.]+) q=(-?\d+) model=/.exec(l)).filter((m) => m !== null);
    t.is(lines.length, 16, r.stdout);
    // The same inferences on Node.
    const it = new Interpreter(Model.from(readFileSync("models/sine/sine.tflite")), { kernels: "portable" });
    const input = it.input(0);
    lines.forEach((m, k) => {
      const x = (k / 16) * 2 * Math.PI;
      input.data[0] = Math.max(-128, Math.min(127, Math.round(x / input.scale) + input.zeroPoint));
      it.invoke();
      t.true(Math.abs(Number(m[1]) - x) < 0.0015, `x=${m[1]}, expected ${x}`);
      t.is(Number(m[2]), it.output(0).data[0], `x=${m[1]}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("tinyml run --host espruino without $ESPRUINO fails naming it", async (t) => {
  const env = { ...process.env };
  delete env.ESPRUINO;
  const dir = tempDir("tinyml-espruino-cli-");
  try {
    writeFileSync(join(dir, "in.bin"), new Uint8Array(1));
    const r = await runProcess(process.execPath, [tinymlBin, "run", "models/sine/sine.tflite", "--input", join(dir, "in.bin"), "--output", join(dir, "out.bin"), "--host", "espruino"], { env });
    t.is(r.code, 1, r.stderr);
    t.regex(r.stderr, /--host espruino needs \$ESPRUINO/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

espruinoTest("tinyml run --host espruino writes the golden output", async (t) => {
  const m = manifest().models["micro_speech_quantized"]!;
  const c = m.cases[5]!;
  const dir = tempDir("tinyml-espruino-cli-");
  try {
    const out = join(dir, "out.bin");
    const r = await runProcess(process.execPath, [tinymlBin, "run", join(testdataDir, m.file), "--input", join(testdataDir, c.input), "--output", out, "--host", "espruino", "--profile"]);
    t.is(r.code, 0, r.stderr);
    t.deepEqual(readFileSync(out), testdataFile(c.output));
    t.regex(r.stderr, /DEPTHWISE_CONV_2D/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
