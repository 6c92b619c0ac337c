/**
 * Keyword spotting end to end.
 *
 * On Node: framing TFLM's 1000 ms WAVs (in uneven chunks) and running the audio preprocessor per
 * window gives, byte for byte, the 49x40 features TFLM computed for micro_speech's golden cases 5-8
 * (yes, no, silence, noise), and micro_speech gives TFLM's outputs on them: the whole front-end.
 *
 * Inside tinyml-sim: firmware/kws/main.ts, fed by the simulated embedded:io/audio/in playing the
 * WAVs with 1000 ms of quiet noise around each, hears "yes" in the yes clip and "no" in the no clip,
 * and no word in the silence and noise clips. With the models' scores on these clips (micro_speech
 * alone: yes 255, no 242, silence clip 86 for silence, noise clip 248 for silence) and TFLM's
 * recognizer (1 s average > 200), "unknown" may come up at the noise clip's onset: allowed.
 */
import test from "ava";
import { join } from "node:path";
import { Interpreter, Model } from "../src/index";
import { AudioFramer } from "../src/audio/frames";
import { FeatureStream } from "../src/audio/feature_stream";
import { CommandRecognizer } from "../src/audio/command_recognizer";
import { parseWav } from "../src/audio/wav";
import { manifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";
import { runInSim } from "./helpers/sim";

const CLIPS = ["yes", "no", "silence", "noise"] as const;
const RUNNER = "hosts/sim/firmware_kws.ts";

withTestdata(test, "framing each 1000 ms WAV through the preprocessor gives TFLM's micro_speech inputs (golden cases 5-8) byte for byte", (t) => {
  const m = manifest().models["micro_speech_quantized"]!;
  const classifier = new Interpreter(Model.from(testdataFile(m.file)));
  const preprocessor = Model.from(testdataFile("models/audio_preprocessor_int8.tflite"));
  CLIPS.forEach((clip, i) => {
    const c = m.cases.find((x) => x.id === 5 + i)!;
    t.regex((c as unknown as { description: string }).description, new RegExp(`features of ${clip}_1000ms\\.wav`));
    const samples = parseWav(testdataFile(`audio/${clip}_1000ms.wav`)).samples;
    const framer = new AudioFramer();
    const features = new FeatureStream(preprocessor);
    const read = new Int16Array(700);
    const sizes = [1, 333, 700, 17, 480, 320];
    for (let at = 0, k = 0; at < samples.length; k++) {
      const n = Math.min(sizes[k % sizes.length]!, samples.length - at);
      read.set(samples.subarray(at, at + n));
      framer.push(read, (frame) => features.addFrame(frame), n);
      at += n;
    }
    t.is(framer.frameCount, 49);
    t.true(features.full);
    t.deepEqual(Buffer.from(features.features.buffer), testdataFile(c.input), `${clip}: features`);
    features.writeTo(classifier.input(0).data as Int8Array);
    classifier.invoke();
    t.deepEqual(Buffer.from(classifier.output(0).bytes), testdataFile(c.output), `${clip}: micro_speech output`);
    // A fresh stream after reset() gives the same features again (the preprocessor state is cleared).
    features.reset();
    t.false(features.full);
    const again = new AudioFramer();
    again.push(samples, (frame) => features.addFrame(frame));
    t.deepEqual(Buffer.from(features.features.buffer), testdataFile(c.input), `${clip}: after reset`);
  });
});

withTestdata(test, "the pipeline on Node hears yes and no in a stream, with TFLM's recognizer defaults", (t) => {
  // The same stream the simulator plays, without the noise padding (digital zeros): yes and no are heard.
  const pre = Model.from(testdataFile("models/audio_preprocessor_int8.tflite"));
  const classifier = new Interpreter(Model.from(testdataFile("models/micro_speech_quantized.tflite")));
  const features = new FeatureStream(pre);
  const framer = new AudioFramer();
  const recognizer = new CommandRecognizer();
  const heard: string[] = [];
  const gap = new Int16Array(16000);
  for (const part of [gap, parseWav(testdataFile("audio/yes_1000ms.wav")).samples, gap, parseWav(testdataFile("audio/no_1000ms.wav")).samples, gap]) {
    framer.push(part, (frame, index) => {
      features.addFrame(frame);
      if (!features.full || (index + 1) % 2 !== 0) return;
      features.writeTo(classifier.input(0).data as Int8Array);
      classifier.invoke();
      const r = recognizer.process(classifier.output(0).data, framer.frameEnd(index) / 16);
      if (r.isNew && r.index !== 0) heard.push(`${r.label}@${framer.frameEnd(index) / 16}`);
    });
  }
  t.deepEqual(heard.map((h) => h.split("@")[0]), ["yes", "no"], heard.join(" "));
});

interface Heard {
  word: string;
  score: number;
  timeMs: number;
}
interface Played {
  path: string;
  startMs: number;
  endMs: number;
}

function parseRun(stdout: string): { clips: Played[]; heard: Heard[]; done: string | undefined } {
  const clips: Played[] = [], heard: Heard[] = [];
  let done: string | undefined;
  for (const line of stdout.split("\n")) {
    let m = /^clip \d+\/\d+ (.+): ([\d.]+) to ([\d.]+) ms$/.exec(line);
    if (m !== null) clips.push({ path: m[1]!, startMs: Number(m[2]), endMs: Number(m[3]) });
    m = /^heard "(\w+)" score (\d+) at ([\d.]+) ms \| latency: preprocess [\d.]+ ms\/frame, inference [\d.]+ ms, recognize [\d.]+ ms$/.exec(line);
    if (m !== null) heard.push({ word: m[1]!, score: Number(m[2]), timeMs: Number(m[3]) });
    if (line.startsWith("done: ")) done = line;
  }
  return { clips, heard, done };
}

/** Words heard while each clip played or in the gap after it (detections come up to ~0.5 s after a clip ends). */
function wordsPerClip(clips: Played[], heard: Heard[], gapMs: number): string[][] {
  return clips.map((c) => heard.filter((h) => h.timeMs > c.startMs && h.timeMs <= c.endMs + gapMs).map((h) => h.word));
}

const wavs = () => CLIPS.map((c) => join(testdataDir, "audio", `${c}_1000ms.wav`));
const resources = () => `resources=${join(testdataDir, "models")}`;

withTestdata(test, "inside the XS simulator: yes -> yes, no -> no, silence and noise -> no word (one playlist)", async (t) => {
  const run = await runInSim(RUNNER, [resources(), "speed=max", ...wavs()]);
  t.is(run.code, 0, run.stderr);
  const { clips, heard, done } = parseRun(run.stdout);
  t.log(heard.map((h) => `${h.word} ${h.score} @${h.timeMs}ms`).join(", "));
  t.deepEqual(clips.map((c) => [c.startMs, c.endMs]), [[1000, 2000], [3000, 4000], [5000, 6000], [7000, 8000]]);
  const words = wordsPerClip(clips, heard, 1000);
  t.deepEqual(words[0], ["yes"], run.stdout);
  t.deepEqual(words[1], ["no"], run.stdout);
  t.deepEqual(words[2], [], run.stdout);
  t.true(words[3]!.every((w) => w === "unknown"), run.stdout);
  for (const h of heard) t.true(h.score > 200 && h.score <= 255);
  // 9 s of audio: (144000 - 480) / 320 + 1 = 449 windows; inferences from the 49th window on, every 2nd: 200.
  t.regex(done ?? "", /^done: 9\.00 s of audio, 449 frames, 200 inferences, \d+ detections/);
});

withTestdata(test, "inside the XS simulator: each clip alone", async (t) => {
  const expected: Record<string, string[]> = { yes: ["yes"], no: ["no"], silence: [], noise: [] };
  for (const [i, wav] of wavs().entries()) {
    const clip = CLIPS[i]!;
    const run = await runInSim(RUNNER, [resources(), "speed=max", wav]);
    t.is(run.code, 0, run.stderr);
    const { heard, done } = parseRun(run.stdout);
    t.deepEqual(heard.map((h) => h.word), expected[clip], `${clip}: ${run.stdout}`);
    t.regex(done ?? "", /^done: 3\.00 s of audio, 149 frames, 50 inferences/);
    t.notRegex(run.stdout, /audio lost/);
  }
});

withTestdata(test, "inside the XS simulator with the ESP32 port's audio buffering (onReadable sizes up to 8 KB, read in exact pieces): the same words", async (t) => {
  const run = await runInSim(RUNNER, [resources(), "speed=max", "platform=esp32", ...wavs().slice(0, 2)]);
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /^tinyml-sim microphone \(esp32 audio input\)/m);
  t.deepEqual(parseRun(run.stdout).heard.map((h) => [h.word, h.timeMs]), [["yes", 2450], ["no", 3970]], run.stdout);
  t.notRegex(run.stdout, /audio error|audio lost/);
});

withTestdata(test, "a bad setting: the firmware says what is wrong and does not start", async (t) => {
  const run = await runInSim(RUNNER, [resources(), "speed=max", "inferenceEvery=0", wavs()[0]!]);
  t.is(run.code, 1, run.stdout);
  t.regex(run.stdout, /^keyword spotting not started: inferenceEvery must be a positive integer, not 0$/m);
  t.notRegex(run.stderr, /Uncaught/);
});

withTestdata(test, "inside the XS simulator, in (twice) real time from timers: the same yes", async (t) => {
  const started = Date.now();
  const run = await runInSim(RUNNER, [resources(), "speed=2", wavs()[0]!]);
  const elapsed = Date.now() - started;
  t.is(run.code, 0, run.stderr);
  t.true(elapsed >= 1500, `3 s of audio at 2x real time took only ${elapsed} ms`);
  const { heard, done } = parseRun(run.stdout);
  if (/audio lost/.test(run.stdout)) {
    // A loaded machine can fall behind 2x real time: the microphone then loses audio, as a device would.
    t.log(`this machine fell behind: ${run.stdout}`);
    t.regex(done ?? "", /^done: /);
    return;
  }
  t.deepEqual(heard.map((h) => [h.word, h.score, h.timeMs]), [["yes", 204, 2450]], run.stdout);
  t.regex(done ?? "", /^done: 3\.00 s of audio, 149 frames, 50 inferences/);
});

test("the simulator runner says where to get the models when they are missing", async (t) => {
  const run = await runInSim(RUNNER, ["resources=/nonexistent/tinyml-kws-models", "/nonexistent/yes.wav"]);
  t.is(run.code, 2);
  t.regex(run.stderr, /cannot read \/nonexistent\/tinyml-kws-models\/audio_preprocessor_int8\.tflite/);
  t.regex(run.stderr, /tensorflow\/tflite-micro/);
  t.regex(run.stderr, /\.\.\/shared\/testdata/);
  t.notRegex(run.stdout, /heard/);
});
