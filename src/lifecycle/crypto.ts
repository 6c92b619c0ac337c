/**
 * The cryptography the model lifecycle needs: SHA-256 and Ed25519. SHA-256 is the host's native
 * one (native/kernels/sha256.c, bound as xs_tinyml_sha256) where the host has it: it hashes
 * whole models, at every update and every boot, and @noble's pure JavaScript is tens of times
 * slower inside XS. Elsewhere (Node) and for Ed25519 it is @noble's code (no WebCrypto, no Node
 * API: XS has neither); Ed25519 only ever signs the 128-byte update header (see update.ts).
 * @noble/ed25519's synchronous API needs a SHA-512 function; it gets @noble/hashes' here, once,
 * when this module loads.
 */
import * as ed from "@noble/ed25519";
import { sha256 as nobleSha256, sha512 } from "@noble/hashes/sha2.js";
import { hostNative } from "../kernels/native/host";

ed.hashes.sha512 = sha512;

type NativeSha256 = (data: ArrayBuffer | Uint8Array, offset?: number, length?: number) => ArrayBuffer;
// Looked up on first use, at run time (as src/kernels/native/index.ts does): null where the host has none.
let nativeSha256: NativeSha256 | null | undefined;

/** The host's native SHA-256, or null (Node, or a host without xs_tinyml_sha256). */
export function hostSha256(): NativeSha256 | null {
  if (nativeSha256 === undefined) {
    const f = hostNative("xs_tinyml_sha256");
    nativeSha256 = typeof f === "function" ? (f as NativeSha256) : null;
  }
  return nativeSha256;
}

export const PUBLIC_KEY_BYTES = 32;
export const SECRET_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

/** SHA-256 of the viewed bytes (a flash-mapped view is read in place). */
export function sha256(bytes: Uint8Array): Uint8Array {
  const f = hostSha256();
  return f === null ? nobleSha256(bytes) : new Uint8Array(f(bytes));
}

/** @noble's SHA-256 whatever the host (tests and measurements compare it with the native one). */
export function portableSha256(bytes: Uint8Array): Uint8Array {
  return nobleSha256(bytes);
}

/** Order of the Ed25519 base point (RFC 8032's L). */
const L = 0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3edn;

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/**
 * [s]B without @noble's base-point table: ed.verify computes [s]B with G.multiply, whose first use
 * builds 4,224 precomputed points (over 1 MB of XS chunks and tens of thousands of slots: more
 * than a device has). Here B's double multiplies by ladder (G.multiply only uses the table for a
 * point equal to G), at the cost of [k]A's ladder once more.
 */
function baseMultiply(s: bigint): ed.Point {
  const half = s >> 1n;
  const p = half === 0n ? ed.Point.ZERO : ed.Point.BASE.double().multiply(half, false);
  return (s & 1n) === 1n ? p.add(ed.Point.BASE) : p;
}

/**
 * Ed25519 (RFC 8032, strict: zip215 off) verification; false for any malformed key or signature.
 * The same checks as @noble's ed.verify(signature, message, publicKey, { zip215: false }): canonical
 * encodings of A and R, 0 <= S < L, no small-order A, [8]([S]B - R - [k]A) = 0 with
 * k = SHA-512(R || A || message) mod L; only [S]B is computed differently (see baseMultiply).
 */
export function verifySignature(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return false;
  try {
    const r = signature.subarray(0, 32);
    const s = littleEndian(signature.subarray(32, 64));
    if (s >= L) return false;
    const A = ed.Point.fromBytes(publicKey, false);
    const R = ed.Point.fromBytes(r, false);
    if (A.isSmallOrder()) return false;
    const hashed = new Uint8Array(64 + message.length);
    hashed.set(r, 0);
    hashed.set(publicKey, 32);
    hashed.set(message, 64);
    const k = littleEndian(sha512(hashed)) % L;
    return R.add(A.multiply(k, false)).subtract(baseMultiply(s)).clearCofactor().is0();
  } catch {
    return false;
  }
}

/** Ed25519 signature of message with a 32-byte secret key (the packing side; devices only verify). */
export function sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ed.sign(message, secretKey);
}

/** The 32-byte public key of a 32-byte secret key. */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return ed.getPublicKey(secretKey);
}

/** Constant-shape byte comparison (lengths and every byte). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
