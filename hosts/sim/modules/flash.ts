/**
 * tinyml-sim's "flash" (the Moddable SDK's flash partitions, modules/files/flash), following the
 * contract of its ESP32 implementation (SDK 8.2.3, esp32/flash.c over esp_partition_*);
 * test/sim_modules/flash.test.ts checks each rule:
 *
 * - `new Flash(name)` opens a data partition by name; an unknown one is an Error "can't find partition".
 * - `byteLength` is the partition's size, `blockSize` its erase sector (4096).
 * - `read(offset, byteLength)` returns a new ArrayBuffer; a range outside the partition is an Error
 *   "read failed".
 * - `write(offset, byteLength, buffer)` programs the first byteLength bytes of buffer: NOR flash,
 *   each stored bit becomes old AND new (only an erase sets bits). byteLength <= 0 or more than
 *   the buffer holds is an Error "invalid"; a range outside the partition is "write failed".
 * - `erase(sector)` sets the sector's bytes to 0xFF; a sector outside is "erase failed".
 * - `map()` gives the whole partition as a buffer that reflects later writes (memory-mapped flash).
 *   Not enforced: on a device it is a read-only host buffer (writing through a view throws); here it
 *   is an ArrayBuffer and the simulator's XS has no read-only one.
 *
 * Partitions are created with `simulateFlashPartition(name, byteLength)` (erased, 0xFF), before
 * `new Flash(name)`.
 */
const BLOCK = 4096;
const partitions = new Map<string, Uint8Array>();

/** Creates (or replaces) an erased partition of `byteLength` bytes (a multiple of 4096) and returns its bytes. */
export function simulateFlashPartition(name: string, byteLength: number): Uint8Array {
  if (!Number.isInteger(byteLength) || byteLength <= 0 || byteLength % BLOCK !== 0) throw new RangeError(`flash (simulator): ${name}: ${byteLength} bytes is not a positive multiple of ${BLOCK}`);
  const bytes = new Uint8Array(byteLength).fill(0xff);
  partitions.set(name, bytes);
  return bytes;
}

function integer(value: unknown): number {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) ? n : 0;
}

export default class Flash {
  readonly #bytes: Uint8Array;

  constructor(name: string) {
    const bytes = partitions.get(String(name));
    if (bytes === undefined) throw new Error("can't find partition");
    this.#bytes = bytes;
  }

  get byteLength(): number {
    return this.#bytes.length;
  }

  get blockSize(): number {
    return BLOCK;
  }

  read(offset: number, byteLength: number): ArrayBuffer {
    const from = integer(offset), n = integer(byteLength);
    if (from < 0 || n < 0 || from + n > this.#bytes.length) throw new Error("read failed");
    return this.#bytes.slice(from, from + n).buffer;
  }

  write(offset: number, byteLength: number, buffer: ArrayBuffer | ArrayBufferView): void {
    const from = integer(offset), n = integer(byteLength);
    let source: Uint8Array;
    if (buffer instanceof ArrayBuffer) source = new Uint8Array(buffer);
    else if (ArrayBuffer.isView(buffer)) source = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    else throw new TypeError("buffer required");
    if (n <= 0 || source.length < n) throw new Error("invalid");
    if (from < 0 || from + n > this.#bytes.length) throw new Error("write failed");
    for (let i = 0; i < n; i++) this.#bytes[from + i]! &= source[i]!;
  }

  erase(sector: number): void {
    const s = integer(sector);
    if (s < 0 || (s + 1) * BLOCK > this.#bytes.length) throw new Error("erase failed");
    this.#bytes.fill(0xff, s * BLOCK, (s + 1) * BLOCK);
  }

  map(): ArrayBuffer {
    const b = this.#bytes;
    return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : (b.slice().buffer as ArrayBuffer);
  }
}
