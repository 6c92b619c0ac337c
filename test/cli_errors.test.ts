/**
 * Every `tinyml` subcommand but compile (test/compiled_plan.test.ts has its own) on bad input:
 * missing, unreadable, truncated and non-.tflite files, wrong-size raw inputs, bad flag values,
 * outputs in a missing folder. Each prints exactly one line naming the problem, exits 1 (2 for
 * usage errors) with no stack trace, and with --json writes `{"error": {code, message, exitCode}}`
 * on stdout. Long work reports progress on stderr, leaving --json's stdout pure JSON. Runs the CLI
 * as a user does (bin/tinyml.js), on the repository's own models: no test data needed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import test, { type ExecutionContext } from "ava";
import { anomalousFrames, BANDS, SEEDS } from "../models/anomaly/data";
import { buildModel, BuiltinOperator, TensorType } from "../src/cli/tflite_writer";
import { tinyml } from "./helpers/cli";
import { tempDir } from "./helpers/temp_dir";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const tmp = tempDir("tinyml-errors-");
const at = (name: string) => join(tmp, name);
const FLOAT = join(repo, "models", "anomaly", "anomaly_float.tflite");
const INT8 = join(repo, "models", "anomaly", "anomaly_int8.tflite");
const MISSING_DIR = at("no/such/folder");

// The files the cases read: a model cut short, text, an empty file, and raw float32 inputs of 32 values (the anomaly model's).
writeFileSync(at("truncated.tflite"), readFileSync(FLOAT).subarray(0, 3000));
writeFileSync(at("text.tflite"), "this is not a model at all\n");
writeFileSync(at("empty.tflite"), new Uint8Array(0));
const frames = anomalousFrames(64, SEEDS.heldOutAnomalous);
writeFileSync(at("one.bin"), frames.subarray(0, BANDS));
writeFileSync(at("many.bin"), frames);
writeFileSync(at("33.bin"), new Float32Array(33)); // not a whole number of 32-value inputs
writeFileSync(at("3.bin"), Uint8Array.of(1, 2, 3)); // not even whole float32 values
writeFileSync(at("secret.key"), "not a key\n");

const STACK = /\n\s+at |Uncaught|\.ts:\d+|\.js:\d+/;

interface Case {
  args: string[];
  /** Exit code: 2 for usage errors, else 1. */
  exit: 1 | 2;
  /** What the one stderr line says. */
  message: RegExp;
  /** The JSON error object's code, for commands that take --json (they run with it). */
  json?: string;
}

const CASES: Case[] = [
  // run
  { args: ["run", at("nope.tflite"), "--input", at("one.bin"), "--output", at("o.bin")], exit: 1, message: /cannot read model '.*nope\.tflite': ENOENT/ },
  { args: ["run", tmp, "--input", at("one.bin"), "--output", at("o.bin")], exit: 1, message: /cannot read model '.*': EISDIR/ },
  { args: ["run", at("truncated.tflite"), "--input", at("one.bin"), "--output", at("o.bin")], exit: 1, message: /truncated\.tflite: TRUNCATED: / },
  { args: ["run", at("text.tflite"), "--input", at("one.bin"), "--output", at("o.bin")], exit: 1, message: /text\.tflite: not a \.tflite model \(no 'TFL3' file identifier\)/ },
  { args: ["run", at("empty.tflite"), "--input", at("one.bin"), "--output", at("o.bin")], exit: 1, message: /empty\.tflite: not a \.tflite model \(0 bytes\)/ },
  { args: ["run", FLOAT, "--input", at("33.bin"), "--output", at("o.bin")], exit: 1, message: /input 0 '.*33\.bin' has 132 bytes; the tensor float32\[1,32\] takes 128 bytes$/ },
  { args: ["run", FLOAT, "--input", at("33.bin"), "--output", at("o.bin"), "--invocations", "2"], exit: 1, message: /has 132 bytes; .* takes 128 bytes x 2 invocations = 256/ },
  { args: ["run", FLOAT, "--input", at("nope.bin"), "--output", at("o.bin")], exit: 1, message: /cannot read input 0 '.*nope\.bin': ENOENT/ },
  { args: ["run", FLOAT, "--input", at("one.bin"), "--output", join(MISSING_DIR, "o.bin")], exit: 1, message: /cannot write output 0 '.*o\.bin': the folder '.*no\/such\/folder' does not exist/ },
  { args: ["run", FLOAT, "--input", at("one.bin"), "--output", at("o.bin"), "--invocations", "x"], exit: 2, message: /--invocations must be a positive integer, not 'x'/ },
  { args: ["run", FLOAT, "--input", at("one.bin"), "--output", at("o.bin"), "--host", "unknown"], exit: 2, message: /--host must be node, sim, cortex-m4, lua or espruino, not 'unknown'/ },
  { args: ["run", FLOAT, "--input", at("one.bin"), "--output", at("o.bin"), "--kernels", "fast"], exit: 2, message: /--kernels must be one of auto, native, portable, not 'fast'/ },
  { args: ["run", FLOAT, "--input", at("one.bin"), "--output", at("o.bin"), "--json"], exit: 2, message: /Unknown option '--json'(?!\. To specify)/, json: "USAGE" },
  // inspect
  { args: ["inspect", at("nope.tflite"), "--json"], exit: 1, message: /cannot read model '.*nope\.tflite': ENOENT/, json: "CANNOT_READ" },
  { args: ["inspect", at("truncated.tflite"), "--json"], exit: 1, message: /truncated\.tflite: TRUNCATED: /, json: "TRUNCATED" },
  { args: ["inspect", at("text.tflite"), "--json"], exit: 1, message: /not a \.tflite model/, json: "TRUNCATED" },
  { args: ["inspect", FLOAT, "--board", "unknown", "--json"], exit: 2, message: /--board must be one of esp32, nrf52840, pico, not 'unknown'/, json: "USAGE" },
  { args: ["inspect", FLOAT, "--svg", join(MISSING_DIR, "chart.svg"), "--json"], exit: 1, message: /cannot write the chart '.*chart\.svg': the folder .* does not exist/, json: "CANNOT_WRITE" },
  { args: ["inspect", "--json"], exit: 2, message: /inspect takes one MODEL/, json: "USAGE" },
  // quantize
  { args: ["quantize", FLOAT, "--calibration", at("33.bin"), "--out", at("q.tflite"), "--json"], exit: 1, message: /calibration set 0 holds 33 float32 values, not a whole number of 32-value inputs/, json: "BAD_ARGUMENT" },
  { args: ["quantize", FLOAT, "--calibration", at("3.bin"), "--out", at("q.tflite"), "--json"], exit: 1, message: /calibration set 0 '.*3\.bin' has 3 bytes, not a whole number of float32 values/, json: "FAILED" },
  { args: ["quantize", FLOAT, "--calibration", at("nope.bin"), "--out", at("q.tflite"), "--json"], exit: 1, message: /cannot read calibration set 0 '.*nope\.bin': ENOENT/, json: "CANNOT_READ" },
  // The folder is checked before calibrating: no progress printed, no work lost.
  { args: ["quantize", FLOAT, "--calibration", at("many.bin"), "--out", join(MISSING_DIR, "q.tflite"), "--json"], exit: 1, message: /cannot write the quantized model '.*q\.tflite': the folder .* does not exist/, json: "CANNOT_WRITE" },
  { args: ["quantize", INT8, "--calibration", at("one.bin"), "--out", at("q.tflite"), "--json"], exit: 1, message: /BAD_TYPE: input 'spectrum' is int8, not float32: quantize takes a float32 model/, json: "BAD_TYPE" },
  { args: ["quantize", at("truncated.tflite"), "--calibration", at("one.bin"), "--out", at("q.tflite"), "--json"], exit: 1, message: /truncated\.tflite: TRUNCATED: /, json: "TRUNCATED" },
  { args: ["quantize", FLOAT, "--out", at("q.tflite"), "--json"], exit: 2, message: /quantize needs --calibration INPUTS\.bin/, json: "USAGE" },
  // compare
  { args: ["compare", FLOAT, at("text.tflite"), "--inputs", at("one.bin"), "--json"], exit: 1, message: /text\.tflite: not a \.tflite model/, json: "TRUNCATED" },
  { args: ["compare", FLOAT, INT8, "--inputs", at("33.bin"), "--json"], exit: 1, message: /input file 0 has 132 bytes, not a whole number of 128-byte float32\[1,32\] inputs/, json: "BAD_ARGUMENT" },
  { args: ["compare", FLOAT, INT8, "--inputs", at("nope.bin"), "--json"], exit: 1, message: /cannot read input file 0 '.*nope\.bin': ENOENT/, json: "CANNOT_READ" },
  { args: ["compare", FLOAT, "--inputs", at("one.bin"), "--json"], exit: 2, message: /compare takes two models/, json: "USAGE" },
  // prune
  { args: ["prune", FLOAT, "--sparsity", "1.5", "--out", at("p.tflite"), "--json"], exit: 2, message: /--sparsity must be a number in \[0, 1\], not '1\.5'/, json: "USAGE" },
  { args: ["prune", FLOAT, "--sparsity", "x", "--out", at("p.tflite"), "--json"], exit: 2, message: /--sparsity must be a number in \[0, 1\], not 'x'/, json: "USAGE" },
  { args: ["prune", FLOAT, "--sparsity", "0.5", "--out", join(MISSING_DIR, "p.tflite"), "--json"], exit: 1, message: /cannot write the pruned model .*does not exist/, json: "CANNOT_WRITE" },
  { args: ["prune", at("truncated.tflite"), "--sparsity", "0.5", "--out", at("p.tflite"), "--json"], exit: 1, message: /truncated\.tflite: TRUNCATED: /, json: "TRUNCATED" },
  // compress
  { args: ["compress", FLOAT, "--bits", "1", "--out", at("c.tflite"), "--json"], exit: 2, message: /--bits must be an integer 2\.\.8, not '1'/, json: "USAGE" },
  { args: ["compress", FLOAT, "--bits", "x", "--out", at("c.tflite"), "--json"], exit: 2, message: /--bits must be an integer 2\.\.8, not 'x'/, json: "USAGE" },
  { args: ["compress", FLOAT, "--bits", "9", "--out", at("c.tflite"), "--json"], exit: 2, message: /--bits must be an integer 2\.\.8, not '9'/, json: "USAGE" },
  { args: ["compress", FLOAT, "--bits", "4", "--out", join(MISSING_DIR, "c.tflite"), "--json"], exit: 1, message: /cannot write the compressed model .*does not exist/, json: "CANNOT_WRITE" },
  { args: ["compress", FLOAT, "--bits", "4", "--out", at("c.tflite"), "--binned", join(MISSING_DIR, "b.tflite"), "--json"], exit: 1, message: /cannot write the binned model .*does not exist/, json: "CANNOT_WRITE" },
  { args: ["compress", at("truncated.tflite"), "--bits", "4", "--out", at("c.tflite"), "--json"], exit: 1, message: /truncated\.tflite: TRUNCATED: /, json: "TRUNCATED" },
  { args: ["compress", INT8, "--bits", "8", "--out", at("c.tflite"), "--json"], exit: 1, message: /8-bit indices do not make int8 weights smaller .* --bits 2\.\.7/, json: "INT8_AT_8_BITS" },
  // keygen, pack, verify
  { args: ["keygen", "--out", join(MISSING_DIR, "k")], exit: 1, message: /cannot write the key files: ENOENT/ },
  { args: ["pack", at("text.tflite"), "--key", at("secret.key"), "--version", "1", "--out", at("u.bin")], exit: 1, message: /text\.tflite: not a \.tflite model/ },
  { args: ["pack", FLOAT, "--key", at("nope.key"), "--version", "1", "--out", at("u.bin")], exit: 1, message: /cannot read secret key '.*nope\.key': ENOENT/ },
  { args: ["pack", FLOAT, "--key", at("secret.key"), "--version", "x", "--out", at("u.bin")], exit: 2, message: /--version must be an integer from 0 to 4294967295, not 'x'/ },
  { args: ["verify", at("nope.bin"), "--pub", at("k.pub")], exit: 1, message: /cannot read update '.*nope\.bin': ENOENT/ },
  { args: ["verify", at("one.bin"), "--pub", at("k.pub"), "--max-arena", "lots"], exit: 2, message: /--max-arena must be a byte count, not 'lots'/ },
  // the command itself
  { args: ["frobnicate", "--json"], exit: 2, message: /unknown command 'frobnicate'/, json: "USAGE" },
  { args: [], exit: 2, message: /no command given/ },
];

/** Exactly one line on stderr, `tinyml: ...` matching `message`, with no stack trace. */
function oneLine(t: ExecutionContext, stderr: string, message: RegExp): void {
  t.notRegex(stderr, STACK);
  const lines = stderr.trimEnd().split("\n");
  t.is(lines.length, 1, stderr);
  t.regex(lines[0]!, /^tinyml: /);
  t.regex(lines[0]!.replace(/ \(tinyml help shows the usage\)$/, ""), message);
}

for (const c of CASES) {
  test(`tinyml ${c.args.map((a) => a.replace(tmp, "TMP").replace(repo, "REPO")).join(" ") || "(nothing)"}: exit ${c.exit}, one line`, async (t) => {
    const r = await tinyml(c.args);
    t.is(r.code, c.exit, r.stderr);
    oneLine(t, r.stderr, c.message);
    if (c.exit === 2) t.regex(r.stderr, /\(tinyml help shows the usage\)\n$/);
    if (c.json === undefined) {
      t.is(r.stdout, "");
      return;
    }
    const { error } = JSON.parse(r.stdout) as { error: { code: string; message: string; exitCode: number } };
    t.deepEqual(error, { code: c.json, message: r.stderr.trimEnd().replace(/^tinyml: /, "").replace(/ \(tinyml help shows the usage\)$/, ""), exitCode: c.exit });
  });
}

test("tinyml inspect --json on a model it cannot plan: the report, its error object in it, exit 1", async (t) => {
  // A fully connected layer whose weights do not fit its input: the plan fails with BAD_SHAPE.
  const path = at("bad_shape.tflite");
  writeFileSync(path, buildModel({
    tensors: [{ shape: [1, 3], type: TensorType.FLOAT32 }, { shape: [1, 2], type: TensorType.FLOAT32, data: new Float32Array([1, 2]) }, { shape: [1, 1], type: TensorType.FLOAT32 }],
    operators: [{ op: BuiltinOperator.FULLY_CONNECTED, inputs: [0, 1], outputs: [2] }],
    inputs: [0],
    outputs: [2],
  }));
  const r = await tinyml(["inspect", path, "--json"]);
  t.is(r.code, 1, r.stderr);
  oneLine(t, r.stderr, /BAD_SHAPE: /);
  const report = JSON.parse(r.stdout);
  t.is(report.arenaBytes, null);
  t.is(report.ops.length, 1);
  t.deepEqual(report.error, { code: "BAD_SHAPE", message: r.stderr.trimEnd().replace(/^tinyml: /, ""), exitCode: 1 });
});

test("long work reports progress on stderr; with --json stdout is one JSON document", async (t) => {
  const quantized = at("progress_q.tflite");
  const q = await tinyml(["quantize", FLOAT, "--calibration", at("many.bin"), "--out", quantized, "--json"]);
  t.is(q.code, 0, q.stderr);
  t.is(JSON.parse(q.stdout).calibrationInputs, 64);
  t.regex(q.stderr, /^quantize: calibration inputs: 64\/64$/m);
  const c = await tinyml(["compare", FLOAT, quantized, "--inputs", at("many.bin"), "--json"]);
  t.is(c.code, 0, c.stderr);
  t.is(JSON.parse(c.stdout).inputs, 64);
  t.regex(c.stderr, /^compare: inputs: 64\/64$/m);
  const z = await tinyml(["compress", FLOAT, "--bits", "4", "--out", at("progress_c.tflite"), "--json"]);
  t.is(z.code, 0, z.stderr);
  t.true(JSON.parse(z.stdout).tensors.length > 0);
  t.regex(z.stderr, /^compress: clustering weight tensors: 4\/4$/m);
});
