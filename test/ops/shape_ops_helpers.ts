/** Helpers of the shape / data-movement / reduce op tests: run one op, expect typed load errors. */
import type { ExecutionContext } from "ava";
import { Interpreter, Model, ModelError, UnsupportedOpsError } from "../../src/index";
import { type OperatorDef, singleOpModel, type TensorDef } from "../helpers/model_builder";

export type Values = ArrayLike<number | bigint>;

/** Builds the one-op model and an interpreter for it. */
export function load(tensors: TensorDef[], op: OperatorDef): Interpreter {
  return new Interpreter(Model.from(singleOpModel(tensors, op)));
}

/** Writes values into a graph input (int64 and other raw-byte tensors take bigint or number values). */
export function setInput(it: Interpreter, i: number, values: Values): void {
  const v = it.input(i);
  if (v.type === "int64") {
    new BigInt64Array(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength / 8).set(Array.from(values, (x) => BigInt(x)));
  } else {
    (v.data as unknown as { set(a: ArrayLike<number>): void }).set(Array.from(values, Number));
  }
}

/** The values of graph output i as numbers (int64 as numbers too). */
export function outputValues(it: Interpreter, i = 0): number[] {
  const v = it.output(i);
  if (v.type === "int64") return Array.from(new BigInt64Array(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength / 8), Number);
  return Array.from(v.data as ArrayLike<number>);
}

/** Builds, loads, writes the inputs, invokes, returns output 0. */
export function runOp(tensors: TensorDef[], op: OperatorDef, inputs: Values[]): number[] {
  const it = load(tensors, op);
  inputs.forEach((values, i) => setInput(it, i, values));
  it.invoke();
  return outputValues(it);
}

/** Expects loading to fail with a ModelError of the given code (not an unsupported-op report). */
export function expectModelError(t: ExecutionContext, tensors: TensorDef[], op: OperatorDef, code: ModelError["code"], match?: RegExp): void {
  const e = t.throws(() => load(tensors, op), { instanceOf: ModelError });
  t.false(e instanceof UnsupportedOpsError, e?.message);
  t.is(e?.code, code, e?.message);
  if (match !== undefined) t.regex(e!.message, match);
}

/** Expects loading to list the op as unsupported (a BAD_TYPE or UNSUPPORTED_OP at prepare), with a reason matching. */
export function expectUnsupported(t: ExecutionContext, tensors: TensorDef[], op: OperatorDef, match: RegExp): void {
  const e = t.throws(() => load(tensors, op), { instanceOf: UnsupportedOpsError });
  t.is(e?.code, "UNSUPPORTED_OP");
  t.is((e as UnsupportedOpsError).ops.length, 1);
  t.regex((e as UnsupportedOpsError).ops[0]!.reason, match);
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/** Every multi-index of a shape, in row-major order. */
export function* indices(shape: readonly number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = shape.map(() => 0);
  for (let k = 0; k < n; k++) {
    yield idx.slice();
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

/** 0, 1, 2, ... n-1 offset by `from`. */
export function iota(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => i + from);
}

/** A small deterministic generator (xorshift32) for randomized cases. */
export function rng(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0 || 1;
  return (lo, hi) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return lo + (s % (hi - lo + 1));
  };
}
