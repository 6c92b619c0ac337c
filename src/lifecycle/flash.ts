/**
 * The flash the model store talks to: a partition of equal sectors, NOR semantics (erase sets a
 * whole sector to 0xFF; a write can only clear bits). Implemented by SimFlash (tests, simulator)
 * and ModdableFlash (devices, Moddable's `flash` module).
 */
import { nameError } from "../errors";
export interface Flash {
  /** Bytes per erase sector (Moddable: blockSize). */
  readonly sectorSize: number;
  readonly sectorCount: number;
  /** The bytes at [offset, offset + length): a view or a copy the caller must not keep across writes. */
  read(offset: number, length: number): Uint8Array;
  /** Programs bytes at offset (NOR: each stored bit becomes old AND new). */
  write(offset: number, bytes: Uint8Array): void;
  /** Erases one sector (every byte 0xFF). */
  erase(sector: number): void;
  /** A read-only, zero-copy view of [offset, offset + length) (memory-mapped flash on devices). */
  map(offset: number, length: number): Uint8Array;
}

/** A call outside the partition: a bug in the caller, never a flash fault. */
export class FlashRangeError extends Error {
  constructor(message: string) {
    super(message);
    nameError(this, "FlashRangeError");
  }
}

/** Throws FlashRangeError unless [offset, offset + length) lies inside a partition of `size` bytes. */
export function checkRange(offset: number, length: number, size: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new FlashRangeError(`flash range [${offset}, ${offset + length}) is outside the partition (${size} bytes)`);
  }
}
