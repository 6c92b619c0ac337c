/**
 * Sizing the XS machine of a Moddable app (the manifest's `creation`) for a model: the arena from
 * Interpreter.plan(model), plus what the runtime keeps in the XS heap for the model and the
 * interpreter, plus the app's own share. No Node API: runs on devices, Node and the simulator.
 *
 * The per-model overheads are linear fits, rounded up, of what tinyml-sim measures
 * (bench/sim/creation.sim.ts) on the models of ../shared/testdata and models/sine: slots and chunk
 * bytes kept after Model.from, after new Interpreter (beyond the arena) and after the first
 * invokes, and the deepest XS stack. The simulator is a 64-bit build (32-byte slots; arrays keep
 * their items in chunks as slots), so chunk figures over-estimate a 32-bit MCU (16-byte slots).
 * Slot *counts* are the same on both.
 */
import { TinyMLArgumentError } from "../errors";
import type { Model } from "../model/model";
import { Interpreter } from "../interpreter/interpreter";
import type { InterpreterOptions } from "../interpreter/interpreter";

export interface CreationOptions {
  /** The app's own XS use beyond tinyml-xs (its modules' data, drivers, strings...). Default 16 KB of chunks and 1024 slots. */
  base?: { chunkBytes?: number; slots?: number; stackSlots?: number };
  /** The model bytes are copied into the XS heap (an ArrayBuffer read at run time) rather than read in place from a Resource or flash. Default false. */
  modelInRam?: boolean;
  /** Factor applied to every estimate. Default 1.25. */
  margin?: number;
  /** Bytes per slot on the target: 16 on 32-bit MCUs (ESP32, Cortex-M), 32 on 64-bit hosts. Default 16. */
  slotBytes?: number;
  /** Passed to Interpreter.plan (the kernel choice changes the scratch buffers, hence the arena). */
  interpreter?: InterpreterOptions;
  /**
   * The arena as the target plans it, when that differs from this host's plan: a device's native
   * kernels (e.g. the Arm DSP paths) ask for work buffers that Node's TypeScript kernels do not.
   * Take it from Interpreter.plan(model).arenaBytes run on the target (the Cortex-M4 image's runner
   * does). Default: Interpreter.plan(model, options.interpreter) on this host.
   */
  arenaBytes?: number;
}

export interface CreationParts {
  arenaBytes: number;
  modelChunkBytes: number;
  modelSlots: number;
  interpreterChunkBytes: number;
  interpreterSlots: number;
  invokeChunkBytes: number;
  invokeSlots: number;
  stackSlots: number;
}

/** The `creation` values to put in a manifest (static allocator off: chunk and heap sized exactly), and how they were reached. */
export interface Creation {
  /** For the static allocator instead (`"static": N`, the other values then only initial sizes): chunks + slots + stack, in bytes. */
  static: number;
  chunk: { initial: number; incremental: number };
  heap: { initial: number; incremental: number };
  stack: number;
  parts: CreationParts;
}

/** Measured constants (see the file comment); each estimate is at least what the sim measured. */
export const CREATION_FIT = Object.freeze({
  model: Object.freeze({ chunkBytes: 8192, chunkPerTensor: 320, chunkPerQuantParam: 8, chunkPerNameChar: 2, slots: 64, slotsPerTensor: 40, slotsPerOp: 16 }),
  interpreter: Object.freeze({ chunkBytes: 1024, chunkPerOp: 1024, chunkPerQuantParam: 4, slots: 300, slotsPerTensor: 10, slotsPerOp: 85 }),
  invoke: Object.freeze({ chunkBytes: 8192, chunkPerOp: 128, slots: 64, slotsPerOp: 12 }),
  /** Deepest XS stack seen loading, preparing and invoking (784 slots in the sim), rounded up. */
  stackSlots: 1024,
});

const ceil = (n: number, to: number): number => Math.ceil(n / to) * to;

/** The XS creation values for an app that runs `model` with one interpreter. */
export function creationFor(model: Model, options: CreationOptions = {}): Creation {
  const margin = options.margin ?? 1.25;
  const slotBytes = options.slotBytes ?? 16;
  const base = { chunkBytes: options.base?.chunkBytes ?? 16384, slots: options.base?.slots ?? 1024, stackSlots: options.base?.stackSlots ?? 0 };
  if (options.arenaBytes !== undefined && !(Number.isInteger(options.arenaBytes) && options.arenaBytes >= 0)) {
    throw new TinyMLArgumentError(`arenaBytes must be an integer >= 0; got ${String(options.arenaBytes)}`);
  }
  const arenaBytes = options.arenaBytes ?? Interpreter.plan(model, options.interpreter).arenaBytes;
  let quantParams = 0;
  let nameChars = 0;
  for (const t of model.tensors) {
    quantParams += t.quantization?.scale.length ?? 0;
    nameChars += t.name.length;
  }
  const tensors = model.tensors.length;
  const ops = model.operators.length;
  const f = CREATION_FIT;
  const parts: CreationParts = {
    arenaBytes,
    modelChunkBytes: f.model.chunkBytes + f.model.chunkPerTensor * tensors + f.model.chunkPerQuantParam * quantParams + f.model.chunkPerNameChar * nameChars + (options.modelInRam ? model.bytes.length : 0),
    modelSlots: f.model.slots + f.model.slotsPerTensor * tensors + f.model.slotsPerOp * ops,
    interpreterChunkBytes: f.interpreter.chunkBytes + f.interpreter.chunkPerOp * ops + f.interpreter.chunkPerQuantParam * quantParams,
    interpreterSlots: f.interpreter.slots + f.interpreter.slotsPerTensor * tensors + f.interpreter.slotsPerOp * ops,
    invokeChunkBytes: f.invoke.chunkBytes + f.invoke.chunkPerOp * ops,
    invokeSlots: f.invoke.slots + f.invoke.slotsPerOp * ops,
    stackSlots: f.stackSlots,
  };
  // The arena is one ArrayBuffer in the chunk heap: it needs one contiguous chunk, so no margin shrinks it.
  const chunk = ceil(arenaBytes + 16 + margin * (parts.modelChunkBytes + parts.interpreterChunkBytes + parts.invokeChunkBytes + base.chunkBytes), 1024);
  const heap = ceil(margin * (parts.modelSlots + parts.interpreterSlots + parts.invokeSlots + base.slots), 64);
  const stack = ceil(margin * (parts.stackSlots + base.stackSlots), 64);
  return {
    static: ceil(chunk + (heap + stack) * slotBytes, 1024),
    chunk: { initial: chunk, incremental: 0 },
    heap: { initial: heap, incremental: 0 },
    stack,
    parts,
  };
}
