/**
 * The differential fuzzer's cases, the same on Node and inside tinyml-sim (no Node API here): case
 * `index` of a model is a mutated copy derived from (seed, index) alone, so each host rebuilds it
 * without the other's help; its outcome is the output bytes' hash or the typed error's code.
 */
import { Interpreter, Model, ModelError, TinyMLArgumentError } from "../../src/index";
import { randInt, rng } from "../../hosts/sim/random";

/** Float32 values written over aligned words: what breaks scales and weights (a denormal, NaN, infinities, huge, zero, negative). */
const FLOATS = [9.18e-41, 1e-45, NaN, Infinity, -Infinity, 3.4e38, 1e-30, 0, -1, 1e10];
/** Integers written over aligned words: huge counts, offsets and indices. */
const WORDS = [0xffffffff, 0x7fffffff, 0x80000000, 0x10000000, 0xffff, 0x40000001, 0x100, 1];

/** Case `index` of `original`: a truncation, 1 to 4 random bytes, a word, or a float written over a word. */
export function fuzzCase(original: Uint8Array, seed: number, index: number): { what: string; bytes: Uint8Array } {
  const r = rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const kind = randInt(r, 0, 9);
  if (kind === 0) {
    const cut = randInt(r, 0, original.length - 1);
    return { what: `cut at ${cut}`, bytes: original.slice(0, cut) };
  }
  const m = original.slice();
  const words = m.length >> 2;
  // Half of the positions in the last fifth, where converters put the tables.
  const position = () => (r() < 0.5 ? randInt(r, 0, m.length - 1) : randInt(r, Math.floor(m.length * 0.8), m.length - 1));
  if (kind <= 5) {
    const n = randInt(r, 1, 4);
    for (let j = 0; j < n; j++) m[position()] = randInt(r, 0, 255);
    return { what: `${n} bytes`, bytes: m };
  }
  const at = Math.min(words - 1, position() >> 2) * 4;
  const v = new DataView(m.buffer);
  if (kind <= 7) {
    v.setUint32(at, WORDS[randInt(r, 0, WORDS.length - 1)]!, true);
    return { what: `word at ${at}`, bytes: m };
  }
  v.setFloat32(at, FLOATS[randInt(r, 0, FLOATS.length - 1)]!, true);
  return { what: `float at ${at}`, bytes: m };
}

/** FNV-1a over bytes, continuing from h. */
function fnv(h: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h;
}

/**
 * Loads, prepares (no maxArenaBytes: the host's default applies) and invokes once on seeded input.
 * Returns "ok <hash>" (the outputs' bytes, NaNs made canonical), "ModelError <CODE>",
 * "TinyMLArgumentError", or "UNTYPED <name>: <message>" for anything else.
 */
export function runCase(bytes: Uint8Array, seed: number): string {
  try {
    const it = new Interpreter(Model.from(bytes));
    const r = rng(seed);
    for (let i = 0; i < it.inputCount; i++) {
      const view = it.input(i);
      if (view.type === "float32") {
        const f = view.data as Float32Array;
        for (let j = 0; j < f.length; j++) f[j] = r() * 16 - 8;
      } else {
        const b = view.bytes;
        for (let j = 0; j < b.length; j++) b[j] = randInt(r, 0, 255);
      }
    }
    it.invoke();
    let h = 0x811c9dc5;
    for (let i = 0; i < it.outputCount; i++) {
      const out = it.output(i);
      if (out.type === "float32") {
        const f = out.data as Float32Array, word = new Uint8Array(4), bits = new DataView(word.buffer);
        for (let j = 0; j < f.length; j++) {
          bits.setUint32(0, Number.isNaN(f[j]!) ? 0x7fc00000 : 0, true);
          if (!Number.isNaN(f[j]!)) bits.setFloat32(0, f[j]!, true);
          h = fnv(h, word);
        }
      } else h = fnv(h, out.bytes);
    }
    return `ok ${h.toString(16)}`;
  } catch (e) {
    if (e instanceof ModelError) return `ModelError ${e.code}`;
    if (e instanceof TinyMLArgumentError) return "TinyMLArgumentError";
    return `UNTYPED ${(e as Error)?.name}: ${String((e as Error)?.message).split("\n")[0]}`;
  }
}
