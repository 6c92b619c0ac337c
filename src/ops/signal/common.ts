/** Shared pieces of the signal ops: custom options, unsigned tensor views, TFLM's bit helpers. */
import { ModelError } from "../../errors";
import { rememberBytes } from "../../kernels/byte_views";
import type { TensorSpec } from "../../model/model";
import { type FlexMap, flexOptions } from "../../model/flexbuffers";
import type { ArenaBinding, OpContext } from "../op";

/** The op's custom options as a FlexBuffers map (an empty map when absent); malformed -> BAD_FORMAT. */
export function signalOptions(ctx: OpContext): FlexMap | null {
  try {
    return flexOptions(ctx.op.customOptions);
  } catch (e) {
    if (e instanceof ModelError) ctx.fail(e.code, e.message);
    throw e;
  }
}

/** An integer option, failing (BAD_FORMAT) when missing or malformed. */
export function intOption(ctx: OpContext, map: FlexMap | null, key: string): number {
  if (map === null) ctx.fail("BAD_FORMAT", `custom option '${key}' is missing (the op has no custom options)`);
  try {
    return map.int(key);
  } catch (e) {
    if (e instanceof ModelError) ctx.fail(e.code, e.message);
    throw e;
  }
}

export function boolOption(ctx: OpContext, map: FlexMap | null, key: string): boolean {
  if (map === null) ctx.fail("BAD_FORMAT", `custom option '${key}' is missing (the op has no custom options)`);
  try {
    return map.bool(key);
  } catch (e) {
    if (e instanceof ModelError) ctx.fail(e.code, e.message);
    throw e;
  }
}

/** Fails unless the tensor has exactly `rank` dimensions (TFLM's NumDimensions checks). */
export function expectRank(ctx: OpContext, t: TensorSpec, what: string, rank: number): void {
  if (t.shape.length !== rank) ctx.fail("BAD_SHAPE", `${what} '${t.name}' must have ${rank} dimension(s), has [${t.shape.join(", ")}]`);
}

/** A uint32 view of a UINT32 tensor (or of a UINT64 tensor's words, low word first). */
export function uint32View(a: ArenaBinding, t: TensorSpec): Uint32Array {
  const b = a.bytes(t);
  const words = new Uint32Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength >> 2);
  rememberBytes(words, b);
  return words;
}

/** TFLM's MostSignificantBit32 as built by GCC / Clang: bits needed for x, and 32 for x = 0. */
export function msb32(x: number): number {
  return x === 0 ? 32 : 32 - Math.clz32(x);
}

const TWO_16 = 65536;
const TWO_32 = 4294967296;
let carryHi = 0;

/** Low word of the uint64 product a * b (uint32 inputs); the high word is left in carryHi. */
function mul64(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16;
  const low = al * b; // < 2^48: exact
  const high = ah * b; // < 2^48, weight 2^16
  const lowHi = Math.floor(low / TWO_32);
  const highHi = Math.floor(high / TWO_16);
  let lo = low - lowHi * TWO_32 + (high - highHi * TWO_16) * TWO_16;
  let hi = lowHi + highHi;
  if (lo >= TWO_32) {
    lo -= TWO_32;
    hi += 1;
  }
  carryHi = hi >>> 0;
  return lo;
}

/** Low 32 bits of the uint64 (lo, hi) shifted right by s (0..63), as C's uint64 >> s then uint32 cast. */
function shr64(lo: number, hi: number, s: number): number {
  if (s === 0) return lo >>> 0;
  if (s >= 32) return s >= 64 ? 0 : hi >>> (s - 32);
  return ((lo >>> s) | (hi << (32 - s))) >>> 0;
}

/** (uint32)(((uint64)a * b) >> s), exactly, for uint32 a and b. */
export function mulShr(a: number, b: number, s: number): number {
  const lo = mul64(a, b);
  return shr64(lo, carryHi, s);
}

/** (uint32)(((uint64)a * b + (uint64)c * d) >> s), exactly (the sum wraps modulo 2^64 as in C). */
export function mulAddShr(a: number, b: number, c: number, d: number, s: number): number {
  let lo = mul64(a, b);
  let hi = carryHi;
  lo += mul64(c, d);
  hi += carryHi;
  if (lo >= TWO_32) {
    lo -= TWO_32;
    hi += 1;
  }
  return shr64(lo, hi >>> 0, s);
}
