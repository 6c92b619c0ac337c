/**
 * A small validating FlexBuffers reader, for the custom options of custom ops (TFLite stores them
 * as a FlexBuffer, usually a map from option names to scalars). Every read is bounds-checked and
 * every malformed structure raises a ModelError; reading never recurses on its own and never
 * loops more than the buffer is long, so it cannot hang. Runs at prepare time only (it allocates).
 *
 * Format facts: the last byte is the root's byte width, the one before it the root's packed type
 * (type << 2 | log2 of its own width), the root value sits just before that. Offsets (strings,
 * vectors, maps, indirect scalars) are unsigned and point backwards. A vector is preceded by its
 * length; an untyped vector (and a map's values) is followed by one packed type byte per element;
 * a map is a values vector preceded by [keys vector offset, keys byte width, length].
 */
import { ModelError } from "../errors";

/** FlexBuffers value types. */
export const FlexType = Object.freeze({
  NULL: 0,
  INT: 1,
  UINT: 2,
  FLOAT: 3,
  KEY: 4,
  STRING: 5,
  INDIRECT_INT: 6,
  INDIRECT_UINT: 7,
  INDIRECT_FLOAT: 8,
  MAP: 9,
  VECTOR: 10,
  VECTOR_INT: 11,
  VECTOR_UINT: 12,
  VECTOR_FLOAT: 13,
  VECTOR_KEY: 14,
  VECTOR_STRING_DEPRECATED: 15,
  VECTOR_INT2: 16,
  VECTOR_UINT2: 17,
  VECTOR_FLOAT2: 18,
  VECTOR_INT3: 19,
  VECTOR_UINT3: 20,
  VECTOR_FLOAT3: 21,
  VECTOR_INT4: 22,
  VECTOR_UINT4: 23,
  VECTOR_FLOAT4: 24,
  BLOB: 25,
  BOOL: 26,
  VECTOR_BOOL: 36,
} as const);

const TWO_32 = 4294967296;

function fail(message: string): never {
  throw new ModelError("BAD_FORMAT", `custom options (FlexBuffer): ${message}`, { table: "Operator", field: "custom_options" });
}

/** One FlexBuffers value: where it is, the width it is stored in, and its type. */
export class FlexRef {
  constructor(
    private readonly buf: FlexBuffer,
    /** Position of the value (inline scalar) or of the offset to it. */
    readonly pos: number,
    /** Width of the slot at pos (the parent's width). */
    readonly parentWidth: number,
    /** Width of the pointed-to data (from the packed type). */
    readonly byteWidth: number,
    readonly type: number,
  ) {}

  get isNull(): boolean {
    return this.type === FlexType.NULL;
  }

  /** The position an offset-typed value points to. */
  private target(): number {
    const off = this.buf.readUint(this.pos, this.parentWidth);
    const t = this.pos - off;
    if (t < 0) fail(`offset ${off} at ${this.pos} points before the buffer`);
    return t;
  }

  /** An integer (INT, UINT, BOOL or their indirect forms); fails beyond +-2^53 or for other types. */
  asInt(): number {
    switch (this.type) {
      case FlexType.INT:
        return this.buf.readInt(this.pos, this.parentWidth);
      case FlexType.UINT:
      case FlexType.BOOL:
        return this.buf.readUint(this.pos, this.parentWidth);
      case FlexType.INDIRECT_INT:
        return this.buf.readInt(this.target(), this.byteWidth);
      case FlexType.INDIRECT_UINT:
        return this.buf.readUint(this.target(), this.byteWidth);
      default:
        return fail(`expected an integer, found type ${this.type}`);
    }
  }

  /** A number: integers as asInt, FLOAT / INDIRECT_FLOAT as stored (float32 or float64). */
  asNumber(): number {
    if (this.type === FlexType.FLOAT) return this.buf.readFloat(this.pos, this.parentWidth);
    if (this.type === FlexType.INDIRECT_FLOAT) return this.buf.readFloat(this.target(), this.byteWidth);
    return this.asInt();
  }

  /** A boolean: BOOL, or any integer (non-zero is true). */
  asBool(): boolean {
    return this.asInt() !== 0;
  }

  /** A KEY or STRING as text (bytes as Latin-1 / ASCII; no TextDecoder on XS). */
  asString(): string {
    if (this.type === FlexType.KEY) return this.buf.readCString(this.target());
    if (this.type === FlexType.STRING) {
      const t = this.target();
      const n = this.buf.readUint(t - this.byteWidth, this.byteWidth);
      this.buf.check(t, n, "string");
      return this.buf.latin1(t, n);
    }
    return fail(`expected a string, found type ${this.type}`);
  }

  /** A MAP. */
  asMap(): FlexMap {
    if (this.type !== FlexType.MAP) fail(`expected a map, found type ${this.type}`);
    return new FlexMap(this.buf, this.target(), this.byteWidth);
  }

  /** Any vector (untyped, typed, fixed-length typed, or a map's values) as a FlexVector. */
  asVector(): FlexVector {
    const t = this.type;
    if (t === FlexType.VECTOR || t === FlexType.MAP) return FlexVector.untyped(this.buf, this.target(), this.byteWidth);
    if ((t >= FlexType.VECTOR_INT && t <= FlexType.VECTOR_KEY) || t === FlexType.VECTOR_BOOL) {
      const elem = t === FlexType.VECTOR_BOOL ? FlexType.BOOL : t - FlexType.VECTOR_INT + FlexType.INT;
      return FlexVector.typed(this.buf, this.target(), this.byteWidth, elem, -1);
    }
    if (t >= FlexType.VECTOR_INT2 && t <= FlexType.VECTOR_FLOAT4) {
      const k = t - FlexType.VECTOR_INT2;
      return FlexVector.typed(this.buf, this.target(), this.byteWidth, FlexType.INT + (k % 3), 2 + Math.floor(k / 3));
    }
    return fail(`expected a vector, found type ${this.type}`);
  }

  /** A vector of numbers (every element through asNumber). */
  asNumbers(): number[] {
    const v = this.asVector();
    const out: number[] = [];
    for (let i = 0; i < v.length; i++) out.push(v.get(i).asNumber());
    return out;
  }
}

export class FlexVector {
  private constructor(
    private readonly buf: FlexBuffer,
    private readonly pos: number,
    private readonly width: number,
    readonly length: number,
    /** Element type for typed vectors, -1 for untyped ones (types follow the elements). */
    private readonly elemType: number,
  ) {}

  static untyped(buf: FlexBuffer, pos: number, width: number): FlexVector {
    const n = buf.readLength(pos, width);
    buf.check(pos, n * width + n, "vector");
    return new FlexVector(buf, pos, width, n, -1);
  }

  static typed(buf: FlexBuffer, pos: number, width: number, elemType: number, fixedLength: number): FlexVector {
    const n = fixedLength >= 0 ? fixedLength : buf.readLength(pos, width);
    buf.check(pos, n * width, "typed vector");
    return new FlexVector(buf, pos, width, n, elemType);
  }

  get(i: number): FlexRef {
    if (!(Number.isInteger(i) && i >= 0 && i < this.length)) fail(`vector index ${i} out of range 0..${this.length - 1}`);
    const at = this.pos + i * this.width;
    if (this.elemType >= 0) return new FlexRef(this.buf, at, this.width, this.width, this.elemType);
    const packed = this.buf.u8(this.pos + this.length * this.width + i);
    return new FlexRef(this.buf, at, this.width, 1 << (packed & 3), packed >> 2);
  }
}

export class FlexMap {
  readonly length: number;
  private readonly keys: FlexVector;
  private readonly values: FlexVector;

  constructor(buf: FlexBuffer, pos: number, width: number) {
    this.values = FlexVector.untyped(buf, pos, width);
    this.length = this.values.length;
    const keysAt = pos - 3 * width;
    buf.check(keysAt, 2 * width, "map header");
    const keysOffset = buf.readUint(keysAt, width);
    const keysPos = keysAt - keysOffset;
    if (keysPos < 0) fail(`map keys offset ${keysOffset} points before the buffer`);
    const keysWidth = buf.readUint(keysAt + width, width);
    if (keysWidth !== 1 && keysWidth !== 2 && keysWidth !== 4 && keysWidth !== 8) fail(`map keys width ${keysWidth}`);
    this.keys = FlexVector.typed(buf, keysPos, keysWidth, FlexType.KEY, -1);
    if (this.keys.length !== this.length) fail(`map has ${this.keys.length} keys for ${this.length} values`);
  }

  key(i: number): string {
    return this.keys.get(i).asString();
  }

  /** The keys, in stored (sorted) order. */
  keyList(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.key(i));
    return out;
  }

  /** The i-th value in key order (how TFLM's FlexbufferWrapper indexes options). */
  value(i: number): FlexRef {
    return this.values.get(i);
  }

  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  /** The value under key, or null. (A linear scan: maps of options are small.) */
  get(key: string): FlexRef | null {
    const i = this.indexOf(key);
    return i < 0 ? null : this.values.get(i);
  }

  private indexOf(key: string): number {
    for (let i = 0; i < this.length; i++) if (this.key(i) === key) return i;
    return -1;
  }

  /** An integer option; fails when missing (unless a default is given) or not an integer. */
  int(key: string, def?: number): number {
    const v = this.get(key);
    if (v === null) {
      if (def === undefined) fail(`option '${key}' is missing`);
      return def;
    }
    return v.asInt();
  }

  number(key: string, def?: number): number {
    const v = this.get(key);
    if (v === null) {
      if (def === undefined) fail(`option '${key}' is missing`);
      return def;
    }
    return v.asNumber();
  }

  bool(key: string, def?: boolean): boolean {
    const v = this.get(key);
    if (v === null) {
      if (def === undefined) fail(`option '${key}' is missing`);
      return def;
    }
    return v.asBool();
  }
}

/** The bytes of one FlexBuffer with checked little-endian reads. */
export class FlexBuffer {
  private readonly view: DataView;
  readonly length: number;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  check(pos: number, size: number, what: string): void {
    if (!(pos >= 0 && size >= 0 && pos + size <= this.length)) fail(`${what} at bytes ${pos}..${pos + size} lies outside the ${this.length}-byte buffer`);
  }

  u8(pos: number): number {
    this.check(pos, 1, "byte");
    return this.bytes[pos]!;
  }

  readUint(pos: number, width: number): number {
    this.check(pos, width, "unsigned integer");
    switch (width) {
      case 1:
        return this.bytes[pos]!;
      case 2:
        return this.view.getUint16(pos, true);
      case 4:
        return this.view.getUint32(pos, true);
      case 8: {
        const hi = this.view.getUint32(pos + 4, true);
        if (hi >= 0x200000) fail(`64-bit unsigned value at ${pos} does not fit 53 bits`);
        return hi * TWO_32 + this.view.getUint32(pos, true);
      }
      default:
        return fail(`bad byte width ${width}`);
    }
  }

  readInt(pos: number, width: number): number {
    this.check(pos, width, "integer");
    switch (width) {
      case 1:
        return this.view.getInt8(pos);
      case 2:
        return this.view.getInt16(pos, true);
      case 4:
        return this.view.getInt32(pos, true);
      case 8: {
        const hi = this.view.getInt32(pos + 4, true);
        if (hi >= 0x200000 || hi < -0x200000) fail(`64-bit integer at ${pos} does not fit 53 bits`);
        return hi * TWO_32 + this.view.getUint32(pos, true);
      }
      default:
        return fail(`bad byte width ${width}`);
    }
  }

  readFloat(pos: number, width: number): number {
    this.check(pos, width, "float");
    if (width === 4) return this.view.getFloat32(pos, true);
    if (width === 8) return this.view.getFloat64(pos, true);
    return fail(`floats of ${width} bytes are not supported`);
  }

  /** Length prefix of a vector or string at pos (stored just before it); bounded by the buffer. */
  readLength(pos: number, width: number): number {
    const n = this.readUint(pos - width, width);
    if (n > this.length) fail(`length ${n} at ${pos - width} exceeds the buffer`);
    return n;
  }

  /** A zero-terminated string (keys). */
  readCString(pos: number): string {
    this.check(pos, 0, "key");
    let end = pos;
    while (end < this.length && this.bytes[end] !== 0) end++;
    if (end >= this.length) fail(`key at ${pos} is not terminated`);
    return this.latin1(pos, end - pos);
  }

  latin1(pos: number, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.bytes[pos + i]!);
    return s;
  }

  /** The root value. */
  root(): FlexRef {
    if (this.length < 3) fail(`${this.length} bytes is too short for a FlexBuffer`);
    const width = this.bytes[this.length - 1]!;
    if (width !== 1 && width !== 2 && width !== 4 && width !== 8) fail(`root byte width ${width}`);
    const packed = this.bytes[this.length - 2]!;
    const pos = this.length - 2 - width;
    this.check(pos, width, "root");
    return new FlexRef(this, pos, width, 1 << (packed & 3), packed >> 2);
  }
}

/** The root of a FlexBuffer. */
export function flexRoot(bytes: Uint8Array): FlexRef {
  return new FlexBuffer(bytes).root();
}

/**
 * Custom options as a map (TFLite's convention for custom ops). Absent or empty options read as
 * an empty map; anything but a map is a ModelError.
 */
export function flexOptions(bytes: Uint8Array | null): FlexMap | null {
  if (bytes === null || bytes.byteLength === 0) return null;
  return flexRoot(bytes).asMap();
}
