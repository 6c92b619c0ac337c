/**
 * The store's memory of updates that failed their self-test (as TUF / Uptane clients remember
 * what they refused): a replayed signed update that failed once is refused for good, without
 * erasing anything. An entry names the update by its signed header (model id, version, flags,
 * both SHA-256), so a new version, or the same model re-signed with other flags, is a new update.
 *
 * Entry (32 bytes, in a slot header sector's log, see slot_header.ts): the first 28 bytes of the
 * SHA-256 of the 128-byte signed header, then the CRC-32 of those 28 bytes (a torn entry fails it).
 */
import { crc32 } from "./crc32";
import { sha256 } from "./crypto";

export const REJECTION_BYTES = 32;
export const REJECTION_SLOTS = 7;
const KEY_BYTES = 28;

const hexOf = (b: Uint8Array): string => Array.from(b, (x) => (x < 16 ? "0" : "") + x.toString(16)).join("");

/** The key of an update: hex of the first 28 bytes of its signed header's SHA-256. */
export function rejectionKey(signedHeader: Uint8Array): string {
  return hexOf(sha256(signedHeader).subarray(0, KEY_BYTES));
}

export function encodeRejection(key: string): Uint8Array {
  const out = new Uint8Array(REJECTION_BYTES);
  for (let i = 0; i < KEY_BYTES; i++) out[i] = parseInt(key.slice(2 * i, 2 * i + 2), 16);
  new DataView(out.buffer).setUint32(KEY_BYTES, crc32(out.subarray(0, KEY_BYTES)), true);
  return out;
}

/** The keys of the valid entries of a log (erased and torn entries skipped). */
export function rejectionsIn(log: Uint8Array): string[] {
  const keys: string[] = [];
  for (let at = 0; at + REJECTION_BYTES <= log.length; at += REJECTION_BYTES) {
    const e = log.subarray(at, at + REJECTION_BYTES);
    const crc = new DataView(e.buffer, e.byteOffset, REJECTION_BYTES).getUint32(KEY_BYTES, true);
    if (crc === crc32(e.subarray(0, KEY_BYTES)) && !e.every((b) => b === 0xff)) keys.push(hexOf(e.subarray(0, KEY_BYTES)));
  }
  return keys;
}
