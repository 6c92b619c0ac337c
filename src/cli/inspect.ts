/** `tinyml inspect`: what a model holds and what running it costs, as text or JSON. */
import { ModelError, UnsupportedOpsError } from "../errors";
import { Interpreter } from "../interpreter/interpreter";
import type { Model } from "../model/model";
import { tensorTypeName } from "../model/schema";
import { defaultResolver } from "../ops/resolver";
import { type CompressionSummary, compressionSummary, formatCompression } from "./inspect_compression";

export interface InspectReport {
  description: string;
  bytes: number;
  arenaBytes: number | null;
  macs: number | null;
  parameterBytes: number;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  ops: { index: number; op: string; version: number; supported: boolean; macs: number | null; parameterBytes: number; inputs: number[]; outputs: number[] }[];
  unsupported: { operator: number; operators: number[]; details: string[]; op: string; version: number; reason: string }[];
  tensors: TensorSummary[];
  /** Compressed weights (TFLM_DECODE operators) and the flash they save; null when there are none. */
  compression: CompressionSummary | null;
  error?: string;
}

interface TensorSummary {
  index: number;
  name: string;
  type: string;
  shape: number[];
  bytes: number;
  constant: boolean;
  scale?: number[];
  zeroPoint?: number[];
}

function summary(model: Model, index: number): TensorSummary {
  const t = model.tensor(index);
  const s: TensorSummary = { index, name: t.name, type: tensorTypeName(t.type), shape: [...t.shape], bytes: t.byteLength, constant: t.data !== null };
  if (t.quantization !== null) {
    s.scale = [...t.quantization.scale];
    s.zeroPoint = [...t.quantization.zeroPoint];
  }
  return s;
}

export function inspectModel(model: Model, bytes: number): InspectReport {
  const unsupported: InspectReport["unsupported"] = [];
  let plan: ReturnType<typeof Interpreter.plan> | null = null;
  let error: string | undefined;
  try {
    plan = Interpreter.plan(model);
  } catch (e) {
    if (e instanceof UnsupportedOpsError) unsupported.push(...e.ops);
    else if (e instanceof ModelError) error = e.message;
    else throw e;
  }
  const refused = new Set(unsupported.flatMap((u) => u.operators));
  const paramBytes = (inputs: readonly number[]) => inputs.reduce((s, i) => s + (i >= 0 ? (model.tensor(i).data?.byteLength ?? 0) : 0), 0);
  const ops = model.operators.map((op, i) => ({
    index: op.index,
    op: op.name,
    version: op.version,
    supported: defaultResolver.find(op.builtinCode, op.customCode) !== undefined && !refused.has(op.index),
    macs: plan === null ? null : plan.ops[i]!.macs,
    parameterBytes: paramBytes(op.inputs),
    inputs: [...op.inputs],
    outputs: [...op.outputs],
  }));
  const report: InspectReport = {
    description: model.description,
    bytes,
    arenaBytes: plan?.arenaBytes ?? null,
    macs: plan?.macs ?? null,
    parameterBytes: model.tensors.reduce((s, t) => s + (t.data?.byteLength ?? 0), 0),
    inputs: model.inputs.map((i) => summary(model, i)),
    outputs: model.outputs.map((i) => summary(model, i)),
    ops,
    unsupported,
    tensors: model.tensors.map((t) => summary(model, t.index)),
    compression: compressionSummary(model),
  };
  if (error !== undefined) report.error = error;
  return report;
}

function fmt(n: number | null): string {
  return n === null ? "-" : n.toLocaleString("en-US");
}

function tensorLine(t: TensorSummary): string {
  const q = t.scale === undefined ? "" : t.scale.length === 1 ? ` scale=${t.scale[0]} zero_point=${t.zeroPoint![0]}` : ` per-channel(${t.scale.length})`;
  return `  #${t.index} ${t.name} ${t.type}[${t.shape.join(",")}] ${t.bytes} bytes${q}`;
}

export function formatInspect(r: InspectReport): string {
  const lines: string[] = [];
  if (r.description) lines.push(`description: ${r.description}`);
  lines.push(`model: ${fmt(r.bytes)} bytes, parameters: ${fmt(r.parameterBytes)} bytes`);
  lines.push(`arena: ${fmt(r.arenaBytes)} bytes, MACs per inference: ${fmt(r.macs)}`);
  lines.push("inputs:", ...r.inputs.map(tensorLine));
  lines.push("outputs:", ...r.outputs.map(tensorLine));
  lines.push("ops:");
  const w = Math.max(...r.ops.map((o) => o.op.length), 2);
  for (const o of r.ops) {
    lines.push(`  ${String(o.index).padStart(3)} ${o.op.padEnd(w)} v${o.version}  MACs ${fmt(o.macs).padStart(11)}  params ${fmt(o.parameterBytes).padStart(8)} B${o.supported ? "" : "  UNSUPPORTED"}`);
  }
  if (r.unsupported.length > 0) {
    lines.push("unsupported:");
    for (const u of r.unsupported) lines.push(`  ${u.op} v${u.version} (${u.operators.length === 1 ? "operator" : `${u.operators.length} operators:`} ${u.operators.join(", ")}): ${u.reason}`);
  }
  if (r.compression !== null) lines.push(...formatCompression(r.compression));
  if (r.error !== undefined) lines.push(`error: ${r.error}`);
  return lines.join("\n");
}
