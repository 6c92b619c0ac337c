/** AudioFramer: windows of 480 samples every 320, whatever the chunk sizes; preallocated; edge cases. */
import test from "ava";
import { AudioFramer } from "../../src/audio/frames";
import { TinyMLArgumentError } from "../../src/errors";

function ramp(n: number): Int16Array {
  const a = new Int16Array(n);
  for (let i = 0; i < n; i++) a[i] = ((i * 37) % 65536) - 32768;
  return a;
}

function collect(framer: AudioFramer, audio: Int16Array, chunks: number[]): { frames: Int16Array[]; indices: number[]; buffers: Set<Int16Array> } {
  const frames: Int16Array[] = [], indices: number[] = [], buffers = new Set<Int16Array>();
  const sink = (f: Int16Array, i: number) => {
    frames.push(f.slice());
    indices.push(i);
    buffers.add(f);
  };
  let at = 0, k = 0;
  const scratch = new Int16Array(Math.max(...chunks));
  while (at < audio.length) {
    const n = Math.min(chunks[k++ % chunks.length]!, audio.length - at);
    scratch.set(audio.subarray(at, at + n));
    framer.push(scratch, sink, n); // a reused read buffer, as from a microphone driver
    at += n;
  }
  return { frames, indices, buffers };
}

test("1 s at 16 kHz gives TFLM's 49 windows: window k is samples [320k, 320k + 480)", (t) => {
  const audio = ramp(16000);
  for (const chunks of [[16000], [1], [7, 480, 1000, 3, 320], [320], [479, 1, 2]]) {
    const framer = new AudioFramer();
    const { frames, indices, buffers } = collect(framer, audio, chunks);
    t.is(frames.length, 49, `chunks ${chunks}`);
    t.deepEqual(indices, [...Array(49).keys()]);
    for (let k = 0; k < 49; k++) t.deepEqual(frames[k], audio.slice(320 * k, 320 * k + 480), `chunks ${chunks}, window ${k}`);
    t.is(buffers.size, 1, "every window is handed over in the same preallocated buffer");
    t.is(framer.frameCount, 49);
    t.is(framer.sampleCount, 16000);
    t.is(framer.frameEnd(48), 15840);
  }
});

test("push returns the windows it completed; nothing before 480 samples", (t) => {
  const framer = new AudioFramer();
  const sink = () => {};
  t.is(framer.push(new Int16Array(479), sink), 0);
  t.is(framer.push(new Int16Array(1), sink), 1);
  t.is(framer.push(new Int16Array(319), sink), 0);
  t.is(framer.push(new Int16Array(1 + 320 * 3), sink), 4);
  t.is(framer.frameCount, 5);
});

test("count limits what is read from the buffer; a count of 0 does nothing", (t) => {
  const framer = new AudioFramer({ windowSize: 4, stepSize: 2 });
  const got: number[][] = [];
  const buf = Int16Array.from([1, 2, 3, 4, 99, 99]);
  t.is(framer.push(buf, (f) => got.push([...f]), 3), 0);
  t.is(framer.push(buf, (f) => got.push([...f]), 0), 0);
  t.is(framer.push(Int16Array.from([4, 5, 6]), (f) => got.push([...f])), 2);
  t.deepEqual(got, [[1, 2, 3, 4], [3, 4, 5, 6]]);
});

test("step equal to or larger than the window: no overlap, samples in between skipped", (t) => {
  const audio = ramp(100);
  const a = collect(new AudioFramer({ windowSize: 10, stepSize: 10 }), audio, [3]);
  t.is(a.frames.length, 10);
  t.deepEqual(a.frames[9], audio.slice(90, 100));
  const b = collect(new AudioFramer({ windowSize: 10, stepSize: 25 }), audio, [7]);
  t.is(b.frames.length, 4);
  for (let k = 0; k < 4; k++) t.deepEqual(b.frames[k], audio.slice(25 * k, 25 * k + 10));
});

test("reset starts over at window 0", (t) => {
  const framer = new AudioFramer();
  const audio = ramp(1000);
  framer.push(audio, () => {});
  framer.reset();
  t.is(framer.frameCount, 0);
  const { frames, indices } = collect(framer, audio.subarray(100), [1000]);
  t.is(indices[0], 0);
  t.deepEqual(frames[0], audio.slice(100, 580));
});

test("bad arguments raise TinyMLArgumentError", (t) => {
  t.throws(() => new AudioFramer({ windowSize: 0 }), { instanceOf: TinyMLArgumentError });
  t.throws(() => new AudioFramer({ stepSize: 1.5 }), { instanceOf: TinyMLArgumentError });
  const f = new AudioFramer();
  t.throws(() => f.push(new Int16Array(4), () => {}, 5), { instanceOf: TinyMLArgumentError });
  t.throws(() => f.push(new Int16Array(4), () => {}, -1), { instanceOf: TinyMLArgumentError });
});
