/**
 * The fallbacks hosts/espruino installs where Espruino lacks a built-in give what the built-in gives:
 * each compared with Node's on edge values and seeded random ones.
 */
import test from "ava";
import { arrayFrom, clz32, copyWithin, flat, fromCodePoint, imul, installFallbacks, isFiniteNumber, isInteger, isView, ListMap, ListSet, log2, tanh, trunc, fround } from "../hosts/espruino/fallbacks";
import { rng } from "./helpers/random";
import { shiftedQuotient } from "../src/ops/mean";

const EDGES = [0, -0, 1, -1, 2, 3, 0.5, -0.5, 1.5, -1.5, 2.5, 0x7fffffff, -0x80000000, 0x80000000, 0xffffffff, 0x100000000, 0x1fffffffffffff, -0x1fffffffffffff, 1e-40, -1e-40, 1e-45, 3.4028235e38, 3.4028236e38, 1e300, -1e300, Infinity, -Infinity, NaN, 65535, 65536, 0.1, 1 / 3];

function randomValues(seed: number, n: number): number[] {
  const r = rng(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    if (kind === 0) out.push(Math.floor(r() * 0x100000000) - 0x80000000);
    else if (kind === 1) out.push(Math.floor(r() * 0x100000000));
    else if (kind === 2) out.push((r() - 0.5) * Math.pow(2, Math.floor(r() * 80) - 40));
    else out.push(Math.floor((r() - 0.5) * 2000));
  }
  return out;
}

const values = [...EDGES, ...randomValues(14, 4000)];

test("imul equals Math.imul", (t) => {
  for (let i = 0; i < values.length; i++) {
    const a = values[i]!, b = values[(i * 7 + 3) % values.length]!;
    if (imul(a, b) !== Math.imul(a, b)) t.fail(`imul(${a}, ${b}) = ${imul(a, b)}, Math.imul gives ${Math.imul(a, b)}`);
  }
  t.is(imul(0x7fffffff, 0x7fffffff), 1);
});

test("fround, clz32, trunc, log2, tanh, isInteger, isFinite equal the built-ins", (t) => {
  for (const v of values) {
    t.true(Object.is(fround(v), Math.fround(v)), `fround(${v})`);
    t.is(clz32(v), Math.clz32(v), `clz32(${v})`);
    t.true(Object.is(trunc(v), Math.trunc(v)), `trunc(${v})`);
    t.is(isInteger(v), Number.isInteger(v), `isInteger(${v})`);
    t.is(isFiniteNumber(v), Number.isFinite(v), `isFinite(${v})`);
    const x = Math.abs(v);
    t.true(Object.is(log2(x), Math.log2(x)) || Math.abs(log2(x) - Math.log2(x)) <= 4e-16 * Math.abs(Math.log2(x)), `log2(${x})`);
    if (Number.isFinite(v) && Math.abs(v) < 30) t.true(Math.abs(tanh(v) - Math.tanh(v)) <= 4 * Number.EPSILON, `tanh(${v})`);
  }
  for (let e = -1074; e <= 1023; e++) t.is(log2(Math.pow(2, e)), e);
  t.is(isInteger("3"), false);
  t.true(Number.isNaN(tanh(NaN)));
});

test("copyWithin equals TypedArray.prototype.copyWithin, overlapping both ways", (t) => {
  const r = rng(3);
  for (let k = 0; k < 500; k++) {
    const n = 1 + Math.floor(r() * 20);
    const a = Int16Array.from({ length: n }, () => Math.floor(r() * 60000) - 30000);
    const b = a.slice();
    const args = [Math.floor(r() * 2 * n) - n, Math.floor(r() * 2 * n) - n, k % 3 === 0 ? undefined : Math.floor(r() * 2 * n) - n] as const;
    copyWithin.call(a, args[0], args[1], args[2]);
    b.copyWithin(args[0], args[1], args[2]);
    t.deepEqual(a, b, `copyWithin(${args.join(", ")}) on ${n}`);
  }
});

test("fromCodePoint, Array.from, flat, isView, ListMap and ListSet behave as the built-ins", (t) => {
  for (const cp of [0, 0x41, 0xe9, 0x7ff, 0x800, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff]) t.is(fromCodePoint(cp), String.fromCodePoint(cp));
  t.throws(() => fromCodePoint(0x110000), { instanceOf: RangeError });
  t.deepEqual(arrayFrom({ length: 3 }, (_, i) => i * 2), [0, 2, 4]);
  t.deepEqual(arrayFrom([5, 6]), [5, 6]);
  t.deepEqual(arrayFrom(new Int8Array([-1, 2])), [-1, 2]);
  const nested: (number | number[])[] = [[1, 2], 3, [], [4, 5]];
  t.deepEqual(flat.call(nested), nested.flat());
  t.true(isView(new Uint8Array(1)) && isView(new DataView(new ArrayBuffer(1))) && !isView(new ArrayBuffer(1)) && !isView([1]));
  const m = new ListMap<object | number, string>();
  const key = {};
  m.set(key, "a").set(1, "b").set(key, "c");
  t.is(m.size, 2);
  t.is(m.get(key), "c");
  t.is(m.get({}), undefined);
  t.deepEqual(m.values(), ["c", "b"]);
  t.true(m.delete(1));
  t.false(m.has(1));
  const s = new ListSet<string>().add("x").add("y").add("x");
  t.is(s.size, 2);
  t.deepEqual([...s.values()], ["x", "y"]);
});

test("installFallbacks installs nothing where the engine has every built-in (Node keeps its own)", (t) => {
  const before = Math.imul;
  t.deepEqual(installFallbacks(), []);
  t.is(Math.imul, before);
});

test("MEAN's multiplier and zero-point sum without BigInt equal the 64-bit formulas", (t) => {
  const r = rng(9);
  for (let k = 0; k < 20000; k++) {
    const m = k % 5 === 0 ? 0x7fffffff - (k % 7) : Math.floor(r() * 0x80000000);
    const count = k % 3 === 0 ? 1 + Math.floor(r() * 16) : 1 + Math.floor(r() * 2 ** (1 + Math.floor(r() * 40)));
    const s = Math.min(32, Math.floor(Math.log2(count)));
    const want = Number((BigInt(m) << BigInt(s)) / BigInt(count));
    if (shiftedQuotient(m, s, count) !== want) t.fail(`(${m} << ${s}) / ${count}: ${shiftedQuotient(m, s, count)}, 64-bit ${want}`);
    if (shiftedQuotient(-m, s, count) !== -want && want !== 0) t.fail(`(-${m} << ${s}) / ${count}`);
    const zp = Math.floor(r() * 256) - 128;
    if (Math.imul(zp, count) !== Number(BigInt.asIntN(32, BigInt(zp) * BigInt(count)))) t.fail(`zp ${zp} * ${count}`);
  }
  t.pass();
});
