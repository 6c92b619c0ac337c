/**
 * verifySignature (src/lifecycle/crypto.ts) computes [S]B without @noble's base-point table (too
 * large for a device); it must accept and refuse exactly what @noble's strict ed.verify does:
 * RFC 8032's test vector, valid signatures, and every kind of tampering.
 */
import test from "ava";
import * as ed from "@noble/ed25519";
import { publicKeyOf, sign, verifySignature } from "../../src/lifecycle/crypto";
import { rng } from "../helpers/random";

const fromHex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
const L = 0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3edn;

test("RFC 8032 test 1: the empty message", (t) => {
  const secret = fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  const pub = fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const sig = fromHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  t.deepEqual(publicKeyOf(secret), pub);
  t.deepEqual(sign(new Uint8Array(0), secret), sig);
  t.true(verifySignature(sig, new Uint8Array(0), pub));
  t.false(verifySignature(sig, new Uint8Array(1), pub));
});

test("agrees with @noble's strict ed.verify on valid, tampered, malleated and random signatures", (t) => {
  const r = rng(8032);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
  let cases = 0, accepted = 0;
  const check = (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array, what: string) => {
    let want: boolean;
    try {
      want = ed.verify(sig, msg, pub, { zip215: false });
    } catch {
      want = false;
    }
    t.is(verifySignature(sig, msg, pub), want, what);
    cases++;
    if (want) accepted++;
  };
  for (let i = 0; i < 60; i++) {
    const secret = bytes(32), pub = publicKeyOf(secret), msg = bytes(Math.floor(r() * 300));
    const sig = sign(msg, secret);
    check(sig, msg, pub, `valid ${i}`);
    for (const at of [0, 31, 32, 63]) {
      const s = sig.slice();
      s[at]! ^= 1 << Math.floor(r() * 8);
      check(s, msg, pub, `signature byte ${at} flipped (${i})`);
    }
    if (msg.length > 0) {
      const m = msg.slice();
      m[Math.floor(r() * m.length)]! ^= 0x10;
      check(sig, m, pub, `message flipped (${i})`);
    }
    const p = pub.slice();
    p[Math.floor(r() * 32)]! ^= 4;
    check(sig, msg, p, `key flipped (${i})`);
    // S + L: the same point, a non-canonical scalar (malleability): strict verification refuses it.
    let s = 0n;
    for (let k = 63; k >= 32; k--) s = (s << 8n) | BigInt(sig[k]!);
    s += L;
    const mall = sig.slice();
    for (let k = 32; k < 64; k++, s >>= 8n) mall[k] = Number(s & 0xffn);
    if (s === 0n) check(mall, msg, pub, `S + L (${i})`);
    check(bytes(64), msg, pub, `random signature (${i})`);
  }
  // Small-order keys and R (the identity, and the point of order 2): refused.
  const identity = fromHex("0100000000000000000000000000000000000000000000000000000000000000");
  const order2 = fromHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  for (const small of [identity, order2]) {
    const sig = new Uint8Array(64);
    sig.set(small, 0);
    check(sig, new Uint8Array(3), small, "small-order key and R, S = 0");
  }
  t.true(accepted >= 60 && cases > 400, `${cases} cases, ${accepted} accepted`);
  t.log(`${cases} cases, ${accepted} valid`);
});
