/**
 * Which models the differential fuzzer mutates, and how many cases each: the repo's own models
 * and, where present, every model of the shared test data. The two large image models get a
 * smaller share (each of their loaded mutants is invoked, at ~100x the cost of the others).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FuzzModel } from "./differential";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const LARGE = new Set(["person_detect", "vww_96_int8"]);
/** Share of a large model's cases relative to a small one's (default). */
const LARGE_SHARE = 0.4;

export function fuzzModels(testdataDir: string, totalCases: number, largeShare = LARGE_SHARE): FuzzModel[] {
  const paths: [string, string][] = [["sine", join(repo, "models", "sine", "sine.tflite")], ["motion", join(repo, "models", "motion", "motion.tflite")]];
  for (const name of ["hello_world_int8", "hello_world_float", "micro_speech_quantized", "kws_ref_model", "audio_preprocessor_int8", "person_detect", "vww_96_int8"]) {
    const path = join(testdataDir, "models", `${name}.tflite`);
    if (existsSync(path)) paths.push([name, path]);
  }
  const weight = (name: string) => (LARGE.has(name) ? largeShare : 1);
  const unit = totalCases / paths.reduce((w, [name]) => w + weight(name), 0);
  return paths.map(([name, path]) => ({ name, path, cases: Math.ceil(unit * weight(name)) }));
}
