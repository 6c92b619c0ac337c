/** Helpers of the signal op tests: one custom op with FlexBuffers options, typed inputs and outputs. */
import type { ExecutionContext } from "ava";
import * as flex from "flatbuffers/mjs/flexbuffers.js";
import { Interpreter, Model, ModelError, UnsupportedOpsError } from "../../../src/index";
import { type OperatorDef, singleOpModel, type TensorDef, TensorType } from "../../helpers/model_builder";

export { TensorType };
export type { TensorDef };

/** The op definition of CUSTOM:<name> over the given tensors, with options encoded as a FlexBuffers map. */
export function customOp(name: string, inputs: number[], outputs: number[], options?: Record<string, number | boolean>): OperatorDef {
  return { op: `CUSTOM:${name}`, inputs, outputs, ...(options === undefined ? {} : { customOptions: flex.encode(options) }) };
}

export function load(tensors: TensorDef[], op: OperatorDef): Interpreter {
  return new Interpreter(Model.from(singleOpModel(tensors, op)));
}

/** Writes numbers (or bigints for 64-bit tensors) into graph input i, by the tensor's type. */
export function setInput(it: Interpreter, i: number, values: ArrayLike<number | bigint>): void {
  const v = it.input(i);
  const b = v.bytes;
  switch (v.type) {
    case "uint64":
      new BigUint64Array(b.buffer, b.byteOffset, b.byteLength / 8).set(Array.from(values, (x) => BigInt(x)));
      return;
    case "uint32":
      new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4).set(Array.from(values, Number));
      return;
    default:
      (v.data as unknown as { set(a: ArrayLike<number>): void }).set(Array.from(values, Number));
  }
}

/** Output i as numbers (uint64 as bigints). */
export function output(it: Interpreter, i = 0): number[] {
  const v = it.output(i);
  const b = v.bytes;
  if (v.type === "uint32") return Array.from(new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4));
  return Array.from(v.data as ArrayLike<number>);
}
export function output64(it: Interpreter, i = 0): bigint[] {
  const b = it.output(i).bytes;
  return Array.from(new BigUint64Array(b.buffer, b.byteOffset, b.byteLength / 8));
}

export function run(tensors: TensorDef[], op: OperatorDef, inputs: ArrayLike<number | bigint>[]): Interpreter {
  const it = load(tensors, op);
  inputs.forEach((v, i) => setInput(it, i, v));
  it.invoke();
  return it;
}

/** Loading fails with a ModelError of this code (BAD_TYPE shows up as an unsupported-op report). */
export function expectLoadError(t: ExecutionContext, tensors: TensorDef[], op: OperatorDef, code: ModelError["code"], match?: RegExp): void {
  const e = t.throws(() => load(tensors, op), { instanceOf: ModelError });
  if (code === "BAD_TYPE") {
    t.true(e instanceof UnsupportedOpsError, e?.message);
    if (match !== undefined) t.regex((e as UnsupportedOpsError).ops[0]!.reason, match);
    return;
  }
  t.false(e instanceof UnsupportedOpsError, e?.message);
  t.is(e?.code, code, e?.message);
  if (match !== undefined) t.regex(e!.message, match);
}
