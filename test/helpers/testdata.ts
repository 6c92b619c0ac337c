/**
 * Finds ../shared/testdata (or $TINYML_TESTDATA). Where it is absent, tests that need it skip with
 * a printed notice, except under CI=true, where its absence fails the run.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExecutionContext, TestFn } from "ava";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const testdataDir = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
export const haveTestdata = existsSync(join(testdataDir, "golden", "manifest.json"));
export const inCI = process.env.CI === "true";

export interface GoldenCase {
  id: number;
  kind: string;
  input: string;
  output: string;
  invocations: number;
}
export interface GoldenModel {
  file: string;
  arena_used_bytes: number;
  inputs: { shape: number[]; dtype: string; bytes: number }[];
  outputs: { shape: number[]; dtype: string; bytes: number }[];
  ops: { op: string; version: number; count: number }[];
  cases: GoldenCase[];
}
export interface Manifest {
  models: Record<string, GoldenModel>;
}

export function manifest(): Manifest {
  return JSON.parse(readFileSync(join(testdataDir, "golden", "manifest.json"), "utf8")) as Manifest;
}

/** The recurrent models' golden outputs (golden-recurrent/manifest.json: the same layout, paths from the test data root). */
export function recurrentManifest(): Manifest {
  return JSON.parse(readFileSync(join(testdataDir, "golden-recurrent", "manifest.json"), "utf8")) as Manifest;
}

export function testdataFile(rel: string): Buffer {
  return readFileSync(join(testdataDir, rel));
}

/** The classifier models of the test data. */
export const CORE_MODELS = ["hello_world_int8", "hello_world_float", "micro_speech_quantized", "person_detect", "kws_ref_model", "vww_96_int8"];
/** Every model of the test data: the classifiers and the stateful audio preprocessor (its case 7 is 49 invocations). */
export const ALL_MODELS = [...CORE_MODELS, "audio_preprocessor_int8"];

/** The recurrent models of golden-recurrent/ that tinyml-xs runs. */
export const RECURRENT_MODELS = ["keyword_scrambled_8bit", "dtln_noise_suppression"];

let noticed = false;
/**
 * Registers `title` as a test that needs the shared test data: skipped with a notice when the data
 * is absent, failing under CI=true.
 */
export function withTestdata(test: TestFn, title: string, fn: (t: ExecutionContext) => void | Promise<void>): void {
  if (haveTestdata) {
    test(title, fn);
  } else if (inCI) {
    test(title, (t) => t.fail(`CI=true but the test data is missing at ${testdataDir} (set TINYML_TESTDATA)`));
  } else {
    if (!noticed) console.log(`NOTICE: test data not found at ${testdataDir}; tests that need it are skipped (set TINYML_TESTDATA to run them).`);
    noticed = true;
    test.skip(title, fn);
  }
}
