/**
 * What Espruino's interpreter lacks and the runtime uses, supplied from pieces Espruino has, each one
 * installed only where the engine has none (Node and XS keep their own, at their own speed).
 * Espruino 2v29 (Linux build) has no Math.imul, Math.fround, Math.clz32, Math.trunc, Math.log2, Math.tanh,
 * Number.isInteger, Number.isFinite, String.fromCodePoint, Object.freeze, Map, Set, WeakMap, Array.from,
 * TypedArray.from, Array.prototype.flat, ArrayBuffer.isView, RangeError, nor
 * TypedArray.prototype.copyWithin (hosts/espruino/README.md lists the probe). Every function here
 * gives the same result as the built-in it stands for (test/espruino_fallbacks.test.ts compares
 * them with Node's on edge values and random ones).
 */

/** int32 product modulo 2^32, in 16-bit halves so that no partial product leaves the exact range of a double. */
export function imul(a: number, b: number): number {
  const ah = (a >>> 16) & 0xffff;
  const al = a & 0xffff;
  const bi = b | 0;
  return (al * bi + (((ah * bi) & 0xffff) << 16)) | 0;
}

const F32 = new Float32Array(1);
/** The nearest float32 (round half to even, as every C double-to-float conversion). */
export function fround(x: number): number {
  F32[0] = x;
  return F32[0]!;
}

/** Leading zero bits of the uint32 value of x. */
export function clz32(x: number): number {
  let v = x >>> 0;
  if (v === 0) return 32;
  let n = 0;
  if ((v & 0xffff0000) === 0) { n += 16; v = (v << 16) >>> 0; }
  if ((v & 0xff000000) === 0) { n += 8; v = (v << 8) >>> 0; }
  if ((v & 0xf0000000) === 0) { n += 4; v = (v << 4) >>> 0; }
  if ((v & 0xc0000000) === 0) { n += 2; v = (v << 2) >>> 0; }
  if ((v & 0x80000000) === 0) n += 1;
  return n;
}

export function trunc(x: number): number {
  return x < 0 ? Math.ceil(x) : Math.floor(x);
}

/** log2, exact at powers of two (Math.log(x) / Math.LN2 is not: log2(2^29) would give 29.000000000000004). */
export function log2(x: number): number {
  if (x > 0 && x < Infinity) {
    const e = Math.round(Math.log(x) / Math.LN2);
    if (Math.pow(2, e) === x) return e;
  }
  return Math.log(x) / Math.LN2;
}

export function isFiniteNumber(x: unknown): boolean {
  return typeof x === "number" && x === x && x !== Infinity && x !== -Infinity;
}

export function isInteger(x: unknown): boolean {
  return isFiniteNumber(x) && Math.floor(x as number) === x;
}

/** String.fromCodePoint: code points past U+FFFF as a UTF-16 surrogate pair. */
export function fromCodePoint(...points: number[]): string {
  let s = "";
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (!(p >= 0 && p <= 0x10ffff && Math.floor(p) === p)) throw new RangeError(`Invalid code point ${p}`);
    if (p < 0x10000) {
      s += String.fromCharCode(p);
    } else {
      const q = p - 0x10000;
      s += String.fromCharCode(0xd800 + (q >> 10), 0xdc00 + (q & 0x3ff));
    }
  }
  return s;
}

/** Array.from for what the runtime passes: an array-like (with an optional map) or a Map's/Set's values list. */
export function arrayFrom<T, U>(source: ArrayLike<T> | Iterable<T>, map?: (v: T, i: number) => U): (T | U)[] {
  const items = (source as { values?: () => T[] }).values !== undefined && !("length" in (source as object)) ? (source as unknown as { values(): T[] }).values() : (source as ArrayLike<T>);
  const out: (T | U)[] = [];
  for (let i = 0; i < items.length; i++) out.push(map === undefined ? items[i]! : map(items[i]!, i));
  return out;
}

/** TypedArray.prototype.copyWithin(target, start, end?), overlapping ranges copied as memmove does. */
export function copyWithin<A extends { length: number; [i: number]: number }>(this: A, target: number, start: number, end?: number): A {
  const len = this.length;
  const rel = (v: number) => (v < 0 ? Math.max(len + v, 0) : Math.min(v, len));
  const to = rel(trunc(target) || 0);
  const from = rel(trunc(start) || 0);
  const last = end === undefined ? len : rel(trunc(end) || 0);
  const count = Math.min(last - from, len - to);
  if (count <= 0) return this;
  if (from < to && to < from + count) {
    for (let i = count - 1; i >= 0; i--) this[to + i] = this[from + i]!;
  } else {
    for (let i = 0; i < count; i++) this[to + i] = this[from + i]!;
  }
  return this;
}

/** A Map keyed by identity (===) over two arrays: the runtime's maps hold a few dozen entries at load. */
export class ListMap<K, V> {
  private readonly keyList: K[] = [];
  private readonly valueList: V[] = [];
  get size(): number {
    return this.keyList.length;
  }
  private find(key: K): number {
    for (let i = 0; i < this.keyList.length; i++) if (this.keyList[i] === key) return i;
    return -1;
  }
  has(key: K): boolean {
    return this.find(key) >= 0;
  }
  get(key: K): V | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : this.valueList[i];
  }
  set(key: K, value: V): this {
    const i = this.find(key);
    if (i < 0) {
      this.keyList.push(key);
      this.valueList.push(value);
    } else {
      this.valueList[i] = value;
    }
    return this;
  }
  delete(key: K): boolean {
    const i = this.find(key);
    if (i < 0) return false;
    this.keyList.splice(i, 1);
    this.valueList.splice(i, 1);
    return true;
  }
  clear(): void {
    this.keyList.length = 0;
    this.valueList.length = 0;
  }
  keys(): K[] {
    return this.keyList.slice();
  }
  values(): V[] {
    return this.valueList.slice();
  }
  forEach(fn: (value: V, key: K) => void): void {
    for (let i = 0; i < this.keyList.length; i++) fn(this.valueList[i]!, this.keyList[i]!);
  }
}

/** A Set by identity, over ListMap. */
export class ListSet<T> {
  private readonly map = new ListMap<T, T>();
  get size(): number {
    return this.map.size;
  }
  has(v: T): boolean {
    return this.map.has(v);
  }
  add(v: T): this {
    this.map.set(v, v);
    return this;
  }
  delete(v: T): boolean {
    return this.map.delete(v);
  }
  values(): T[] {
    return this.map.values();
  }
  keys(): T[] {
    return this.map.values();
  }
  forEach(fn: (value: T, key: T) => void): void {
    this.map.forEach(fn);
  }
}

const TYPED_ARRAY_NAMES = ["Int8Array", "Uint8Array", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array"];
const TYPED_ARRAYS = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
function typedArrayName(T: unknown): string {
  return TYPED_ARRAY_NAMES[TYPED_ARRAYS.indexOf(T as Int8ArrayConstructor)]!;
}

/** Array.prototype.flat() for one level, the only depth the runtime asks for. */
export function flat<T>(this: (T | T[])[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < this.length; i++) {
    const v = this[i]!;
    if (Array.isArray(v)) for (let j = 0; j < v.length; j++) out.push(v[j]!);
    else out.push(v);
  }
  return out;
}

export function isView(v: unknown): boolean {
  return v instanceof DataView || TYPED_ARRAYS.some((T) => v instanceof T);
}

/**
 * tanh from exp (Espruino has Math.exp): within an ulp or two of the double result, so the float32
 * TANH op may differ from Node in the last bit of a float32 on rare inputs; no int8 path uses it.
 */
export function tanh(x: number): number {
  if (x !== x) return x;
  if (x > 22) return 1;
  if (x < -22) return -1;
  if (x > -1e-8 && x < 1e-8) return x;
  const e = Math.exp(2 * x);
  return (e - 1) / (e + 1);
}

/** RangeError for the runtime's internal checks: an Error named RangeError. */
function makeRangeError(): unknown {
  function RangeErrorFallback(this: unknown, message?: string): Error {
    const e = new Error(message);
    Object.defineProperty(e, "name", { value: "RangeError", writable: true, enumerable: false, configurable: true });
    return e;
  }
  return RangeErrorFallback;
}

/** Installs each fallback where the engine lacks the built-in. Returns the names installed. */
export function installFallbacks(): string[] {
  const installed: string[] = [];
  const put = (owner: Record<string, unknown>, name: string, value: unknown, label: string) => {
    if (owner[name] === undefined) {
      owner[name] = value;
      installed.push(label);
    }
  };
  const M = Math as unknown as Record<string, unknown>;
  put(M, "imul", imul, "Math.imul");
  put(M, "fround", fround, "Math.fround");
  put(M, "clz32", clz32, "Math.clz32");
  put(M, "trunc", trunc, "Math.trunc");
  put(M, "log2", log2, "Math.log2");
  put(M, "tanh", tanh, "Math.tanh");
  const N = Number as unknown as Record<string, unknown>;
  put(N, "isInteger", isInteger, "Number.isInteger");
  put(N, "isFinite", isFiniteNumber, "Number.isFinite");
  put(String as unknown as Record<string, unknown>, "fromCodePoint", fromCodePoint, "String.fromCodePoint");
  const O = Object as unknown as Record<string, unknown>;
  put(O, "freeze", (o: unknown) => o, "Object.freeze");
  put(Array as unknown as Record<string, unknown>, "from", arrayFrom, "Array.from");
  put(Array.prototype as unknown as Record<string, unknown>, "flat", flat, "Array.prototype.flat");
  put(ArrayBuffer as unknown as Record<string, unknown>, "isView", isView, "ArrayBuffer.isView");
  const G = globalThis as unknown as Record<string, unknown>;
  put(G, "Map", ListMap, "Map");
  put(G, "Set", ListSet, "Set");
  // Not weak: Espruino cannot hang a hidden property on a typed array, so keys are held. The runtime
  // uses a WeakMap only for byte views that native kernels take, and Espruino has none (the glue
  // asks for the portable kernels).
  put(G, "WeakMap", ListMap, "WeakMap");
  put(G, "RangeError", makeRangeError(), "RangeError");
  for (const T of TYPED_ARRAYS) {
    const name = typedArrayName(T);
    put(T.prototype as unknown as Record<string, unknown>, "copyWithin", copyWithin, `${name}.prototype.copyWithin`);
    put(T as unknown as Record<string, unknown>, "from", (source: ArrayLike<number>, map?: (v: number, i: number) => number) => new T(arrayFrom(source, map) as number[]), `${name}.from`);
  }
  return installed;
}
