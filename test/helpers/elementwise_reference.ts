/**
 * Straightforward, independently written versions of TFLM's quantized elementwise arithmetic for
 * tests: 64-bit products in BigInt, rounding written out from its definition, broadcasting by
 * multi-index. They follow the same formulas as TFLM's reference kernels (add.h, sub.h, mul.h,
 * requantize.h, quantization_util.cc) but share no code with src/.
 */
import { ModelError, UnsupportedOpsError } from "../../src/errors";
import { Interpreter } from "../../src/interpreter/interpreter";
import { Model } from "../../src/model/model";
import { type OperatorDef, singleOpModel, type TensorDef } from "./model_builder";

const MIN = -2147483648, MAX = 2147483647;

/** gemmlowp SaturatingRoundingDoublingHighMul with a 64-bit product. */
export function srdhm(a: number, b: number): number {
  if (a === MIN && b === MIN) return MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero like C
}

/** x / 2^e rounded half away from zero (gemmlowp RoundingDivideByPOT). */
export function rdbpot(x: number, e: number): number {
  if (e === 0) return x;
  const ax = BigInt(Math.abs(x));
  const q = (ax + (1n << BigInt(e - 1))) >> BigInt(e);
  return x < 0 ? -Number(q) : Number(q);
}

/** TFLM MultiplyByQuantizedMultiplier (double rounding): left shift first for shift > 0, rounding right shift last otherwise. */
export function mbqm(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  const shifted = Number(BigInt.asIntN(32, BigInt(x) * (1n << BigInt(left))));
  return rdbpot(srdhm(shifted, m), right);
}

/** TFLM QuantizeMultiplier: real = q * 2^shift with q a Q31 value in [2^30, 2^31). */
export function quantMult(real: number): [number, number] {
  if (real === 0) return [0, 0];
  let shift = 0, q = real;
  while (q >= 1) { q /= 2; shift++; }
  while (q < 0.5) { q *= 2; shift--; }
  let fixed = Math.round(q * 2 ** 31); // q > 0: Math.round is round half away from zero here
  if (fixed === 2 ** 31) { fixed /= 2; shift++; }
  if (shift < -31) return [0, 0];
  return [fixed, shift];
}

export function clampTo(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Input offsets of `out` index i under numpy broadcasting, for every output index. */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const total = outShape.reduce((a, b) => a * b, 1);
  const result: number[] = [];
  const ext = [...new Array(rank - inShape.length).fill(1), ...inShape];
  for (let i = 0; i < total; i++) {
    let rem = i, off = 0, stride = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const idx = rem % outShape[d]!;
      rem = Math.floor(rem / outShape[d]!);
      if (ext[d] !== 1) off += idx * stride;
      stride *= ext[d]!;
    }
    result.push(off);
  }
  return result;
}

export function broadcastOf(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1, y = b[b.length - rank + i] ?? 1;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Random pair of shapes that broadcast: an output shape, then each input drops leading dims and sets some dims to 1. */
export function randomBroadcastShapes(r: () => number): [number[], number[], number[]] {
  const rank = Math.floor(r() * 6); // 0..5
  const out = Array.from({ length: rank }, () => 1 + Math.floor(r() * 4));
  const derive = () => {
    const kind = r();
    if (kind < 0.25) return [...out];
    if (kind < 0.35) return r() < 0.5 ? [] : [1];
    const drop = Math.floor(r() * (rank + 1));
    return out.slice(drop).map((d) => (r() < 0.4 ? 1 : d));
  };
  const a = derive(), b = derive();
  return [a, b, broadcastOf(a, b)];
}

/** Builds a one-op model, runs it once on the given inputs and returns a copy of output 0. */
export function runOp(tensors: TensorDef[], op: OperatorDef, inputs: ArrayLike<number>[]): number[] {
  const it = new Interpreter(Model.from(singleOpModel(tensors, op)));
  inputs.forEach((v, i) => (it.input(i).data as unknown as { set(v: ArrayLike<number>): void }).set(v));
  it.invoke();
  return Array.from(it.output(0).data as ArrayLike<number>);
}

/** The ModelError code (UNSUPPORTED_OP for ops refused for their types) that building an interpreter raises, or "ok". */
export function loadError(tensors: TensorDef[], op: OperatorDef): string {
  try {
    new Interpreter(Model.from(singleOpModel(tensors, op)));
    return "ok";
  } catch (e) {
    if (e instanceof UnsupportedOpsError) return `UNSUPPORTED_OP: ${e.ops.map((o) => o.reason).join("; ")}`;
    if (e instanceof ModelError) return e.code;
    throw e;
  }
}
