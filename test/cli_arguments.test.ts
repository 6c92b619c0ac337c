/**
 * Bad command lines and demo settings: each failure is one line naming the problem, exit 1 or 2,
 * never a stack trace (from Node or from XS) and never a setting silently accepted.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { npmStart, tinyml } from "./helpers/cli";
import { BuiltinOperator, singleOpModel, TensorType } from "./helpers/model_builder";
import { repo } from "./lifecycle/helpers";
import { tempDir } from "./helpers/temp_dir";

const STACK = /\n\s+at |Uncaught|Error: .*\n.*\(.*:\d+\)/;

/** Exactly one line on stderr, matching `message`, with no stack. */
function oneLine(t: import("ava").ExecutionContext, stderr: string, message: RegExp): void {
  t.notRegex(stderr, STACK);
  t.is(stderr.trimEnd().split("\n").length, 1, stderr);
  t.regex(stderr, message);
}

for (const [args, message] of [
  [["chip=foo"], /^npm start: chip=foo: expected lis3dh or mpu6050 or none$/m],
  [["seconds=abc"], /^npm start: seconds=abc: expected a number > 0$/m],
  [["windows=abc"], /^npm start: windows=abc: expected an integer from 0 up$/m],
  [["foo=bar"], /^npm start: unknown setting foo= \(this demo takes: resources, chip, /m],
  [["script=flying:3"], /^npm start: script=flying:3: expected ACTIVITY:SECONDS/m],
  [["--kws", "speed=0"], /^npm start: speed=0: expected a number > 0 or max$/m],
  [["--sine", "chip=lis3dh"], /^npm start: this demo takes no settings \(got chip=\)$/m],
  [["--update", "updateAt=-1"], /^npm start: updateAt=-1: expected a number >= 0$/m],
] as const) {
  test(`npm start -- ${args.join(" ")}: exit 2, one line`, async (t) => {
    const r = await npmStart([...args]);
    t.is(r.code, 2, r.stderr);
    oneLine(t, r.stderr, message);
  });
}

test("tinyml run --output into a missing directory: one line, exit 1, on Node and in the simulator", async (t) => {
  const dir = tempDir("tinyml-args-");
  writeFileSync(join(dir, "in.bin"), Uint8Array.of(16));
  const model = join(repo, "models", "sine", "sine.tflite");
  for (const host of ["node", "sim"]) {
    const r = await tinyml(["run", model, "--input", join(dir, "in.bin"), "--output", "/nonexistent/dir/o.bin", "--host", host]);
    t.is(r.code, 1, `${host}: ${r.stderr}`);
    oneLine(t, r.stderr, /^tinyml: .*cannot write output 0 '\/nonexistent\/dir\/o\.bin'/);
  }
  const missing = await tinyml(["run", model, "--input", join(dir, "none.bin"), "--output", join(dir, "o.bin"), "--host", "sim"]);
  t.is(missing.code, 1);
  oneLine(t, missing.stderr, /^tinyml: cannot read input 0 /);
});

test("tinyml run on a model whose arena passes the default limit: TOO_LARGE in one line, nothing allocated", async (t) => {
  const dir = tempDir("tinyml-args-");
  const big = [1, 1 << 28]; // 1 GiB of float32 in and out
  writeFileSync(join(dir, "big.tflite"), singleOpModel([{ shape: big, type: TensorType.FLOAT32 }, { shape: big, type: TensorType.FLOAT32 }], { op: BuiltinOperator.RELU, inputs: [0], outputs: [1] }));
  writeFileSync(join(dir, "in.bin"), new Uint8Array(4));
  for (const host of ["node", "sim"]) {
    const r = await tinyml(["run", join(dir, "big.tflite"), "--input", join(dir, "in.bin"), "--output", join(dir, "o.bin"), "--host", host]);
    t.is(r.code, 1, r.stderr);
    oneLine(t, r.stderr, /^tinyml: .*big\.tflite: TOO_LARGE: the model needs a \d+-byte arena; the limit is 67108864/);
  }
});
