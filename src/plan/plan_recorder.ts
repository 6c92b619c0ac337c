/**
 * `tinyml compile`'s recorder: a kernel set whose PLAN_KERNELS record the call an op binds
 * (`k.conv2dInt8.bind(null, p, x, w, b, y, s)`, see src/ops/op.ts) instead of binding it, and the
 * description of each recorded argument as the plan stores it (a view of the arena, of the
 * model's bytes, or a constant the plan keeps). Everything else (the scratch-size queries, the
 * other kernels) is the real kernel set's, so prepare computes exactly what it computes at run time.
 */
import type { Kernels } from "../kernels/kernels";
import {
  ARG_ARENA, ARG_LIST, ARG_MODEL, ARG_NULL, ARG_PLAN, ELEM_FLOAT32, ELEM_INT16, ELEM_INT32, ELEM_INT8, ELEM_UINT16, ELEM_UINT32, ELEM_UINT8,
  PLAN_KERNELS, type PlanArg,
} from "./compiled_plan";

/** A kernel call an op bound: the kernel's index in PLAN_KERNELS and the arguments it was bound to. */
export interface RecordedCall {
  kernel: number;
  args: readonly unknown[];
}

/** A kernel set over `base` whose plan kernels record their binds into `calls` (keyed by the function bind returned). */
export function recordingKernels(base: Kernels): { kernels: Kernels; calls: Map<() => void, RecordedCall> } {
  const calls = new Map<() => void, RecordedCall>();
  const kernels = Object.create(base) as Kernels;
  PLAN_KERNELS.forEach((name, kernel) => {
    if (name === "copy") return;
    const face = (): void => {
      throw new Error(`${name}: a recording kernel only binds`);
    };
    Object.defineProperty(face, "bind", {
      value: (_this: unknown, ...args: unknown[]) => {
        const mark = (): void => {};
        calls.set(mark, { kernel, args });
        return mark;
      },
    });
    Object.defineProperty(kernels, name, { value: face, enumerable: true });
  });
  return { kernels, calls };
}

type View = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array;

function elementType(v: unknown): number {
  if (v instanceof Int8Array) return ELEM_INT8;
  if (v instanceof Uint8Array) return ELEM_UINT8;
  if (v instanceof Int16Array) return ELEM_INT16;
  if (v instanceof Uint16Array) return ELEM_UINT16;
  if (v instanceof Int32Array) return ELEM_INT32;
  if (v instanceof Uint32Array) return ELEM_UINT32;
  if (v instanceof Float32Array) return ELEM_FLOAT32;
  return 0;
}

/**
 * The plan's arguments for a recorded call's arguments, or null when one is not a view the plan
 * can store (a number, an object, a Float64Array: such an op keeps its prepare).
 */
export function describeArgs(args: readonly unknown[], arena: ArrayBuffer, model: Uint8Array): PlanArg[] | null {
  const out: PlanArg[] = [];
  const one = (v: unknown): boolean => {
    if (v === null || v === undefined) {
      out.push({ kind: ARG_NULL, offset: 0, bytes: 0, elem: 0 });
      return true;
    }
    const elem = elementType(v);
    if (elem === 0) return false;
    const view = v as View;
    if (view.buffer === arena) {
      out.push({ kind: ARG_ARENA, offset: view.byteOffset, bytes: view.byteLength, elem });
    } else if (view.buffer === model.buffer && view.byteOffset >= model.byteOffset && view.byteOffset + view.byteLength <= model.byteOffset + model.byteLength) {
      out.push({ kind: ARG_MODEL, offset: view.byteOffset - model.byteOffset, bytes: view.byteLength, elem });
    } else {
      out.push({ kind: ARG_PLAN, offset: 0, bytes: view.byteLength, elem, data: view });
    }
    return true;
  };
  for (const a of args) {
    if (Array.isArray(a)) {
      out.push({ kind: ARG_LIST, offset: a.length, bytes: 0, elem: 0 });
      for (const item of a) if (Array.isArray(item) || !one(item)) return null;
    } else if (!one(a)) return null;
  }
  return out;
}
