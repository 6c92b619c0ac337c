/**
 * The in-simulator side of sim tests: checks print one line each, which the ava side
 * (test/helpers/sim.ts) turns into assertions. Runs on XS: no Node API.
 */
import { print, sim, text } from "../../hosts/sim/globals";

let passed = 0;
let failed = 0;

/** Records one check: `CHECK ok|fail <name> <detail>`. */
export function check(name: string, ok: boolean, detail = ""): void {
  if (ok) passed++;
  else failed++;
  print(`CHECK ${ok ? "ok" : "fail"} ${name}${detail === "" ? "" : ` ${detail}`}`);
}

/** Runs fn as one check; an exception fails it with the error's text. */
export function attempt(name: string, fn: () => boolean | string): void {
  try {
    const r = fn();
    check(name, r === true, typeof r === "string" ? r : "");
  } catch (e) {
    check(name, false, `threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
}

/** Ends the run: `SUMMARY passed P failed F`, exit status 0 or 1. */
export function finish(): void {
  print(`SUMMARY passed ${passed} failed ${failed}`);
  sim.exit(failed === 0 ? 0 : 1);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export { sim, print };
export { text } from "../../hosts/sim/globals";

/** A golden case of the test data's manifests. */
export interface GoldenCase { id: number; input: string; output: string; invocations: number }
export type GoldenManifest = { models: Record<string, { file: string; cases: GoldenCase[] }> };

/** The models of golden/manifest.json and golden-recurrent/manifest.json (same layout, paths from the test data root). */
export function goldenModels(testdata: string): GoldenManifest["models"] {
  const read = (folder: string) => (JSON.parse(text(sim.readFile(`${testdata}/${folder}/manifest.json`))) as GoldenManifest).models;
  return { ...read("golden"), ...read("golden-recurrent") };
}

/** What runs a golden case: an Interpreter or a CompiledInterpreter. */
interface Runs {
  reset(): void;
  invoke(): void;
  input(i: number): { bytes: Uint8Array };
  output(i: number): { type: string; bytes: Uint8Array; data: ArrayLike<number> };
}

/** Golden case `c` through `it` from a fresh state: true when every invocation's output is TFLM's (float32: within 1e-6 relative), else what differs. */
export function runGoldenCase(it: Runs, testdata: string, c: GoldenCase): true | string {
  const input = new Uint8Array(sim.readFile(`${testdata}/${c.input}`));
  const expected = new Uint8Array(sim.readFile(`${testdata}/${c.output}`));
  it.reset(); // each case starts from a fresh state, as TFLM's golden runs did (the audio preprocessor keeps state)
  const perIn = it.input(0).bytes.length, perOut = it.output(0).bytes.length;
  for (let k = 0; k < c.invocations; k++) {
    it.input(0).bytes.set(input.subarray(k * perIn, (k + 1) * perIn));
    it.invoke();
    const want = expected.subarray(k * perOut, (k + 1) * perOut);
    const got = it.output(0);
    if (got.type === "float32") {
      const w = new Float32Array(want.slice().buffer), g = got.data;
      for (let i = 0; i < w.length; i++) if (!(Math.abs(g[i]! - w[i]!) <= 1e-6 * Math.abs(w[i]!))) return `[${i}] ${g[i]} vs ${w[i]}`;
    } else if (!bytesEqual(got.bytes, want)) {
      return `invocation ${k} differs`;
    }
  }
  return true;
}
