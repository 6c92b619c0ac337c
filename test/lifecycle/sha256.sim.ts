/**
 * The native SHA-256 (native/kernels/sha256.c, bound as xs_tinyml_sha256) inside XS: FIPS 180-2
 * known answers, agreement with @noble's on random lengths 0..5000 (every block boundary among
 * them) and a 1 MB buffer, views, offset / length, and the errors for bad arguments.
 */
import { attempt, check, finish, print, sim } from "../sim/harness";
import { hostSha256, portableSha256, sha256 } from "../../src/lifecycle/crypto";
import { randInt, rng } from "../helpers/random";

type Native = (data: unknown, offset?: unknown, length?: unknown) => ArrayBuffer;
const native = hostSha256() as Native | null;
check("tinyml-sim provides xs_tinyml_sha256", native !== null);

function hex(b: Uint8Array | ArrayBuffer): string {
  const u = b instanceof Uint8Array ? b : new Uint8Array(b);
  let s = "";
  for (let i = 0; i < u.length; i++) s += (u[i]! < 16 ? "0" : "") + u[i]!.toString(16);
  return s;
}
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
function random(r: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (r() * 256) | 0;
  return b;
}

if (native !== null) {
  // FIPS 180-2 appendix B, and the empty message.
  const known: [string, string][] = [
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
  ];
  for (const [m, digest] of known) {
    attempt(`known answer: "${m.length > 8 ? `${m.slice(0, 8)}...` : m}" (${m.length * 8} bits)`, () => {
      const n = hex(native(ascii(m)));
      return (n === digest && hex(sha256(ascii(m))) === digest && hex(portableSha256(ascii(m))) === digest) || `native ${n}`;
    });
  }
  attempt("known answer: one million 'a' (FIPS 180-2 B.3)", () => hex(native(new Uint8Array(1000000).fill(0x61))) === "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

  attempt("native = @noble for every length 0..200 and 300 random lengths up to 5000", () => {
    const r = rng(256);
    const lengths: number[] = [];
    for (let n = 0; n <= 200; n++) lengths.push(n);
    for (let i = 0; i < 300; i++) lengths.push(randInt(r, 0, 5000));
    lengths.push(5000);
    for (const n of lengths) {
      const b = random(r, n);
      if (hex(native(b)) !== hex(portableSha256(b))) return `differ at length ${n}`;
    }
    return true;
  });

  attempt("native = @noble on a 1 MB buffer (timed)", () => {
    const b = random(rng(1), 1 << 20);
    let t0 = sim.now();
    const n = hex(native(b));
    const nativeMs = sim.now() - t0;
    t0 = sim.now();
    const p = hex(portableSha256(b));
    const nobleMs = sim.now() - t0;
    print(`METRIC sha256_1mb_native_ms ${nativeMs.toFixed(1)}`);
    print(`METRIC sha256_1mb_noble_ms ${nobleMs.toFixed(1)}`);
    return n === p || "differ";
  });

  attempt("views hash their own bytes; offset and length select a range; ArrayBuffer and DataView", () => {
    const r = rng(7);
    const whole = random(r, 1000);
    for (const [start, end] of [[0, 1000], [1, 1000], [3, 70], [17, 17], [999, 1000], [5, 133]] as const) {
      const want = hex(portableSha256(whole.slice(start, end)));
      if (hex(native(whole.subarray(start, end))) !== want) return `subarray ${start}..${end}`;
      if (hex(native(whole, start, end - start)) !== want) return `offset ${start} length ${end - start}`;
      if (hex(native(whole.buffer, start, end - start)) !== want) return `ArrayBuffer ${start}..${end}`;
      if (hex(native(new DataView(whole.buffer, start, end - start))) !== want) return `DataView ${start}..${end}`;
      if (hex(sha256(whole.subarray(start, end))) !== want) return `crypto.sha256 ${start}..${end}`;
    }
    const tail = whole.subarray(10);
    if (hex(native(tail, 5)) !== hex(portableSha256(whole.slice(15)))) return "offset alone: to the end";
    if (hex(native(new Int8Array(whole.buffer, 2, 9))) !== hex(portableSha256(whole.slice(2, 11)))) return "Int8Array";
    return true;
  });

  const throws = (f: () => unknown, type: string, pattern: RegExp) => () => {
    try {
      f();
      return "did not throw";
    } catch (e) {
      const err = e as Error;
      return (err.name === type && pattern.test(err.message)) || `threw ${err.name}: ${err.message}`;
    }
  };
  const b = new Uint8Array(16);
  attempt("no argument: TypeError", throws(() => (native as () => unknown)(), "TypeError", /xs_tinyml_sha256: expected 1 arguments/));
  attempt("data a number: TypeError", throws(() => native(42), "TypeError", /data must be a byte buffer, not a number/));
  attempt("data null: TypeError", throws(() => native(null), "TypeError", /data must be a byte buffer, not null/));
  attempt("data a plain object: TypeError", throws(() => native({ length: 4 }), "TypeError", /data is not a byte buffer/));
  attempt("data an Int32Array: TypeError", throws(() => native(new Int32Array(4)), "TypeError", /data is not a byte buffer/));
  attempt("offset past the end: RangeError", throws(() => native(b, 17), "RangeError", /offset must be a whole number 0\.\.16/));
  attempt("offset negative: RangeError", throws(() => native(b, -1), "RangeError", /offset/));
  attempt("offset fractional: RangeError", throws(() => native(b, 1.5), "RangeError", /offset/));
  attempt("offset NaN: RangeError", throws(() => native(b, NaN), "RangeError", /offset/));
  attempt("offset a string: TypeError", throws(() => native(b, "1"), "TypeError", /offset must be a number, not a string/));
  attempt("offset an object with valueOf: TypeError (no JS runs)", throws(() => native(b, { valueOf: () => 1 }), "TypeError", /offset must be a number/));
  attempt("offset + length past the end: RangeError", throws(() => native(b, 10, 7), "RangeError", /length must be a whole number 0\.\.6/));
  attempt("length past the end of a view: RangeError", throws(() => native(new Uint8Array(64).subarray(8, 24), 0, 17), "RangeError", /length/));
  attempt("length Infinity: RangeError", throws(() => native(b, 0, Infinity), "RangeError", /length/));
  attempt("a huge length: RangeError", throws(() => native(b, 0, 2 ** 53), "RangeError", /length/));
  attempt("in range at the edges: offset = size, length 0", () => hex(native(b, 16, 0)) === hex(portableSha256(new Uint8Array(0))) && hex(native(b, 0, 16)) === hex(portableSha256(b)));
}

finish();
