/**
 * Before an update may become active: the model must load (Model.from), every op must be
 * supported and its arena must fit the budget (Interpreter.plan, nothing allocated), and its
 * self-test vectors must fit its inputs and outputs. After activation the self-test itself runs:
 * the signed input through a real interpreter must give the signed output, bit for bit.
 */
import { ModelError, UnsupportedOpsError } from "../errors";
import { Interpreter, type InterpreterOptions, type Plan } from "../interpreter/interpreter";
import { Model } from "../model/model";
import { TensorType } from "../model/schema";
import { bytesEqual } from "./crypto";
import { UpdateError } from "./update_error";

export interface ValidateOptions {
  /** The device's arena budget in bytes (default: no limit). */
  maxArenaBytes?: number;
  /** Kernels and resolver the device runs with. */
  interpreter?: InterpreterOptions;
}

export function ioBytes(model: Model): { input: number; output: number } {
  const sum = (ts: readonly number[]) => ts.reduce((s, t) => s + model.tensor(t).byteLength, 0);
  return { input: sum(model.inputs), output: sum(model.outputs) };
}

/** Loads and plans the model; UpdateError INVALID_MODEL, UNSUPPORTED_OP, ARENA_TOO_LARGE or BAD_SELFTEST. */
export function validateModel(bytes: Uint8Array, selfTest: { input: number; output: number }, options: ValidateOptions = {}): { model: Model; plan: Plan } {
  let model: Model;
  let plan: Plan;
  try {
    model = Model.from(bytes);
    plan = Interpreter.plan(model, options.interpreter);
  } catch (e) {
    if (e instanceof UnsupportedOpsError) throw new UpdateError("UNSUPPORTED_OP", e.message);
    if (e instanceof ModelError) throw new UpdateError("INVALID_MODEL", e.message);
    throw new UpdateError("INVALID_MODEL", `the model does not load (${(e as Error)?.message ?? String(e)})`);
  }
  if (options.maxArenaBytes !== undefined && plan.arenaBytes > options.maxArenaBytes) {
    throw new UpdateError("ARENA_TOO_LARGE", `the model needs a ${plan.arenaBytes}-byte arena; the budget is ${options.maxArenaBytes}`);
  }
  const io = ioBytes(model);
  if (io.input !== selfTest.input || io.output !== selfTest.output) {
    throw new UpdateError("BAD_SELFTEST", `the self-test has ${selfTest.input} input and ${selfTest.output} output bytes; the model takes ${io.input} and gives ${io.output}`);
  }
  return { model, plan };
}

/** Feeds `input` (every input tensor's bytes, in order) through an interpreter; the outputs' bytes, in order. */
export function infer(it: Interpreter, input: Uint8Array): Uint8Array {
  let at = 0;
  for (let i = 0; i < it.inputCount; i++) {
    const b = it.input(i).bytes;
    b.set(input.subarray(at, at + b.length));
    at += b.length;
  }
  it.invoke();
  const out = new Uint8Array(ioBytes(it.model).output);
  at = 0;
  for (let i = 0; i < it.outputCount; i++) {
    const b = it.output(i).bytes;
    out.set(b, at);
    at += b.length;
  }
  return out;
}

export interface SelfTestResult {
  passed: boolean;
  output: Uint8Array;
  /** Why it failed (an exception's message, or the first differing byte). */
  detail: string;
}

/** Runs the self-test on a fresh interpreter (the arena is freed afterwards). Never throws. */
export function runSelfTest(model: Model, input: Uint8Array, expected: Uint8Array, options: InterpreterOptions = {}): SelfTestResult {
  try {
    const it = new Interpreter(model, options);
    it.reset();
    const output = infer(it, input);
    if (bytesEqual(output, expected)) return { passed: true, output, detail: "" };
    let k = 0;
    while (k < output.length && output[k] === expected[k]) k++;
    return { passed: false, output, detail: `output byte ${k} is ${output[k]}, expected ${expected[k]}` };
  } catch (e) {
    return { passed: false, output: new Uint8Array(0), detail: `the model threw ${(e as Error)?.name}: ${(e as Error)?.message}` };
  }
}

/**
 * A deterministic self-test input for a model: seeded pseudo-random bytes, float32 inputs as
 * values in [-1, 1) (never NaN), so the same model always gets the same golden pair.
 */
export function defaultSelfTestInput(model: Model, seed = 1): Uint8Array {
  const out = new Uint8Array(ioBytes(model).input);
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
  let at = 0;
  for (const ti of model.inputs) {
    const t = model.tensor(ti);
    if (t.type === TensorType.FLOAT32) {
      const f = new Float32Array(t.elements);
      for (let i = 0; i < f.length; i++) f[i] = (next() / 0x100000000) * 2 - 1;
      out.set(new Uint8Array(f.buffer), at);
    } else {
      for (let i = 0; i < t.byteLength; i++) out[at + i] = next() & 0xff;
    }
    at += t.byteLength;
  }
  return out;
}

/** The golden pair an update carries: `input` (default: defaultSelfTestInput) and what this runtime outputs for it. */
export function selfTestPair(modelBytes: Uint8Array, input?: Uint8Array, options: InterpreterOptions = {}): { input: Uint8Array; output: Uint8Array } {
  const model = Model.from(modelBytes);
  const it = new Interpreter(model, options);
  const inBytes = input ?? defaultSelfTestInput(model);
  const need = ioBytes(model).input;
  if (inBytes.length !== need) throw new UpdateError("BAD_SELFTEST", `the self-test input has ${inBytes.length} bytes; the model's inputs take ${need}`);
  return { input: inBytes, output: infer(it, inBytes) };
}
