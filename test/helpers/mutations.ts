/**
 * Malformed copies of a model, for robustness tests on Node and inside the simulator (no Node
 * API here): truncations, random byte flips, and huge counts written over aligned words.
 */
import { randInt, rng } from "./random";

export interface Mutant {
  what: string;
  bytes: Uint8Array;
  /** Whether a test should also invoke the model if it loads. */
  invoke: boolean;
}

export interface MutationCounts {
  cutsSpread: number;
  flips: number;
  words: number;
  invokeFlips: number;
  invokeWords: number;
}

export const FULL: MutationCounts = { cutsSpread: 200, flips: 250, words: 150, invokeFlips: 25, invokeWords: 10 };

export function* mutants(original: Uint8Array, seed: number, counts: MutationCounts = FULL): Generator<Mutant> {
  const r = rng(seed);
  const cuts = new Set<number>();
  for (let i = 0; i < 64; i++) cuts.add(i);
  for (let i = 0; i < counts.cutsSpread; i++) cuts.add(Math.floor((i / counts.cutsSpread) * original.length));
  for (const cut of cuts) yield { what: `cut at ${cut}`, bytes: original.slice(0, cut), invoke: false };
  // 1 to 4 random bytes each, half of them in the last fifth (where converters put the tables).
  for (let k = 0; k < counts.flips; k++) {
    const m = original.slice();
    const n = randInt(r, 1, 4);
    for (let j = 0; j < n; j++) {
      const pos = r() < 0.5 ? randInt(r, 0, m.length - 1) : randInt(r, Math.floor(m.length * 0.8), m.length - 1);
      m[pos] = randInt(r, 0, 255);
    }
    yield { what: `flip set ${k}`, bytes: m, invoke: k < counts.invokeFlips };
  }
  const huge = [0xffffffff, 0x7fffffff, 0x80000000, 0x10000000, 0xffff, 0x40000001];
  for (let k = 0; k < counts.words; k++) {
    const m = original.slice();
    const pos = randInt(r, 0, (m.length >> 2) - 1) * 4;
    new DataView(m.buffer).setUint32(pos, huge[k % huge.length]!, true);
    yield { what: `word ${pos}`, bytes: m, invoke: k < counts.invokeWords };
  }
}
