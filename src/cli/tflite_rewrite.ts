/**
 * Rewrites a .tflite model: reads a loaded Model into plain data (tensors, operators with their
 * options tables), which a tool edits, and serializes that data again as a .tflite file.
 *
 * Serialization writes every object after the one that refers to it (FlatBuffers offsets point
 * forward), so an operator's builtin options table is copied byte for byte from the source model
 * (its scalars keep their layout) and only the offsets it holds are rewritten. Kept: the
 * schema version, description, op codes, the one subgraph's tensors (shape, type, data, name,
 * scale / zero point / quantized dimension, variable flag), operators (options, custom options,
 * intermediates), inputs and outputs. Dropped: metadata, signature defs, quantization min / max,
 * shape signatures (TFLM reads none of them to run a model).
 */
import { Model, type TensorSpec } from "../model/model";
import type { Table } from "../model/flatbuffer";
import { builtinOperatorName, BuiltinOperator, TensorType } from "../model/schema";

export interface QuantizationIR {
  scale: readonly number[];
  zeroPoint: readonly number[];
  quantizedDimension: number;
}

export interface TensorIR {
  name: string;
  type: number;
  shape: number[];
  /** Constant data (the bytes to store), or null for tensors that live in the arena. */
  data: Uint8Array | null;
  quantization: QuantizationIR | null;
  isVariable: boolean;
}

export interface OperatorIR {
  builtinCode: number;
  customCode: string | null;
  version: number;
  inputs: number[];
  outputs: number[];
  intermediates: number[];
  optionsType: number;
  /** The source model's builtin options table, copied as it is. */
  options: Table | null;
  customOptions: Uint8Array | null;
}

export interface ModelIR {
  description: string;
  tensors: TensorIR[];
  operators: OperatorIR[];
  inputs: number[];
  outputs: number[];
}

/** BuiltinOptions types whose tables hold offsets (an int vector in field 0): ReshapeOptions, SqueezeOptions. */
const OPTIONS_WITH_VECTOR: Readonly<Record<number, number>> = Object.freeze({ 17: 0, 30: 0 });
/** BuiltinOptions types with offsets this rewriter does not follow: ConcatEmbeddings, Bucketize, VarHandle (none is an op tinyml-xs runs). */
const OPTIONS_NOT_COPIED = new Set([3, 86, 111]);

export class RewriteError extends Error {}

function tensorIR(t: TensorSpec): TensorIR {
  const q = t.quantization;
  return {
    name: t.name,
    type: t.type,
    shape: [...t.shape],
    data: t.data,
    quantization: q === null ? null : { scale: Array.from(q.scale), zeroPoint: Array.from(q.zeroPoint), quantizedDimension: q.quantizedDimension },
    isVariable: t.isVariable,
  };
}

/** The model as editable data (constant data stays a view into the model's bytes). */
export function readModelIR(model: Model): ModelIR {
  const operators = model.operators.map((op): OperatorIR => {
    if (op.options !== null && OPTIONS_NOT_COPIED.has(op.optionsType)) throw new RewriteError(`operator ${op.index} (${op.name}) has options of type ${op.optionsType}, which this tool cannot copy`);
    return {
      builtinCode: op.builtinCode,
      customCode: op.customCode,
      version: op.version,
      inputs: [...op.inputs],
      outputs: [...op.outputs],
      intermediates: [...op.intermediates],
      optionsType: op.optionsType,
      options: op.options,
      customOptions: op.customOptions,
    };
  });
  return { description: model.description, tensors: model.tensors.map(tensorIR), operators, inputs: [...model.inputs], outputs: [...model.outputs] };
}

/** A growing byte array written front to back. */
class Out {
  bytes = new Uint8Array(1 << 16);
  view = new DataView(this.bytes.buffer);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }
  /** Zero bytes until the position is `phase` modulo `align`. */
  pad(align: number, phase = 0): void {
    const n = (((phase - this.length) % align) + align) % align;
    this.ensure(n);
    this.length += n; // the array is zero-filled
  }
  reserve(n: number): number {
    this.ensure(n);
    const pos = this.length;
    this.length += n;
    return pos;
  }
  put(b: Uint8Array): number {
    const pos = this.reserve(b.length);
    this.bytes.set(b, pos);
    return pos;
  }
  /** Makes the uoffset at `at` point to `target` (always forward). */
  link(at: number, target: number): void {
    if (target <= at) throw new Error(`flatbuffer writer: offset at ${at} would point back to ${target}`);
    this.view.setUint32(at, target - at, true);
  }
}

type Scalar = { id: number; size: 1 | 2 | 4 | 8; set: (view: DataView, pos: number) => void };

/** A table of scalars and offset slots; returns its position and the position of each offset slot by field id. */
function writeTable(out: Out, scalars: Scalar[], offsets: number[]): { table: number; slots: Map<number, number> } {
  const fields: { id: number; size: number; set?: Scalar["set"] }[] = [...scalars, ...offsets.map((id) => ({ id, size: 4 }))];
  fields.sort((a, b) => b.size - a.size);
  const maxId = fields.reduce((m, f) => Math.max(m, f.id), -1);
  // Field offsets within the table (which starts 8-aligned): the soffset, then the fields by size.
  let at = 4;
  const place = new Map<number, number>();
  for (const f of fields) {
    at = Math.ceil(at / f.size) * f.size;
    place.set(f.id, at);
    at += f.size;
  }
  const tableSize = Math.ceil(at / 4) * 4;
  const vtSize = 4 + 2 * (maxId + 1);
  out.pad(8, (8 - (vtSize % 8)) % 8);
  const vt = out.reserve(vtSize);
  out.view.setUint16(vt, vtSize, true);
  out.view.setUint16(vt + 2, tableSize, true);
  for (const [id, off] of place) out.view.setUint16(vt + 4 + 2 * id, off, true);
  const table = out.reserve(tableSize);
  out.view.setInt32(table, table - vt, true);
  const slots = new Map<number, number>();
  for (const f of fields) {
    const pos = table + place.get(f.id)!;
    if (f.set !== undefined) f.set(out.view, pos);
    else slots.set(f.id, pos);
  }
  return { table, slots };
}

const u8 = (id: number, v: number): Scalar => ({ id, size: 1, set: (d, p) => d.setUint8(p, v) });
const i32 = (id: number, v: number): Scalar => ({ id, size: 4, set: (d, p) => d.setInt32(p, v, true) });

/** A vector of `count` elements of `size` bytes, elements aligned to `align`; returns the first element's position. */
function vectorAt(out: Out, slot: number, count: number, size: number, align = Math.max(4, size)): number {
  out.pad(align, align - 4);
  const pos = out.reserve(4 + count * size);
  out.view.setUint32(pos, count, true);
  out.link(slot, pos);
  return pos + 4;
}

function i32VectorAt(out: Out, slot: number, values: readonly number[]): void {
  const p = vectorAt(out, slot, values.length, 4);
  values.forEach((v, i) => out.view.setInt32(p + 4 * i, v, true));
}

function stringAt(out: Out, slot: number, s: string): void {
  const b = new TextEncoder().encode(s);
  const p = vectorAt(out, slot, b.length, 1, 4);
  out.bytes.set(b, p);
  out.reserve(1); // the terminating NUL, not counted in the length
}

function bytesAt(out: Out, slot: number, b: Uint8Array, align: number): void {
  const p = vectorAt(out, slot, b.length, 1, align); // may grow out.bytes: read it after
  out.bytes.set(b, p);
}

/** A vector of tables: writes each with `write(i)` after the vector and links it. */
function tablesAt(out: Out, slot: number, count: number, write: (i: number) => number): void {
  const p = vectorAt(out, slot, count, 4);
  for (let i = 0; i < count; i++) out.link(p + 4 * i, write(i));
}

/** A table, then what its offset slots point to (written by `children`, after it); returns the table's position. */
function tableWith(out: Out, scalars: Scalar[], offsets: number[], children: (slots: Map<number, number>) => void): number {
  const { table, slots } = writeTable(out, scalars, offsets);
  children(slots);
  return table;
}

/** Copies an options table as it is (vtable, then the table at the same alignment), rewriting the offsets it holds. */
function copyOptions(out: Out, t: Table, type: number): number {
  const fb = t.fb;
  const vt = t.pos - fb.i32(t.pos);
  const vtSize = fb.u16(vt), tableSize = fb.u16(vt + 2);
  out.pad(2);
  const newVt = out.put(fb.bytes.subarray(vt, vt + vtSize));
  out.pad(8, t.pos % 8);
  const table = out.put(fb.bytes.subarray(t.pos, t.pos + tableSize));
  out.view.setInt32(table, table - newVt, true);
  const vectorField = OPTIONS_WITH_VECTOR[type];
  if (vectorField !== undefined) {
    const values = t.i32Vector(vectorField);
    const slot = 4 + 2 * vectorField < vtSize ? fb.u16(vt + 4 + 2 * vectorField) : 0;
    if (values !== null && slot !== 0) i32VectorAt(out, table + slot, values);
  }
  return table;
}

/** Serializes the model as .tflite bytes (one subgraph, file identifier TFL3). */
export function writeModel(m: ModelIR): Uint8Array {
  const out = new Out();
  const header = out.reserve(8);
  out.bytes.set([0x54, 0x46, 0x4c, 0x33], 4); // "TFL3"

  // Op codes: one per (code, custom code, version) in order of first use.
  const codes: { builtinCode: number; customCode: string | null; version: number }[] = [];
  const opcodeIndex = m.operators.map((op) => {
    let k = codes.findIndex((c) => c.builtinCode === op.builtinCode && c.customCode === op.customCode && c.version === op.version);
    if (k < 0) k = codes.push({ builtinCode: op.builtinCode, customCode: op.customCode, version: op.version }) - 1;
    return k;
  });
  // Buffers: 0 is the empty one; each distinct constant gets one (tensors sharing a view share it).
  const buffers: Uint8Array[] = [];
  const bufferOf = new Map<Uint8Array, number>();
  const tensorBuffer = m.tensors.map((t) => {
    if (t.data === null) return 0;
    let b = bufferOf.get(t.data);
    if (b === undefined) {
      b = buffers.push(t.data);
      bufferOf.set(t.data, b);
    }
    return b;
  });

  const model = tableWith(out, [i32(0, 3)], [1, 2, 3, 4], (s) => {
    tablesAt(out, s.get(1)!, codes.length, (i) => {
      const c = codes[i]!;
      return tableWith(out, [u8(0, Math.min(c.builtinCode, 127)), i32(2, c.version), i32(3, c.builtinCode)], c.customCode === null ? [] : [1], (cs) => {
        if (c.customCode !== null) stringAt(out, cs.get(1)!, c.customCode);
      });
    });
    tablesAt(out, s.get(2)!, 1, () =>
      tableWith(out, [], [0, 1, 2, 3], (g) => {
        tablesAt(out, g.get(0)!, m.tensors.length, (i) => writeTensor(out, m.tensors[i]!, tensorBuffer[i]!));
        i32VectorAt(out, g.get(1)!, m.inputs);
        i32VectorAt(out, g.get(2)!, m.outputs);
        tablesAt(out, g.get(3)!, m.operators.length, (i) => writeOperator(out, m.operators[i]!, opcodeIndex[i]!));
      }),
    );
    stringAt(out, s.get(3)!, m.description);
    tablesAt(out, s.get(4)!, buffers.length + 1, (i) =>
      tableWith(out, [], i === 0 ? [] : [0], (b) => {
        if (i > 0) bytesAt(out, b.get(0)!, buffers[i - 1]!, 16);
      }),
    );
  });
  out.view.setUint32(header, model, true);
  return out.bytes.slice(0, out.length);
}

function writeTensor(out: Out, t: TensorIR, buffer: number): number {
  const scalars: Scalar[] = [u8(1, t.type), i32(2, buffer)];
  if (t.isVariable) scalars.push(u8(5, 1));
  return tableWith(out, scalars, t.quantization === null ? [0, 3] : [0, 3, 4], (s) => {
    i32VectorAt(out, s.get(0)!, t.shape);
    stringAt(out, s.get(3)!, t.name);
    const q = t.quantization;
    if (q !== null) {
      out.link(
        s.get(4)!,
        tableWith(out, [i32(6, q.quantizedDimension)], [2, 3], (qs) => {
          const f = vectorAt(out, qs.get(2)!, q.scale.length, 4);
          q.scale.forEach((v, i) => out.view.setFloat32(f + 4 * i, v, true));
          const z = vectorAt(out, qs.get(3)!, q.zeroPoint.length, 8);
          q.zeroPoint.forEach((v, i) => out.view.setBigInt64(z + 8 * i, BigInt(v), true));
        }),
      );
    }
  });
}

function writeOperator(out: Out, op: OperatorIR, opcode: number): number {
  const scalars: Scalar[] = [i32(0, opcode)];
  const offsets = [1, 2];
  if (op.options !== null) {
    scalars.push(u8(3, op.optionsType));
    offsets.push(4);
  }
  if (op.customOptions !== null) offsets.push(5);
  if (op.intermediates.length > 0) offsets.push(8);
  return tableWith(out, scalars, offsets, (s) => {
    i32VectorAt(out, s.get(1)!, op.inputs);
    i32VectorAt(out, s.get(2)!, op.outputs);
    if (op.options !== null) out.link(s.get(4)!, copyOptions(out, op.options, op.optionsType));
    if (op.customOptions !== null) bytesAt(out, s.get(5)!, op.customOptions, 4);
    if (op.intermediates.length > 0) i32VectorAt(out, s.get(8)!, op.intermediates);
  });
}

/** A short name for an operator of the IR, as Model names it ("CONV_2D", "CUSTOM:TFLM_DECODE"). */
export function operatorName(op: OperatorIR): string {
  return op.builtinCode === BuiltinOperator.CUSTOM ? `CUSTOM:${op.customCode ?? ""}` : builtinOperatorName(op.builtinCode);
}

export { TensorType };
