/**
 * The fastest of repeated inferences of a compressed model (the machine may be shared: the least
 * disturbed run) and the time its TFLM_DECODE ops took in that run, from the per-op profile. Runs
 * on Node and inside tinyml-sim (no Node API).
 */
import type { Interpreter } from "../src/interpreter/interpreter";

export function fastestRun(it: Interpreter, now: () => number, budgetMs: number, maxRuns: number): { ms: number; decodeMs: number; runs: number } {
  for (let k = 0; k < 3; k++) it.invoke(); // warm up
  let ms = Infinity, decodeMs = 0, runs = 0;
  const end = now() + budgetMs;
  while (runs < 5 || (now() < end && runs < maxRuns)) {
    it.invoke();
    runs++;
    const profile = it.profile;
    const total = profile.reduce((s, p) => s + p.ms, 0);
    if (total < ms) {
      ms = total;
      decodeMs = profile.filter((p) => p.op === "CUSTOM:TFLM_DECODE").reduce((s, p) => s + p.ms, 0);
    }
  }
  return { ms, decodeMs, runs };
}
