/**
 * The bytes of wide typed arrays (int16, int32, uint32), as native kernels take them: XS host
 * functions accept an ArrayBuffer or a 1-byte view, not an Int32Array. An array that covers its
 * whole buffer is passed as that buffer; any other needs a Uint8Array of the same memory, which is
 * registered when the array is made (at prepare or bind), so that invoke() allocates nothing.
 */
export type Bytes = ArrayBuffer | Uint8Array;
/** Typed arrays of wider elements, which the natives take as their bytes. */
export type Wide = Int32Array | Int16Array | Uint32Array | Float64Array;

// Made on first use, at run time: a WeakMap made while XS preloads this module would live in
// flash, where set() throws.
let byteViews: WeakMap<Wide, Bytes> | null = null;

/** Records that `bytes` views exactly the memory of `a` (call it where `a` is made, not per invoke). */
export function rememberBytes(a: Wide, bytes: Uint8Array): void {
  if (coversBuffer(a)) return;
  byteViews ??= new WeakMap<Wide, Bytes>();
  byteViews.set(a, bytes);
}

/** The bytes of an Int32Array (or an Int16Array, a Uint32Array, a Float64Array): its buffer, or its registered view (made and cached here if none was). */
export function int32Bytes(a: Wide): Bytes {
  if (coversBuffer(a)) return a.buffer as ArrayBuffer;
  byteViews ??= new WeakMap<Wide, Bytes>();
  let v = byteViews.get(a);
  if (v === undefined) {
    v = new Uint8Array(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength);
    byteViews.set(a, v);
  }
  return v;
}

function coversBuffer(a: Wide): boolean {
  return a.byteOffset === 0 && a.byteLength === (a.buffer as ArrayBuffer).byteLength;
}
