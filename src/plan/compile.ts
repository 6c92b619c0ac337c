/**
 * `tinyml compile`: the ahead-of-time plan of a model for a kernel set, as bytes for
 * CompiledPlan.from. Each op is prepared and bound with a recording kernel set
 * (src/plan/plan_recorder.ts) whose kernel calls become the plan's records, with the arena layout,
 * the graph's inputs and outputs and the reset table. Compile with the kernels the device runs
 * (their work buffers are part of the layout); the same model and kernels give the same bytes.
 */
import { analyze, bindOps, type InterpreterOptions, PERSISTENT, selectKernels, variableResetByte } from "../interpreter/interpreter";
import { BUFFER_FIELDS } from "../interpreter/planner";
import { portableKernels } from "../kernels/portable/index";
import type { Model } from "../model/model";
import { BuiltinOperator } from "../model/schema";
import { defaultResolver } from "../ops/resolver";
import { ARG_ARENA, ARG_NULL, ELEM_UINT8, encodePlan, KERNEL_COPY, kernelSetOf, type PlanArg, type PlanIoTensor } from "./compiled_plan";
import { describeArgs, recordingKernels } from "./plan_recorder";

/** The plan's bytes for `model` with `options.kernels` (default: this host's) and `options.resolver`. */
export function compilePlan(model: Model, options: Pick<InterpreterOptions, "kernels" | "resolver"> = {}): Uint8Array {
  const kernels = selectKernels(options.kernels);
  const recorder = recordingKernels(kernels);
  return model.withDecodedTensors(() => {
    const a = analyze(model, recorder.kernels, options.resolver ?? defaultResolver);
    const arena = new ArrayBuffer(a.table.arenaBytes);
    const bound = bindOps(model, recorder.kernels, a, arena);
    const table = a.table;
    // where a tensor is: the arena, the model's bytes (constants), nowhere (-1 offsets: unused)
    const place = (index: number): { kind: number; offset: number } => {
      const t = model.tensor(index);
      if (t.data !== null) return describeArgs([t.data], arena, model.bytes)![0]!;
      const offset = table.tensorOffsets[index]!;
      return offset < 0 ? { kind: ARG_NULL, offset: 0 } : { kind: ARG_ARENA, offset };
    };
    const ops = bound.runs.map((run, i) => {
      const op = model.operator(i);
      const call = recorder.calls.get(run);
      let kernel = -1, args: PlanArg[] | null = null;
      if (call !== undefined) {
        kernel = call.kernel;
        args = describeArgs(call.args, arena, model.bytes);
      } else if (op.builtinCode === BuiltinOperator.RESHAPE) {
        // RESHAPE binds a byte copy (nothing when planned in place)
        const from = place(op.inputs[0]!), to = place(op.outputs[0]!), bytes = model.tensor(op.outputs[0]!).byteLength;
        kernel = KERNEL_COPY;
        args = [{ ...from, bytes, elem: ELEM_UINT8 }, { ...to, bytes, elem: ELEM_UINT8 }];
      }
      return { builtinCode: op.builtinCode, macs: table.macs[i]!, kernel, args, packed: a.constants[i]! };
    });
    const io = (index: number): PlanIoTensor => {
      const t = model.tensor(index), q = t.quantization;
      return { tensor: index, type: t.type, ...place(index), bytes: t.byteLength, scale: q?.scale[0] ?? 0, zeroPoint: q?.zeroPoint[0] ?? 0, shape: t.shape };
    };
    const resets: number[] = [];
    const b = table.buffers;
    for (let i = 0; i < b.length; i += BUFFER_FIELDS) if (b[i + 4] === PERSISTENT) resets.push(b[i + 3]!, b[i]!, 0);
    for (let i = 0; i < model.tensorCount; i++) {
      const t = model.tensor(i);
      if (t.isVariable && t.data === null && table.tensorOffsets[i]! >= 0) resets.push(table.tensorOffsets[i]!, t.byteLength, variableResetByte(t));
    }
    return encodePlan({
      kernelSet: kernelSetOf(kernels === portableKernels), model: model.bytes, arenaBytes: table.arenaBytes, buffers: table.buffers, ops,
      inputs: model.inputs.map(io), outputs: model.outputs.map(io), resets: Int32Array.from(resets),
    });
  });
}
