/**
 * The contract of "embedded:io/audio/in" as the Moddable SDK 8.2.3 implements it (modules/io/audioin/
 * lin/audioin.c, esp32/audioin.c), checked on the simulator's stand-in
 * (hosts/sim/modules/embedded_io/audio/in.ts), one rule per test:
 * constructor settings and their RangeErrors; onReadable only while started, with what can be read;
 * read sizes exact ("invalid size" for 0 or more than available, never a shortened read); lin's
 * 1000-byte blocks readable only during their callback (the rest dropped), read() outside throws;
 * esp32's buffer kept until read, read() returns undefined when empty, overruns past 8 KB; close().
 */
import test from "ava";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { installFakeSim } from "../helpers/fake_sim";
import { tempDir } from "../helpers/temp_dir";

installFakeSim();
const { default: AudioIn, simulateAudioInput, ESP32_BUFFER_BYTES } = await import("../../hosts/sim/modules/embedded_io/audio/in");
type Instance = InstanceType<typeof AudioIn>;

/** A 16 kHz mono 16-bit WAV whose sample i is i (mod 32768): every byte read tells where it came from. */
const dir = tempDir("tinyml-audio-in-");
const RAMP = join(dir, "ramp.wav");
{
  const n = 8000;
  const b = Buffer.alloc(44 + 2 * n);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + 2 * n, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(16000, 24);
  b.writeUInt32LE(32000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(2 * n, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(i, 44 + 2 * i);
  writeFileSync(RAMP, b);
}
const OPTIONS = { sampleRate: 16000, channels: 1, bitsPerSample: 16 };

/** Plays the ramp (no padding) as fast as it is read, calls `onReadable` for each callback, resolves at the end. */
function play(platform: "lin" | "esp32", onReadable: (input: Instance, byteLength: number, frames: number | undefined) => void, extra: { chunkSamples?: number; speed?: number } = {}): Promise<Instance> {
  return new Promise((done) => {
    let input!: Instance;
    simulateAudioInput({ clips: [RAMP], platform, gapMs: 0, speed: Infinity, ...extra, onEnd: () => done(input) });
    input = new AudioIn({
      ...OPTIONS,
      onReadable(this: Instance, byteLength: number, frames?: number) {
        onReadable(this, byteLength, frames);
      },
    });
    input.start();
  });
}

test("constructor: sampleRate 8000-48000, channels 1 or 2, bitsPerSample 8 or 16 are required; audioType LPCM, format buffer", (t) => {
  simulateAudioInput({ clips: [] });
  t.throws(() => new AudioIn({ channels: 1, bitsPerSample: 16 }), { instanceOf: RangeError, message: "invalid sample rate" });
  t.throws(() => new AudioIn({ ...OPTIONS, sampleRate: 7999 }), { instanceOf: RangeError, message: "invalid sample rate" });
  t.throws(() => new AudioIn({ ...OPTIONS, sampleRate: 48001 }), { instanceOf: RangeError, message: "invalid sample rate" });
  t.throws(() => new AudioIn({ sampleRate: 16000, bitsPerSample: 16 }), { instanceOf: RangeError, message: "invalid number of channels" });
  t.throws(() => new AudioIn({ ...OPTIONS, channels: 3 }), { instanceOf: RangeError, message: "invalid number of channels" });
  t.throws(() => new AudioIn({ ...OPTIONS, bitsPerSample: 12 }), { instanceOf: RangeError, message: "invalid bits per sample" });
  t.throws(() => new AudioIn({ ...OPTIONS, audioType: "AAC" }), { instanceOf: RangeError, message: "invalid audioType" });
  t.throws(() => new AudioIn({ ...OPTIONS, format: "number" }), { instanceOf: RangeError, message: "invalid format" });
  // Valid for the SDK, not simulated: said so.
  t.throws(() => new AudioIn({ ...OPTIONS, channels: 2 }), { instanceOf: RangeError, message: /only 16-bit mono is simulated/ });
  const input = new AudioIn(OPTIONS);
  t.deepEqual([input.sampleRate, input.channels, input.bitsPerSample, input.audioType, input.format], [16000, 1, 16, "LPCM", "buffer"]);
  t.throws(() => (input.format = "number" as never), { instanceOf: RangeError });
  input.close();
});

test("onReadable is called only after start() and never with 0 bytes", async (t) => {
  let calls = 0;
  simulateAudioInput({ clips: [RAMP], gapMs: 0, speed: Infinity });
  const input = new AudioIn({ ...OPTIONS, onReadable: () => calls++ });
  await new Promise((r) => setTimeout(r, 30));
  t.is(calls, 0, "not started: no callback");
  input.close();
  const sizes: number[] = [];
  await play("lin", (i, n) => {
    sizes.push(n);
    i.read(new Uint8Array(n));
  });
  t.true(sizes.length > 0 && sizes.every((n) => n > 0));
});

test("lin: 1000-byte blocks (sampleRate / 32 frames), onReadable(bytes, frames), all of a block readable in its callback", async (t) => {
  const got: number[] = [];
  const calls: [number, number | undefined][] = [];
  const input = await play("lin", (i, n, frames) => {
    calls.push([n, frames]);
    const b = new Int16Array(n / 2);
    t.is(i.read(new Uint8Array(b.buffer)), n, "read(buffer) returns the bytes it filled");
    got.push(...b);
  });
  t.deepEqual(calls.slice(0, 3), [[1000, 500], [1000, 500], [1000, 500]]);
  t.is(got.length, 8000);
  t.true(got.every((v, i) => v === i), "every sample once, in order");
  t.is(input.dropped, 0);
});

test("read sizes are exact: more than available or 0 bytes is \"invalid size\", never a short read (lin and esp32)", async (t) => {
  for (const platform of ["lin", "esp32"] as const) {
    let checked = false;
    await play(platform, (i, n) => {
      if (!checked) {
        checked = true;
        t.throws(() => i.read(new Uint8Array(n + 2)), { message: "invalid size" }, `${platform}: a buffer larger than what is available`);
        t.throws(() => i.read(n + 1), { message: "invalid size" }, `${platform}: a byte count larger than what is available`);
        t.throws(() => i.read(new Uint8Array(0)), { message: "invalid size" }, `${platform}: an empty buffer`);
        t.throws(() => i.read(0), { message: "invalid size" }, `${platform}: 0 bytes`);
        const part = i.read(10);
        t.true(part instanceof ArrayBuffer && part.byteLength === 10, `${platform}: read(10) is 10 bytes`);
        const rest = i.read();
        t.is(rest!.byteLength, n - 10, `${platform}: read() takes all that is left`);
        return;
      }
      i.read(new Uint8Array(n));
    });
  }
});

test("lin: what a callback leaves unread is dropped; outside a callback nothing is readable (read() throws)", async (t) => {
  let first = -1;
  const input = await play("lin", (i, n) => {
    const b = new Int16Array(100);
    i.read(new Uint8Array(b.buffer));
    if (first < 0) first = b[0]!;
    else t.is(b[0]! % 500, 0, "each callback starts a new block");
    t.true(n === 1000);
  });
  t.is(first, 0);
  t.is(input.dropped, 8000 * 2 - 16 * 200, "800 of each 1000-byte block");
  t.throws(() => input.read(), { message: "invalid size" });
  t.throws(() => input.read(new Uint8Array(2)), { message: "invalid size" });
});

test("esp32: samples wait in the driver's buffer until read; read() is undefined when empty; beyond 8 KB the oldest are lost", async (t) => {
  const reported: number[] = [];
  let reading = false;
  let firstRead = -1;
  const input = await play(
    "esp32",
    (i, n) => {
      reported.push(n);
      // Read nothing until the buffer, full at 8 KB, has lost its oldest samples.
      if (!reading && i.overruns === 0) return;
      if (!reading) firstRead = reported.length - 1;
      reading = true;
      const b = i.read(n);
      t.is(b!.byteLength, n);
      t.is(i.read(), undefined, "nothing left: undefined");
      t.is(i.read(2), undefined);
    },
    { chunkSamples: 512, speed: 2 },
  );
  // Until the first read, each callback reports at least what the one before did, and more arrives.
  t.true(firstRead > 0);
  const unread = reported.slice(0, firstRead + 1);
  t.true(unread.every((n, i) => i === 0 || n >= unread[i - 1]!) && unread.at(-1)! > unread[0]!, `unread bytes are still there at the next callback: ${unread.join(", ")}`);
  t.is(Math.max(...reported), ESP32_BUFFER_BYTES, "full at 8 KB");
  t.true(input.overruns > 0);
});

test("after close() every method but close() throws; closing twice is fine", (t) => {
  simulateAudioInput({ clips: [] });
  const input = new AudioIn(OPTIONS);
  input.close();
  input.close();
  t.throws(() => input.start(), { message: /closed/ });
  t.throws(() => input.stop(), { message: /closed/ });
  t.throws(() => input.read(), { message: /closed/ });
  t.throws(() => input.sampleRate, { message: /closed/ });
});
