/**
 * CommandRecognizer: TFLM's RecognizeCommands behaviour (recognize_commands.cc) on hand-made score
 * streams: the no-verdict start, integer averaging over the window, the strict threshold,
 * suppression of a repeated command, label changes, and its quirks (silence is "new" every time).
 */
import test from "ava";
import { CommandRecognizer, MICRO_SPEECH_LABELS } from "../../src/audio/command_recognizer";
import { TinyMLArgumentError } from "../../src/errors";

/** Scores on the 0-255 scale (silence, unknown, yes, no) as the model's int8 outputs. */
const s = (...v: number[]) => Int8Array.from(v.map((x) => x - 128));
const YES = s(0, 0, 255, 0), NO = s(0, 0, 0, 255), SILENCE = s(255, 0, 0, 0), UNKNOWN = s(0, 255, 0, 0);

/** Feeds `scores` at `from`, `from + step`, ... up to `to` inclusive; returns the new commands as "label@time". */
function feed(r: CommandRecognizer, scores: Int8Array, from: number, to: number, step = 40): string[] {
  const heard: string[] = [];
  for (let t = from; t <= to; t += step) {
    const x = r.process(scores, t);
    if (x.isNew) heard.push(`${x.label}@${t}`);
  }
  return heard;
}

test("defaults are TFLM's", (t) => {
  const r = new CommandRecognizer();
  t.deepEqual([r.averageWindowMs, r.detectionThreshold, r.suppressionMs, r.minimumCount, r.capacity], [1000, 200, 1500, 3, 50]);
  t.deepEqual(r.labels, ["silence", "unknown", "yes", "no"]);
  t.is(MICRO_SPEECH_LABELS, r.labels);
});

test("no verdict with fewer than minimumCount results or a span under window / 4", (t) => {
  const r = new CommandRecognizer();
  for (const time of [0, 40, 80, 120, 160, 200, 240]) {
    const x = r.process(YES, time);
    t.like(x, { label: "silence", index: 0, score: 0, isNew: false, count: 0, timeMs: time });
  }
  // 250 ms after the first result: a verdict, and yes is new.
  t.like(r.process(YES, 250), { label: "yes", index: 2, score: 255, isNew: true, count: 8 });
  // With a larger minimum count, the span alone is not enough.
  const q = new CommandRecognizer({ minimumCount: 10 });
  t.is(q.process(YES, 0).score, 0);
  t.is(q.process(YES, 500).score, 0);
  t.is(q.process(YES, 1000).count, 0);
});

test("the score is the truncated integer mean over the window, and must exceed the threshold", (t) => {
  // Means: (255 + 146 + 200) / 3 = 200.33 -> 200: not above 200. Then 201.
  const r = new CommandRecognizer({ minimumCount: 3, averageWindowMs: 1000 });
  r.process(s(0, 0, 255, 0), 0);
  r.process(s(0, 0, 146, 0), 100);
  t.like(r.process(s(0, 0, 200, 0), 300), { label: "yes", score: 200, isNew: false, count: 3 });
  const q = new CommandRecognizer();
  q.process(s(0, 0, 255, 0), 0);
  q.process(s(0, 0, 147, 0), 100);
  t.like(q.process(s(0, 0, 201, 0), 300), { label: "yes", score: 201, isNew: true });
  // A lower threshold takes the same stream earlier.
  const low = new CommandRecognizer({ detectionThreshold: 100 });
  low.process(s(0, 0, 150, 0), 0);
  low.process(s(0, 0, 150, 0), 100);
  t.true(low.process(s(0, 0, 150, 0), 300).isNew);
});

test("results older than the window leave the average (one exactly window-old stays)", (t) => {
  const r = new CommandRecognizer({ detectionThreshold: 250 });
  feed(r, UNKNOWN, 0, 960);
  t.is(r.queued, 25);
  t.is(r.process(YES, 1000).count, 26); // 0..1000 all within [1000 - 1000, 1000]
  t.is(r.process(YES, 1040).count, 26); // the result at 0 is older than 40: out
  // After a full window of yes, the unknown results are gone and yes wins.
  const heard = feed(r, YES, 1080, 2040);
  t.deepEqual(heard, ["yes@2000"]); // the first time only yes results remain (those from 1000 on)
});

test("the top class is the first with the highest mean; all-zero scores give class 0", (t) => {
  const r = new CommandRecognizer({ detectionThreshold: 100 });
  feed(r, s(0, 180, 180, 0), 0, 240);
  t.like(r.process(s(0, 180, 180, 0), 280), { label: "unknown", score: 180 });
  const z = new CommandRecognizer();
  feed(z, s(0, 0, 0, 0), 0, 240);
  t.like(z.process(s(0, 0, 0, 0), 300), { label: "silence", index: 0, score: 0, isNew: false });
});

test("suppression: the same command again only after suppressionMs; another one at once", (t) => {
  const r = new CommandRecognizer();
  t.deepEqual(feed(r, YES, 0, 1400), ["yes@280"]);
  // Still yes: not new again until more than 1500 ms after 280.
  t.deepEqual(feed(r, YES, 1440, 1800), ["yes@1800"]);
  // A 300 ms window (verdicts from a 75 ms span) makes label changes quick.
  const q = new CommandRecognizer({ averageWindowMs: 300, minimumCount: 2 });
  t.deepEqual(feed(q, YES, 0, 200), ["yes@80"]);
  // The window slides from yes to no: at 360 a 4/4 tie (yes wins: first index), at 440 no = 6*255/8 = 191,
  // at 480 no = 7*255/8 = 223 > 200: a label change is new at once.
  t.deepEqual(feed(q, NO, 240, 600), ["no@480"]);
  // Back to yes (previous command no): new as soon as its mean exceeds 200, at 880 (7 of 8).
  t.deepEqual(feed(q, YES, 640, 880), ["yes@880"]);
  // yes continues: suppressed until more than 1500 ms after 880.
  t.deepEqual(feed(q, YES, 920, 2400), ["yes@2400"]);
});

test("silence quirk: while the previous command is silence, a loud silence is new on every result", (t) => {
  const r = new CommandRecognizer();
  t.deepEqual(feed(r, SILENCE, 0, 400), ["silence@280", "silence@320", "silence@360", "silence@400"]);
  // After a word: silence takes over (new at 480, a label change), then is new again on every result.
  const q = new CommandRecognizer({ averageWindowMs: 300, minimumCount: 2 });
  feed(q, YES, 0, 200);
  t.deepEqual(feed(q, SILENCE, 240, 600), ["silence@480", "silence@520", "silence@560", "silence@600"]);
});

test("reset forgets results and the previous command", (t) => {
  const r = new CommandRecognizer();
  feed(r, YES, 0, 400);
  r.reset();
  t.is(r.queued, 0);
  t.like(r.process(YES, 500), { label: "silence", score: 0 });
  t.deepEqual(feed(r, YES, 540, 800), ["yes@780"]); // 280 ms after the first result since the reset
});

test("a full queue drops its oldest result", (t) => {
  const r = new CommandRecognizer({ capacity: 4, averageWindowMs: 100, minimumCount: 1 });
  feed(r, UNKNOWN, 0, 30, 10);
  t.is(r.queued, 4);
  // The result at 0 makes room: unknown at 10, 20, 30 and yes at 40: unknown 3 * 255 / 4 = 191.
  t.like(r.process(YES, 40), { count: 4, label: "unknown", score: 191 });
  t.like(r.process(YES, 50), { count: 4, label: "unknown", score: 127 }); // a 2/2 tie: the first index wins
  t.like(r.process(YES, 60), { count: 4, label: "yes", score: 191 });
});

test("bad input raises TinyMLArgumentError", (t) => {
  const r = new CommandRecognizer();
  t.throws(() => r.process(Int8Array.of(1, 2, 3), 0), { instanceOf: TinyMLArgumentError });
  r.process(YES, 100);
  t.throws(() => r.process(YES, 99), { instanceOf: TinyMLArgumentError, message: /time order/ });
  t.notThrows(() => r.process(YES, 100));
  t.throws(() => r.process(YES, NaN), { instanceOf: TinyMLArgumentError });
  t.throws(() => new CommandRecognizer({ detectionThreshold: 300 }), { instanceOf: TinyMLArgumentError });
  t.throws(() => new CommandRecognizer({ capacity: 0 }), { instanceOf: TinyMLArgumentError });
  t.throws(() => new CommandRecognizer({ labels: [] }), { instanceOf: TinyMLArgumentError });
  t.throws(() => new CommandRecognizer({ suppressionMs: -1 }), { instanceOf: TinyMLArgumentError });
});
