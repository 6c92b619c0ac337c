/**
 * The header of a store slot: the first sector of the slot. The rest of the slot holds the update
 * file verbatim (so the model sits 192 bytes into the slot's second sector, 16-byte aligned).
 *
 * Header sector layout (little-endian):
 *
 *   offset  size  field
 *   0       4     magic "TMLS"
 *   4       2     store format (1)
 *   6       2     record length (156)
 *   8       4     generation: 1 + the highest generation in the store when the update began
 *   12      4     update length (bytes of the update file the slot receives)
 *   16      4     progress block size (bytes)
 *   20      4     reserved, zero
 *   24      128   the update's header (model id, version, lengths, SHA-256 of the model, flags)
 *   152     4     CRC-32 of bytes 0..151
 *   256     1     state byte (below)
 *   288     224   rejection log: up to 7 entries of 32 bytes (rejections.ts), each written once
 *                 into erased flash: updates that failed their self-test on this device
 *   512     ...   progress bitmap: bit k (byte k>>3, bit k&7) cleared = block k of the update is
 *                 entirely in flash and read back equal
 *
 * The record is written once, right after the sector is erased, and never changes; the CRC
 * rejects a torn record (the slot then reads as empty). Everything after that only clears bits,
 * one bit per write, so an interrupted write leaves either the old or the new state, never a
 * third one. The state byte's bits, cleared in this order:
 *
 *   bit 0 WRITING    record written, bytes arriving
 *   bit 1 WRITTEN    every block in flash
 *   bit 2 VERIFIED   SHA-256, signature, version policy, model, ops, arena all checked
 *   bit 3 ACTIVE     the switch: from this bit on, boot prefers this slot (highest generation)
 *   bit 4 CONFIRMED  the self-test passed after activation
 *   bit 7 FAILED     refused, failed its self-test, or rolled back: never booted again
 *
 * Bits 5 and 6 stay set. Any other pattern (bits cleared out of order) reads as CORRUPT, which
 * boot treats like FAILED.
 */
import { crc32 } from "./crc32";
import { UPDATE_HEADER_BYTES } from "./update";

export const SLOT_MAGIC = 0x534c4d54; // "TMLS" little-endian
export const STORE_FORMAT = 1;
export const RECORD_BYTES = 156;
export const STATE_OFFSET = 256;
export const REJECTIONS_OFFSET = 288;
export const BITMAP_OFFSET = 512;

export const StateBit = Object.freeze({
  WRITING: 1 << 0,
  WRITTEN: 1 << 1,
  VERIFIED: 1 << 2,
  ACTIVE: 1 << 3,
  CONFIRMED: 1 << 4,
  FAILED: 1 << 7,
} as const);

export type SlotState = "empty" | "writing" | "written" | "verified" | "active" | "confirmed" | "failed" | "corrupt";

export interface SlotRecord {
  generation: number;
  updateLength: number;
  blockSize: number;
  /** The update file's first 128 bytes (a copy). */
  updateHeader: Uint8Array;
}

export function encodeRecord(r: SlotRecord): Uint8Array {
  const out = new Uint8Array(RECORD_BYTES);
  const v = new DataView(out.buffer);
  v.setUint32(0, SLOT_MAGIC, true);
  v.setUint16(4, STORE_FORMAT, true);
  v.setUint16(6, RECORD_BYTES, true);
  v.setUint32(8, r.generation >>> 0, true);
  v.setUint32(12, r.updateLength, true);
  v.setUint32(16, r.blockSize, true);
  out.set(r.updateHeader.subarray(0, UPDATE_HEADER_BYTES), 24);
  v.setUint32(RECORD_BYTES - 4, crc32(out.subarray(0, RECORD_BYTES - 4)), true);
  return out;
}

/** The record in a header sector's first bytes, or null when it is absent, torn or corrupt. */
export function decodeRecord(bytes: Uint8Array): SlotRecord | null {
  if (bytes.length < RECORD_BYTES) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, RECORD_BYTES);
  if (v.getUint32(0, true) !== SLOT_MAGIC || v.getUint16(4, true) !== STORE_FORMAT || v.getUint16(6, true) !== RECORD_BYTES) return null;
  if (v.getUint32(RECORD_BYTES - 4, true) !== crc32(bytes.subarray(0, RECORD_BYTES - 4))) return null;
  const blockSize = v.getUint32(16, true);
  if (blockSize === 0) return null;
  return { generation: v.getUint32(8, true), updateLength: v.getUint32(12, true), blockSize, updateHeader: bytes.slice(24, 24 + UPDATE_HEADER_BYTES) };
}

/** The state a state byte encodes (with a valid record; without one the slot is empty). */
export function decodeState(byte: number): SlotState {
  const cleared = ~byte & 0xff;
  if ((cleared & 0x60) !== 0) return "corrupt";
  const progress = cleared & 0x1f;
  if (progress !== 0 && progress !== 1 && progress !== 3 && progress !== 7 && progress !== 15 && progress !== 31) return "corrupt";
  if ((cleared & StateBit.FAILED) !== 0) return "failed";
  switch (progress) {
    case 0: return "empty";
    case 1: return "writing";
    case 3: return "written";
    case 7: return "verified";
    case 15: return "active";
    default: return "confirmed";
  }
}

/** The byte to write to clear one state bit (writes AND into flash: the other bits are untouched). */
export function clearBitByte(bit: number): Uint8Array {
  return Uint8Array.of(~bit & 0xff);
}

/** Bytes of bitmap an update of `length` bytes needs with blocks of `blockSize`. */
export function bitmapBytes(length: number, blockSize: number): number {
  return Math.ceil(Math.ceil(length / blockSize) / 8);
}
