/**
 * Turns a stream of per-inference class scores into command detections, the way TFLM's micro_speech
 * example does (its RecognizeCommands, recognize_commands.cc), written for this project:
 *
 * - each result (int8 scores, seen as 0-255 by adding 128, and a time in ms) joins a queue; results
 *   older than `averageWindowMs` before the newest one leave it (a result exactly that old stays);
 * - with fewer than `minimumCount` results, or when they span less than averageWindowMs / 4
 *   (integer division), there is no verdict: the previous top label with score 0, not new;
 * - otherwise each class's score is the integer mean (truncated) over the queue, and the top class
 *   is the first with the highest mean (a mean of 0 everywhere gives class 0);
 * - it is a new command when its mean exceeds `detectionThreshold` (strictly) and either it differs
 *   from the previous command, or more than `suppressionMs` passed since that command was heard.
 *   The previous command starts as class 0 ("silence"), and while it is class 0 the time since it
 *   counts as infinite: like TFLM, a loud enough silence is "new" on every result.
 *
 * Defaults are TFLM's: window 1000 ms, threshold 200, suppression 1500 ms, minimum count 3, and
 * labels silence, unknown, yes, no. Differences, on inputs TFLM treats as errors or overflows: a
 * time earlier than the newest result's throws (TFLM checks only the oldest); with the queue full
 * (`capacity`, default 50 as in TFLM) the oldest result makes room (TFLM drops the new one).
 *
 * `process` returns one preallocated object, overwritten by the next call: nothing is allocated.
 */
import { TinyMLArgumentError } from "../errors";

export const MICRO_SPEECH_LABELS: readonly string[] = Object.freeze(["silence", "unknown", "yes", "no"]);

export interface RecognizerOptions {
  /** Class names, in the order of the model's outputs (default silence, unknown, yes, no). */
  labels?: readonly string[];
  /** Averaging window (default 1000 ms). */
  averageWindowMs?: number;
  /** A command needs a mean score above this, on the 0-255 scale (default 200). */
  detectionThreshold?: number;
  /** The same command is not reported again within this time (default 1500 ms). */
  suppressionMs?: number;
  /** Results needed in the window before any verdict (default 3). */
  minimumCount?: number;
  /** Results the queue holds (default 50; it must hold a window's worth). */
  capacity?: number;
}

export interface Recognition {
  /** The top class of the averaged scores (or the previous command while there is no verdict). */
  label: string;
  index: number;
  /** Its mean score, 0-255 (0 while there is no verdict). */
  score: number;
  /** True when this result is a newly heard command. */
  isNew: boolean;
  /** The time given with the result, ms. */
  timeMs: number;
  /** Results averaged (0 while there is no verdict). */
  count: number;
}

export class CommandRecognizer {
  readonly labels: readonly string[];
  readonly averageWindowMs: number;
  readonly detectionThreshold: number;
  readonly suppressionMs: number;
  readonly minimumCount: number;
  readonly capacity: number;
  private readonly classes: number;
  /** capacity x classes scores (0-255) and capacity times, a ring from `head` of `size` entries. */
  private readonly scores: Int16Array;
  private readonly times: Float64Array;
  private readonly sums: Int32Array;
  private head = 0;
  private size = 0;
  private previousIndex = 0;
  private previousTime = -Infinity;
  private heardAny = false;
  private readonly result: Recognition;

  constructor(options: RecognizerOptions = {}) {
    this.labels = options.labels ?? MICRO_SPEECH_LABELS;
    this.averageWindowMs = options.averageWindowMs ?? 1000;
    this.detectionThreshold = options.detectionThreshold ?? 200;
    this.suppressionMs = options.suppressionMs ?? 1500;
    this.minimumCount = options.minimumCount ?? 3;
    this.capacity = options.capacity ?? 50;
    if (this.labels.length < 1) throw new TinyMLArgumentError("labels must name at least one class");
    for (const [name, v] of [["averageWindowMs", this.averageWindowMs], ["suppressionMs", this.suppressionMs], ["minimumCount", this.minimumCount]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new TinyMLArgumentError(`${name} must be a non-negative integer, not ${v}`);
    }
    if (!(this.detectionThreshold >= 0 && this.detectionThreshold <= 255)) throw new TinyMLArgumentError(`detectionThreshold must be in [0, 255], not ${this.detectionThreshold}`);
    if (!Number.isInteger(this.capacity) || this.capacity < 1) throw new TinyMLArgumentError(`capacity must be a positive integer, not ${this.capacity}`);
    this.classes = this.labels.length;
    this.scores = new Int16Array(this.capacity * this.classes);
    this.times = new Float64Array(this.capacity);
    this.sums = new Int32Array(this.classes);
    this.result = { label: this.labels[0]!, index: 0, score: 0, isNew: false, timeMs: 0, count: 0 };
  }

  /** Results currently in the averaging queue. */
  get queued(): number {
    return this.size;
  }

  /**
   * Adds one inference result: `scores` are the model's int8 outputs (one per label), `timeMs` when
   * the audio they describe ended. Returns the (reused) recognition.
   */
  process(scores: ArrayLike<number>, timeMs: number): Recognition {
    const classes = this.classes, cap = this.capacity;
    if (scores.length !== classes) throw new TinyMLArgumentError(`expected ${classes} scores (one per label), got ${scores.length}`);
    if (!Number.isFinite(timeMs)) throw new TinyMLArgumentError(`the time must be a finite number of ms, not ${timeMs}`);
    if (this.size > 0) {
      const newest = this.times[(this.head + this.size - 1) % cap]!;
      if (timeMs < newest) throw new TinyMLArgumentError(`results must come in time order: ${timeMs} ms is earlier than the previous ${newest} ms`);
    }
    if (this.size === cap) this.dropOldest();
    const slot = (this.head + this.size) % cap;
    this.times[slot] = timeMs;
    for (let i = 0; i < classes; i++) this.scores[slot * classes + i] = (scores[i]! | 0) + 128;
    this.size++;

    const limit = timeMs - this.averageWindowMs;
    while (this.size > 0 && this.times[this.head]! < limit) this.dropOldest();

    const r = this.result;
    r.timeMs = timeMs;
    const count = this.size;
    const earliest = this.times[this.head]!;
    if (count < this.minimumCount || timeMs - earliest < Math.trunc(this.averageWindowMs / 4)) {
      r.index = this.previousIndex;
      r.label = this.labels[r.index]!;
      r.score = 0;
      r.isNew = false;
      r.count = 0;
      return r;
    }

    const sums = this.sums;
    sums.fill(0);
    for (let k = 0; k < count; k++) {
      const base = ((this.head + k) % cap) * classes;
      for (let i = 0; i < classes; i++) sums[i] += this.scores[base + i]!;
    }
    let top = 0, topScore = 0;
    for (let i = 0; i < classes; i++) {
      const mean = Math.trunc(sums[i]! / count);
      if (mean > topScore) {
        topScore = mean;
        top = i;
      }
    }
    const since = this.previousIndex === 0 || !this.heardAny ? Infinity : timeMs - this.previousTime;
    const isNew = topScore > this.detectionThreshold && (top !== this.previousIndex || since > this.suppressionMs);
    if (isNew) {
      this.previousIndex = top;
      this.previousTime = timeMs;
      this.heardAny = true;
    }
    r.index = top;
    r.label = this.labels[top]!;
    r.score = topScore;
    r.isNew = isNew;
    r.count = count;
    return r;
  }

  /** Forgets every result and the previous command. */
  reset(): void {
    this.head = 0;
    this.size = 0;
    this.previousIndex = 0;
    this.previousTime = -Infinity;
    this.heardAny = false;
  }

  private dropOldest(): void {
    this.head = (this.head + 1) % this.capacity;
    this.size--;
  }
}
