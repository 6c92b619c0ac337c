/**
 * A validating, zero-copy FlatBuffers reader. Every offset and length is checked against the
 * buffer before it is followed, so a malformed or truncated file raises a ModelError instead of
 * reading garbage, throwing a RangeError, or looping. Reading never copies the bytes.
 */
import { ModelError } from "../errors";

/** Longest vector accepted, as a sanity bound against absurd counts. */
const MAX_VECTOR_LENGTH = 0x10000000;

export class FlatBuffer {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly length: number;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  /** Throws TRUNCATED unless [pos, pos + size) lies inside the buffer. */
  check(pos: number, size: number, what: string): void {
    if (!(pos >= 0 && size >= 0 && pos + size <= this.length)) {
      throw new ModelError("TRUNCATED", `${what}: bytes ${pos}..${pos + size} lie outside the ${this.length}-byte model`);
    }
  }

  u8(pos: number): number {
    this.check(pos, 1, "u8");
    return this.view.getUint8(pos);
  }
  u16(pos: number): number {
    this.check(pos, 2, "u16");
    return this.view.getUint16(pos, true);
  }
  i32(pos: number): number {
    this.check(pos, 4, "i32");
    return this.view.getInt32(pos, true);
  }
  u32(pos: number): number {
    this.check(pos, 4, "u32");
    return this.view.getUint32(pos, true);
  }

  /** The root table (first 4 bytes: offset to it). */
  root(name: string): Table {
    if (this.length < 8) throw new ModelError("TRUNCATED", `the model is ${this.length} bytes long, too short for a FlatBuffer`);
    return this.table(this.u32(0), name, 0);
  }

  table(pos: number, name: string, index?: number): Table {
    const where = { table: name, index };
    if (pos < 0 || pos + 4 > this.length) throw new ModelError("TRUNCATED", `table at ${pos} lies outside the model`, where);
    const vt = pos - this.i32(pos);
    if (vt < 0 || vt + 4 > this.length) throw new ModelError("TRUNCATED", `vtable at ${vt} lies outside the model`, where);
    const vtSize = this.u16(vt);
    if (vtSize < 4 || (vtSize & 1) !== 0 || vt + vtSize > this.length) throw new ModelError("BAD_FORMAT", `vtable of ${vtSize} bytes is malformed`, where);
    const tableSize = this.u16(vt + 2);
    if (pos + tableSize > this.length) throw new ModelError("TRUNCATED", `table of ${tableSize} bytes runs past the end of the model`, where);
    return new Table(this, pos, vt, vtSize, tableSize, name, index);
  }
}

/** A vector's element count and the position of its first element. */
export interface VectorRef {
  pos: number;
  length: number;
}

export class Table {
  constructor(
    readonly fb: FlatBuffer,
    readonly pos: number,
    private readonly vt: number,
    private readonly vtSize: number,
    private readonly tableSize: number,
    readonly name: string,
    readonly index: number | undefined,
  ) {}

  private fail(code: "TRUNCATED" | "BAD_FORMAT", message: string, field: string): never {
    throw new ModelError(code, message, { table: this.name, index: this.index, field });
  }

  /** Absolute position of a field's inline data, or 0 when absent. */
  private field(id: number, size: number, fieldName: string): number {
    const slot = 4 + 2 * id;
    if (slot + 2 > this.vtSize) return 0;
    const off = this.fb.u16(this.vt + slot);
    if (off === 0) return 0;
    if (off + size > this.tableSize) this.fail("BAD_FORMAT", `field at ${off} overruns its ${this.tableSize}-byte table`, fieldName);
    return this.pos + off;
  }

  has(id: number): boolean {
    const slot = 4 + 2 * id;
    return slot + 2 <= this.vtSize && this.fb.u16(this.vt + slot) !== 0;
  }

  u8(id: number, def: number, fieldName = `#${id}`): number {
    const p = this.field(id, 1, fieldName);
    return p === 0 ? def : this.fb.view.getUint8(p);
  }
  i8(id: number, def: number, fieldName = `#${id}`): number {
    const p = this.field(id, 1, fieldName);
    return p === 0 ? def : this.fb.view.getInt8(p);
  }
  bool(id: number, def: boolean, fieldName = `#${id}`): boolean {
    const p = this.field(id, 1, fieldName);
    return p === 0 ? def : this.fb.view.getUint8(p) !== 0;
  }
  i32(id: number, def: number, fieldName = `#${id}`): number {
    const p = this.field(id, 4, fieldName);
    return p === 0 ? def : this.fb.view.getInt32(p, true);
  }
  u32(id: number, def: number, fieldName = `#${id}`): number {
    const p = this.field(id, 4, fieldName);
    return p === 0 ? def : this.fb.view.getUint32(p, true);
  }
  f32(id: number, def: number, fieldName = `#${id}`): number {
    const p = this.field(id, 4, fieldName);
    return p === 0 ? def : this.fb.view.getFloat32(p, true);
  }
  /** A 64-bit integer field as a JS number (exact up to 2^53; larger magnitudes are rejected). */
  i64(id: number, def: number, fieldName = `#${id}`): number {
    const p = this.field(id, 8, fieldName);
    if (p === 0) return def;
    const lo = this.fb.view.getUint32(p, true);
    const hi = this.fb.view.getInt32(p + 4, true);
    if (hi > 0x1fffff || hi < -0x200000) this.fail("BAD_FORMAT", "64-bit value out of range", fieldName);
    return hi * 0x100000000 + lo;
  }

  /** Follows an offset field; returns the absolute target position or 0 when absent. */
  private ref(id: number, fieldName: string): number {
    const p = this.field(id, 4, fieldName);
    if (p === 0) return 0;
    const target = p + this.fb.view.getUint32(p, true);
    if (target + 4 > this.fb.length) this.fail("TRUNCATED", `offset to ${target} lies outside the model`, fieldName);
    return target;
  }

  table(id: number, name: string, index?: number): Table | null {
    const p = this.ref(id, name);
    return p === 0 ? null : this.fb.table(p, name, index);
  }

  /** A vector of elements of elemSize bytes each, bounds-checked. */
  vector(id: number, elemSize: number, fieldName = `#${id}`): VectorRef | null {
    const p = this.ref(id, fieldName);
    if (p === 0) return null;
    const length = this.fb.view.getUint32(p, true);
    if (length > MAX_VECTOR_LENGTH || p + 4 + length * elemSize > this.fb.length) {
      this.fail("TRUNCATED", `vector of ${length} x ${elemSize} bytes at ${p} runs past the end of the model`, fieldName);
    }
    return { pos: p + 4, length };
  }

  /** A vector of int32 as a plain array (copied: these are small index lists and shapes). */
  i32Vector(id: number, fieldName = `#${id}`): number[] | null {
    const v = this.vector(id, 4, fieldName);
    if (v === null) return null;
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.fb.view.getInt32(v.pos + 4 * i, true);
    return out;
  }

  f32Vector(id: number, fieldName = `#${id}`): number[] | null {
    const v = this.vector(id, 4, fieldName);
    if (v === null) return null;
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.fb.view.getFloat32(v.pos + 4 * i, true);
    return out;
  }

  i64Vector(id: number, fieldName = `#${id}`): number[] | null {
    const v = this.vector(id, 8, fieldName);
    if (v === null) return null;
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) {
      const lo = this.fb.view.getUint32(v.pos + 8 * i, true);
      const hi = this.fb.view.getInt32(v.pos + 8 * i + 4, true);
      if (hi > 0x1fffff || hi < -0x200000) this.fail("BAD_FORMAT", "64-bit value out of range", fieldName);
      out[i] = hi * 0x100000000 + lo;
    }
    return out;
  }

  /** A byte vector as a zero-copy view into the model. */
  bytesView(id: number, fieldName = `#${id}`): Uint8Array | null {
    const v = this.vector(id, 1, fieldName);
    if (v === null) return null;
    return this.fb.bytes.subarray(v.pos, v.pos + v.length);
  }

  /** A vector of tables. */
  tables(id: number, name: string): Table[] {
    const v = this.vector(id, 4, name);
    if (v === null) return [];
    const out = new Array<Table>(v.length);
    for (let i = 0; i < v.length; i++) {
      const p = v.pos + 4 * i;
      out[i] = this.fb.table(p + this.fb.view.getUint32(p, true), name, i);
    }
    return out;
  }

  string(id: number, fieldName = `#${id}`): string | null {
    const b = this.bytesView(id, fieldName);
    if (b === null) return null;
    return decodeUtf8(b);
  }
}

/** UTF-8 decoding without TextDecoder (which XS hosts may lack). Invalid sequences become U+FFFD. */
export function decodeUtf8(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; ) {
    const c = b[i++]!;
    let cp: number;
    if (c < 0x80) cp = c;
    else if (c >= 0xc0 && c < 0xe0 && i < b.length) cp = ((c & 0x1f) << 6) | (b[i++]! & 0x3f);
    else if (c >= 0xe0 && c < 0xf0 && i + 1 < b.length) {
      cp = ((c & 0x0f) << 12) | ((b[i]! & 0x3f) << 6) | (b[i + 1]! & 0x3f);
      i += 2;
    } else if (c >= 0xf0 && c < 0xf8 && i + 2 < b.length) {
      cp = ((c & 0x07) << 18) | ((b[i]! & 0x3f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
      i += 3;
    } else cp = 0xfffd;
    if (cp > 0x10ffff) cp = 0xfffd;
    s += String.fromCodePoint(cp);
    if (s.length > 4096) break; // names are for humans; bound the work on hostile input
  }
  return s;
}
