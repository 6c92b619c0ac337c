/**
 * A 16x8 model end to end (test/helpers/model_16x8.ts: QUANTIZE, CONV_2D, DEPTHWISE_CONV_2D,
 * TRANSPOSE_CONV, PAD, STRIDED_SLICE, CONCATENATION, MEAN, RESHAPE, FULLY_CONNECTED, SOFTMAX,
 * DEQUANTIZE with int16 activations): on Node with the TypeScript kernels, in the XS simulator with
 * the native C kernels and on the Cortex-M4 image with the Arm DSP paths, the outputs byte for byte
 * the same over several inputs; every op's arithmetic is checked against TFLM's in test/ops.
 */
import test from "ava";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { imageToolsMissing } from "../hosts/cortex-m/qemu/xs/runner";
import { Interpreter, Model } from "../src/index";
import { tinyml } from "./helpers/cli";
import { model16x8 } from "./helpers/model_16x8";
import { rng } from "./helpers/random";
import { inCI } from "./helpers/testdata";
import { tempDir } from "./helpers/temp_dir";

const INPUTS = 6;
const bytes = model16x8();
const r = rng(77);
const inputs = Float32Array.from({ length: INPUTS * 128 }, () => r() * 2 - 1);

/** The outputs of every input on Node, with the given kernels. */
function onNode(kernels: "portable" | "auto"): Buffer {
  const it = new Interpreter(Model.from(bytes), { kernels });
  const out: Buffer[] = [];
  for (let i = 0; i < INPUTS; i++) {
    (it.input(0).data as Float32Array).set(inputs.subarray(128 * i, 128 * (i + 1)));
    it.invoke();
    out.push(Buffer.from(it.output(0).bytes));
  }
  return Buffer.concat(out);
}

async function onHost(host: "sim" | "cortex-m4"): Promise<{ code: number; stderr: string; out: Buffer }> {
  const dir = tempDir("tinyml-16x8-");
  try {
    writeFileSync(join(dir, "m.tflite"), bytes);
    writeFileSync(join(dir, "in.bin"), new Uint8Array(inputs.buffer));
    const res = await tinyml(["run", join(dir, "m.tflite"), "--host", host, "--input", join(dir, "in.bin"), "--output", join(dir, "out.bin"), "--invocations", String(INPUTS)]);
    return { code: res.code, stderr: res.stderr, out: res.code === 0 ? readFileSync(join(dir, "out.bin")) : Buffer.alloc(0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const want = onNode("portable");

test("the 16x8 model runs on Node: a probability distribution per input, not all alike", (t) => {
  const p = new Float32Array(want.buffer, want.byteOffset, want.byteLength / 4);
  for (let i = 0; i < INPUTS; i++) {
    const row = Array.from(p.subarray(5 * i, 5 * i + 5));
    t.true(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 0.01 && row.every((v) => v >= 0), `input ${i}: ${row}`);
  }
  t.true(new Set(Array.from(p, (v) => v.toFixed(4))).size > 10, "the outputs depend on the inputs");
  t.deepEqual(onNode("auto"), want);
});

test("the 16x8 model in the XS simulator (native C kernels): byte-equal with Node", async (t) => {
  t.timeout(20 * 60_000, "building the simulator takes a while the first time");
  const r = await onHost("sim");
  t.is(r.code, 0, r.stderr.slice(0, 2000));
  t.deepEqual(r.out, want);
});

const missing = imageToolsMissing();
if (missing !== null && !inCI) console.log(`NOTICE: the 16x8 model on the Cortex-M4 image is skipped: ${missing}.`);
(missing === null || inCI ? test.serial : test.serial.skip)("the 16x8 model on the Cortex-M4 image (Arm DSP paths): byte-equal with Node", async (t) => {
  if (missing !== null) return t.fail(`CI=true but ${missing}`);
  t.timeout(10 * 60_000);
  const r = await onHost("cortex-m4");
  t.is(r.code, 0, r.stderr.slice(0, 2000));
  t.deepEqual(r.out, want);
});
