/**
 * Golden cases on the Cortex-M4 XS image, batched: the cases of a model run as the invocations of
 * one interpreter (one QEMU run per model), their inputs concatenated, each output slice compared
 * with TFLM's bytes. A stateful model's single-invocation cases run with the op state cleared
 * before each invocation; a case of several invocations runs alone. The models of golden/ and
 * golden-recurrent/ (the recurrent ones, stateful). Used by the tests and the bench.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runOnImage } from "../../hosts/cortex-m/qemu/xs/runner";
import type { ImageJob, ImageRun } from "../../hosts/cortex-m/qemu/xs/runner";
import { type GoldenModel, RECURRENT_MODELS, manifest, recurrentManifest, testdataDir } from "./testdata";
import { tempDir } from "./temp_dir";

/** The models whose op state carries from one invocation to the next (TFLM ran each golden case from a fresh state). */
const STATEFUL = new Set(["audio_preprocessor_int8", ...RECURRENT_MODELS]);

/** A model of either manifest. */
function goldenModel(name: string): GoldenModel {
  const model = manifest().models[name] ?? recurrentManifest().models[name];
  if (model === undefined) throw new Error(`no golden model ${name}`);
  return model;
}

export interface GoldenBatch {
  /** Case ids run, in order. */
  cases: number[];
  /** Case ids whose every output byte equals TFLM's. */
  equal: number[];
  run: ImageRun;
}

/** The batches of a model: its single-invocation cases together, then each multi-invocation case alone. */
export function goldenBatches(name: string): { cases: number[]; invocations: number }[] {
  const model = goldenModel(name);
  const single = model.cases.filter((c) => c.invocations === 1).map((c) => c.id);
  const batches = single.length ? [{ cases: single, invocations: single.length }] : [];
  for (const c of model.cases) if (c.invocations > 1) batches.push({ cases: [c.id], invocations: c.invocations });
  return batches;
}

/** Runs one batch of a model's golden cases on the image; `extra` adds job options (counting, plugin). */
export async function runGoldenBatch(name: string, batch: { cases: number[]; invocations: number }, extra: Partial<ImageJob> = {}): Promise<GoldenBatch> {
  const model = goldenModel(name);
  const byId = new Map(model.cases.map((c) => [c.id, c]));
  const dir = tempDir("tinyml-m4-golden-");
  try {
    // every golden model has one input and one output: the case files hold their bytes
    if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Error(`${name}: batching needs one input and one output`);
    const inputs = [join(dir, "in.bin")];
    writeFileSync(inputs[0]!, Buffer.concat(batch.cases.map((id) => readFileSync(join(testdataDir, byId.get(id)!.input)))));
    const outputs = [join(dir, "out.bin")];
    const run = await runOnImage({
      model: join(testdataDir, model.file),
      inputs,
      outputs,
      invocations: batch.invocations,
      resetEachInvocation: batch.cases.length > 1 && STATEFUL.has(name),
      ...extra,
    });
    const equal: number[] = [];
    if (run.code === 0) {
      const got = readFileSync(outputs[0]!);
      let offset = 0;
      for (const id of batch.cases) {
        const want = readFileSync(join(testdataDir, byId.get(id)!.output));
        if (got.subarray(offset, offset + want.length).equals(want)) equal.push(id);
        offset += want.length;
      }
    }
    return { cases: batch.cases, equal, run };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
