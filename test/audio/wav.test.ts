/** parseWav on hand-made RIFF files (and TFLM's WAVs when the shared test data is there). */
import test from "ava";
import { parseWav, WavError } from "../../src/audio/wav";
import { testdataFile, withTestdata } from "../helpers/testdata";

interface Spec {
  format?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  blockAlign?: number;
  samples?: number[];
  /** Chunks before "fmt " / between "fmt " and "data" / after "data". */
  before?: [string, number[]][];
  between?: [string, number[]][];
  after?: [string, number[]][];
  noFmt?: boolean;
  noData?: boolean;
  fmtBytes?: number;
  extensibleSub?: number;
}

function chunk(id: string, body: number[]): number[] {
  const out = [...id].map((c) => c.charCodeAt(0));
  const n = body.length;
  out.push(n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255, ...body);
  if (n & 1) out.push(0);
  return out;
}
const u16 = (v: number) => [v & 255, (v >> 8) & 255];
const u32 = (v: number) => [v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255];

function wav(spec: Spec = {}): Uint8Array {
  const channels = spec.channels ?? 1, bits = spec.bits ?? 16, rate = spec.rate ?? 16000;
  const align = spec.blockAlign ?? (channels * bits) / 8;
  const format = spec.extensibleSub === undefined ? spec.format ?? 1 : 0xfffe;
  let fmt = [...u16(format), ...u16(channels), ...u32(rate), ...u32(rate * align), ...u16(align), ...u16(bits)];
  if (spec.extensibleSub !== undefined) fmt.push(...u16(22), ...u16(bits), ...u32(4), ...u16(spec.extensibleSub), ...new Array<number>(14).fill(0x11));
  if (spec.fmtBytes !== undefined) fmt = fmt.slice(0, spec.fmtBytes);
  const data = (spec.samples ?? [1, -2, 32767, -32768]).flatMap((v) => u16(v & 0xffff));
  const body = [
    ...(spec.before ?? []).flatMap(([id, b]) => chunk(id, b)),
    ...(spec.noFmt ? [] : chunk("fmt ", fmt)),
    ...(spec.between ?? []).flatMap(([id, b]) => chunk(id, b)),
    ...(spec.noData ? [] : chunk("data", data)),
    ...(spec.after ?? []).flatMap(([id, b]) => chunk(id, b)),
  ];
  return Uint8Array.from([..."RIFF"].map((c) => c.charCodeAt(0)).concat(u32(4 + body.length), [..."WAVE"].map((c) => c.charCodeAt(0)), body));
}

test("16-bit mono PCM: rate, samples (a zero-copy view), duration", (t) => {
  const bytes = wav({ rate: 8000, samples: [0, 1, -1, 32767, -32768, 1234] });
  const w = parseWav(bytes.buffer as ArrayBuffer);
  t.is(w.sampleRate, 8000);
  t.is(w.channels, 1);
  t.is(w.bitsPerSample, 16);
  t.deepEqual([...w.samples], [0, 1, -1, 32767, -32768, 1234]);
  t.is(w.samples.buffer, bytes.buffer);
  t.is(w.durationMs, 0.75);
  t.deepEqual([...parseWav(bytes).samples], [...w.samples]); // a Uint8Array works too
});

test("other chunks (LIST, odd sizes with their pad byte, fact) are skipped", (t) => {
  const w = parseWav(wav({ before: [["JUNK", [1, 2, 3]]], between: [["LIST", [1, 2, 3, 4, 5]], ["fact", [0, 0, 0, 0]]], after: [["id3 ", [9]]], samples: [5, 6, 7] }));
  t.deepEqual([...w.samples], [5, 6, 7]);
});

test("data at an odd address is copied, not viewed", (t) => {
  const inner = wav({ samples: [300, -300, 7] });
  const big = new Uint8Array(inner.length + 1);
  big.set(inner, 1);
  const w = parseWav(big.subarray(1));
  t.deepEqual([...w.samples], [300, -300, 7]);
  t.not(w.samples.buffer, big.buffer);
});

test("WAVE_FORMAT_EXTENSIBLE with a PCM sub-format is PCM", (t) => {
  t.deepEqual([...parseWav(wav({ extensibleSub: 1, samples: [42] })).samples], [42]);
  t.throws(() => parseWav(wav({ extensibleSub: 3 })), { instanceOf: WavError, message: /UNSUPPORTED: audio format 3/ });
});

test("typed errors: not a WAV, truncated, malformed, unsupported", (t) => {
  const code = (bytes: Uint8Array | ArrayBuffer) => {
    try {
      parseWav(bytes);
      return "parsed";
    } catch (e) {
      t.true(e instanceof WavError, String(e));
      return (e as WavError).code;
    }
  };
  t.is(code(new Uint8Array(0)), "NOT_WAV");
  t.is(code(new TextEncoder().encode("RIFF\x04\x00\x00\x00AVI ")), "NOT_WAV");
  const good = wav();
  t.is(code(good.subarray(0, good.length - 1)), "TRUNCATED"); // the data chunk runs past the end
  t.is(code(good.subarray(0, 30)), "TRUNCATED"); // inside the fmt chunk
  t.is(code(wav({ noFmt: true })), "BAD_FORMAT");
  t.is(code(wav({ noData: true })), "BAD_FORMAT");
  t.is(code(wav({ fmtBytes: 14 })), "BAD_FORMAT");
  t.is(code(wav({ blockAlign: 4 })), "BAD_FORMAT");
  t.is(code(wav({ rate: 0 })), "BAD_FORMAT");
  t.is(code(wav({ format: 3, bits: 32 })), "UNSUPPORTED"); // float
  t.is(code(wav({ format: 6, bits: 8 })), "UNSUPPORTED"); // A-law
  t.is(code(wav({ bits: 8, samples: [] })), "UNSUPPORTED");
  t.is(code(wav({ bits: 24, samples: [] })), "UNSUPPORTED");
  t.is(code(wav({ channels: 2 })), "UNSUPPORTED");
  // An odd data size cannot hold whole 16-bit samples.
  const odd = wav({ samples: [] });
  const withOdd = Uint8Array.from([...odd.subarray(0, odd.length - 8), ...chunk("data", [1, 2, 3])]);
  t.is(code(withOdd), "BAD_FORMAT");
  t.is(code(good), "parsed");
});

withTestdata(test, "TFLM's micro_speech WAVs: 16 kHz mono, 1000 ms and 30 ms", (t) => {
  for (const [name, n] of [["yes_1000ms", 16000], ["no_1000ms", 16000], ["silence_1000ms", 16000], ["noise_1000ms", 16000], ["yes_30ms", 480], ["no_30ms", 480]] as const) {
    const file = testdataFile(`audio/${name}.wav`);
    const w = parseWav(file);
    t.is(w.sampleRate, 16000, name);
    t.is(w.samples.length, n, name);
    t.deepEqual(Buffer.from(w.samples.buffer, w.samples.byteOffset, w.samples.byteLength), file.subarray(44), name);
  }
});
