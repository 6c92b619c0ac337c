/**
 * The FlexBuffers reader: the real custom options of TFLM's audio preprocessor (values checked
 * against the option names TFLM's kernels read), buffers built with the flatbuffers package's
 * FlexBuffers builder (every scalar width, indirect values, vectors, typed vectors, strings),
 * hand-written bytes, and malformed buffers (truncations, bad widths, wild offsets, unterminated
 * keys, random corruption) that must fail with a ModelError and never hang.
 */
import test from "ava";
import * as flex from "flatbuffers/mjs/flexbuffers.js";
import { Model, ModelError } from "../../src/index";
import { FlexType, flexOptions, flexRoot } from "../../src/model/flexbuffers";
import { testdataFile, withTestdata } from "../helpers/testdata";

function build(fill: (b: ReturnType<typeof flex.builder>) => void): Uint8Array {
  const b = flex.builder();
  fill(b);
  return b.finish();
}

withTestdata(test, "the audio preprocessor's custom options read as TFLM reads them", (t) => {
  const m = Model.from(testdataFile("models/audio_preprocessor_int8.tflite"));
  const opts = new Map<string, Record<string, number | boolean>>();
  for (const op of m.operators) {
    if (op.customCode === null) continue;
    const map = flexOptions(op.customOptions);
    const rec: Record<string, number | boolean> = {};
    if (map !== null) {
      const keys = map.keyList();
      t.deepEqual([...keys].sort(), keys, "FlexBuffers keeps map keys sorted (TFLM's FlexbufferWrapper indexes them in that order)");
      keys.forEach((k, i) => (rec[k] = map.value(i).type === FlexType.BOOL ? map.value(i).asBool() : map.value(i).asInt()));
    }
    opts.set(op.customCode, rec);
  }
  t.deepEqual(opts.get("SignalWindow"), { shift: 12 });
  t.deepEqual(opts.get("SignalFftAutoScale"), {});
  t.deepEqual(opts.get("SignalRfft"), { T: 7, fft_length: 512 });
  t.deepEqual(opts.get("SignalEnergy"), { end_index: 241, start_index: 5 });
  t.deepEqual(opts.get("SignalFilterBank"), { num_channels: 40 });
  t.deepEqual(opts.get("SignalFilterBankSquareRoot"), {});
  t.deepEqual(opts.get("SignalFilterBankSpectralSubtraction"), {
    alternate_one_minus_smoothing: 15401,
    alternate_smoothing: 983,
    clamping: false,
    min_signal_remaining: 819,
    num_channels: 40,
    one_minus_smoothing: 15975,
    smoothing: 409,
    smoothing_bits: 10,
    spectral_subtraction_bits: 14,
  });
  t.deepEqual(opts.get("SignalPCAN"), { snr_shift: 6 });
  t.deepEqual(opts.get("SignalFilterBankLog"), { input_correction_bits: 3, output_scale: 64 });
  // smoothing + one_minus_smoothing is one in Q14, as the op expects.
  const ss = opts.get("SignalFilterBankSpectralSubtraction")!;
  t.is((ss.smoothing as number) + (ss.one_minus_smoothing as number), 1 << 14);
  t.is((ss.alternate_smoothing as number) + (ss.alternate_one_minus_smoothing as number), 1 << 14);
});

test("scalars of every width, signed and unsigned, floats, bools, by key", (t) => {
  const bytes = flex.encode({
    a: 1,
    b: -1,
    c: 300,
    d: -40000,
    e: 2 ** 31 + 5,
    f: -(2 ** 40),
    h: 0.1,
    i: true,
    j: false,
    k: "text",
    l: 2 ** 53 - 1,
  });
  const m = flexOptions(bytes)!;
  t.is(m.length, 11);
  t.deepEqual(m.keyList(), ["a", "b", "c", "d", "e", "f", "h", "i", "j", "k", "l"]);
  t.is(m.int("a"), 1);
  t.is(m.int("b"), -1);
  t.is(m.int("c"), 300);
  t.is(m.int("d"), -40000);
  t.is(m.int("e"), 2 ** 31 + 5);
  t.is(m.int("f"), -(2 ** 40));
  t.is(m.number("h"), 0.1); // a float64 in the 8-byte-wide map
  // float32 inline in a 4-byte-wide map (the flatbuffers JS builder writes float32 values as 4 bytes
  // even into 8-byte slots, so floats are tested apart from 64-bit integers).
  const small = flexOptions(flex.encode({ g: 0.5, n: 3 }))!;
  t.is(small.number("g"), 0.5);
  t.is(small.int("n"), 3);
  t.throws(() => small.int("g"), { instanceOf: ModelError });
  t.true(m.bool("i"));
  t.false(m.bool("j"));
  t.is(m.get("k")!.asString(), "text");
  t.is(m.int("l"), 2 ** 53 - 1);
  t.is(m.int("missing", 7), 7);
  t.is(m.get("missing"), null);
  t.false(m.has("missing"));
  const e = t.throws(() => m.int("missing"), { instanceOf: ModelError });
  t.is(e?.code, "BAD_FORMAT");
  t.regex(e!.message, /'missing' is missing/);
  // A float is not an integer option, a string not a number.
  t.throws(() => m.number("k"), { instanceOf: ModelError });
  t.throws(() => m.get("a")!.asMap(), { instanceOf: ModelError });
});

test("indirect scalars, vectors, nested maps, typed vectors", (t) => {
  const bytes = build((b) => {
    b.startMap();
    b.addKey("ind_i");
    b.addInt(-123456789, true);
    b.addKey("ind_u");
    b.addUInt(4000000000, true);
    b.addKey("ind_f");
    b.addFloat(2.25, true);
    b.addKey("vec");
    b.startVector();
    b.add(1);
    b.add(-2);
    b.add(3.5);
    b.add(true);
    b.end();
    b.addKey("nested");
    b.startMap();
    b.addKey("x");
    b.add(9);
    b.end();
    b.end();
  });
  const m = flexOptions(bytes)!;
  t.is(m.get("ind_i")!.type, FlexType.INDIRECT_INT);
  t.is(m.int("ind_i"), -123456789);
  t.is(m.int("ind_u"), 4000000000);
  t.is(m.number("ind_f"), 2.25);
  t.deepEqual(m.get("vec")!.asNumbers(), [1, -2, 3.5, 1]);
  t.is(m.get("nested")!.asMap().int("x"), 9);
  t.throws(() => m.get("vec")!.asVector().get(4), { instanceOf: ModelError });
  // Arrays of one numeric type encode as typed vectors.
  const typed = flexRoot(flex.encode([1000, 2000, -3000, 4, 5]));
  t.is(typed.type, FlexType.VECTOR_INT);
  t.deepEqual(typed.asNumbers(), [1000, 2000, -3000, 4, 5]);
  // Two to four numbers become a fixed-length typed vector (no length prefix).
  const fixed = flexRoot(flex.encode([1000, 2000, -3000]));
  t.is(fixed.type, FlexType.VECTOR_INT3);
  t.deepEqual(fixed.asNumbers(), [1000, 2000, -3000]);
  const floats = flexRoot(flex.encode([0.25, -8.5]));
  t.deepEqual(floats.asNumbers(), [0.25, -8.5]);
});

test("hand-written bytes: inline roots, a fixed-length typed vector, an empty map", (t) => {
  // INT 5 stored in one byte: value, packed type (INT << 2 | width 1), root width.
  t.is(flexRoot(new Uint8Array([5, FlexType.INT << 2, 1])).asInt(), 5);
  // UINT 0xBEEF in two bytes.
  t.is(flexRoot(new Uint8Array([0xef, 0xbe, (FlexType.UINT << 2) | 1, 2])).asInt(), 0xbeef);
  // FLOAT 1.5 as a float32.
  const f = new Uint8Array(6);
  new DataView(f.buffer).setFloat32(0, 1.5, true);
  f[4] = (FlexType.FLOAT << 2) | 2;
  f[5] = 4;
  t.is(flexRoot(f).asNumber(), 1.5);
  // VECTOR_INT3 [7, -8, 9] of int8: no length prefix; the root holds the offset back to it (3).
  t.deepEqual(flexRoot(new Uint8Array([7, 0xf8, 9, 3, FlexType.VECTOR_INT3 << 2, 1])).asNumbers(), [7, -8, 9]);
  // The empty map TFLM's converter writes for ops without options (SignalFftAutoScale's bytes).
  const empty = flexOptions(new Uint8Array([0, 0, 1, 0, 0, 0x24, 1]))!;
  t.is(empty.length, 0);
  t.deepEqual(empty.keyList(), []);
  t.is(flexOptions(null), null);
  t.is(flexOptions(new Uint8Array(0)), null);
});

test("malformed buffers fail with BAD_FORMAT", (t) => {
  const bad = (bytes: number[] | Uint8Array, re?: RegExp) => {
    const e = t.throws(() => {
      const r = flexRoot(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
      if (r.type === FlexType.MAP) {
        const m = r.asMap();
        for (let i = 0; i < m.length; i++) {
          m.key(i);
          m.value(i).asNumber();
        }
      } else if (r.type >= FlexType.VECTOR && r.type !== FlexType.BOOL) {
        r.asNumbers();
      } else {
        r.asNumber();
      }
    }, { instanceOf: ModelError });
    t.is(e?.code, "BAD_FORMAT", e?.message);
    if (re !== undefined) t.regex(e!.message, re);
  };
  bad([1, 4]); // too short
  bad([5, FlexType.INT << 2, 3], /root byte width 3/);
  bad([5, FlexType.INT << 2, 8], /outside/); // the root claims 8 bytes that are not there
  bad([200, FlexType.MAP << 2 | 0, 1]); // map offset before the buffer
  bad([0xff, 0xff, 0xff, 0xff, 0, FlexType.VECTOR_INT << 2, 1]); // offset 0 -> length 0xff.. at -1
  bad([100, 7, 1, FlexType.VECTOR_INT << 2, 1], /length 100/); // a length longer than the buffer
  // A key without its terminator: the keys vector points at bytes running to the end.
  bad([0x61, 0x62, 1, 1, 2, 1, 1, 5, 0x24, 1]);
  // A 64-bit integer beyond 2^53 is refused rather than rounded.
  const big = new Uint8Array(10);
  new DataView(big.buffer).setBigInt64(0, 2n ** 60n, true);
  big[8] = (FlexType.INT << 2) | 3;
  big[9] = 8;
  bad(big, /53 bits/);
});

test("random corruption of real-looking options: only ModelErrors, always terminates", (t) => {
  const base = flex.encode({ alternate_smoothing: 983, clamping: false, num_channels: 40, smoothing: 409, v: [1, 2, 3], s: "abc" });
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  let failures = 0;
  for (let trial = 0; trial < 3000; trial++) {
    const bytes = base.slice(0, trial % 5 === 0 ? Math.floor(rand() * base.length) : base.length);
    for (let k = 0; k < 3; k++) if (bytes.length > 0) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
    try {
      const m = flexOptions(bytes);
      if (m === null) continue;
      for (let i = 0; i < Math.min(m.length, 64); i++) {
        m.key(i);
        const v = m.value(i);
        if (v.type === FlexType.VECTOR_INT || v.type === FlexType.VECTOR) v.asNumbers();
        else if (v.type === FlexType.STRING) v.asString();
        else v.asNumber();
      }
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      failures++;
    }
  }
  t.true(failures > 100, `${failures} corrupted buffers were rejected`);
});
