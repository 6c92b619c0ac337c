/** Helpers of the activation op tests: one-op models, all 256 int8 inputs, typed load errors. */
import type { ExecutionContext } from "ava";
import { Interpreter, Model, ModelError, UnsupportedOpsError } from "../../src/index";
import { type Field, type OperatorDef, singleOpModel, type TensorDef, TensorType } from "../helpers/model_builder";

/** BuiltinOptions union ids (schema.fbs) the activation tests need beyond model_builder's list. */
export const LEAKY_RELU_OPTIONS = 75;
export const SOFTMAX_OPTIONS = 9;

/** Every int8 value, -128..127, in order. */
export const ALL_INT8: number[] = Array.from({ length: 256 }, (_, i) => i - 128);

export function unaryOp(op: number, options?: Field[], optionsType?: number, version = 1): OperatorDef {
  return options === undefined ? { op, version, inputs: [0], outputs: [1] } : { op, version, inputs: [0], outputs: [1], options, optionsType: optionsType ?? 0 };
}

export function load(tensors: TensorDef[], op: OperatorDef): Interpreter {
  return new Interpreter(Model.from(singleOpModel(tensors, op)));
}

/** Builds the model, writes input 0, invokes, returns output 0 as numbers. */
export function run(tensors: TensorDef[], op: OperatorDef, input: ArrayLike<number>): number[] {
  const it = load(tensors, op);
  (it.input(0).data as unknown as { set(a: ArrayLike<number>): void }).set(input);
  it.invoke();
  return Array.from(it.output(0).data as ArrayLike<number>);
}

/** Runs an int8 -> int8 element-wise op over all 256 inputs, in one [256] tensor. */
export function runAllInt8(op: OperatorDef, inScale: number, inZeroPoint: number, outScale: number, outZeroPoint: number): number[] {
  const tensors: TensorDef[] = [
    { shape: [256], type: TensorType.INT8, scale: inScale, zeroPoint: inZeroPoint },
    { shape: [256], type: TensorType.INT8, scale: outScale, zeroPoint: outZeroPoint },
  ];
  return run(tensors, op, ALL_INT8);
}

/** Runs a float32 element-wise op. */
export function runFloat(op: OperatorDef, input: number[], shape: number[] = [input.length]): number[] {
  return run([{ shape, type: TensorType.FLOAT32 }, { shape, type: TensorType.FLOAT32 }], op, input);
}

/** Parses a space-separated list of integers, "v*n" meaning n copies of v (vectors recorded from TFLM's reference kernels). */
export function ints(s: string): number[] {
  return s.trim().split(/\s+/).flatMap((tok) => {
    const [v, n] = tok.split("*");
    return n === undefined ? [Number(v)] : new Array<number>(Number(n)).fill(Number(v));
  });
}

/** Round half away from zero, then clamp to int8: the float formula's ideal int8 result. */
export function quantizeInt8(real: number, scale: number, zeroPoint: number): number {
  const q = Math.sign(real / scale) * Math.round(Math.abs(real / scale)) + zeroPoint;
  return Math.min(127, Math.max(-128, q));
}

/** Expects loading to fail with a ModelError of the given code (not an unsupported-op report). */
export function expectModelError(t: ExecutionContext, tensors: TensorDef[], op: OperatorDef, code: ModelError["code"], match?: RegExp): void {
  const e = t.throws(() => load(tensors, op), { instanceOf: ModelError });
  t.false(e instanceof UnsupportedOpsError, e?.message);
  t.is(e?.code, code, e?.message);
  if (match !== undefined) t.regex(e!.message, match);
}

/** Expects loading to report the op as unsupported (BAD_TYPE at prepare), with a reason matching. */
export function expectUnsupported(t: ExecutionContext, tensors: TensorDef[], op: OperatorDef, match: RegExp): void {
  const e = t.throws(() => load(tensors, op), { instanceOf: UnsupportedOpsError });
  t.is(e?.code, "UNSUPPORTED_OP");
  t.regex(e!.message, match);
}
