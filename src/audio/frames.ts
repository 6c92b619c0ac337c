/**
 * Streaming framer: int16 samples arrive in chunks of any size (a microphone driver's DMA blocks, a
 * file read in pieces); overlapping windows come out, each `windowSize` samples long, one every
 * `stepSize` samples. TFLM's micro_speech front-end uses 480-sample windows every 320 samples
 * (30 ms every 20 ms at 16 kHz): window k covers samples [320 k, 320 k + 480).
 *
 * Everything is preallocated: a buffer of `windowSize` samples, filled as samples arrive; when it is
 * full, `onFrame` gets it (valid only during the call), then the samples the next window shares
 * are moved to its front (windowSize - stepSize of them). No allocation per chunk or per frame:
 * `push` takes a count instead of a subarray so callers can reuse one read buffer.
 */
import { TinyMLArgumentError } from "../errors";

export interface FramerOptions {
  /** Samples per window (default 480: 30 ms at 16 kHz). */
  windowSize?: number;
  /** Samples from the start of one window to the start of the next (default 320: 20 ms at 16 kHz). */
  stepSize?: number;
}

/** Called with each full window (a preallocated buffer: copy what you keep) and its index (0, 1, ...). */
export type FrameSink = (frame: Int16Array, index: number) => void;

export class AudioFramer {
  readonly windowSize: number;
  readonly stepSize: number;
  /** The window being filled; handed to the sink when full. */
  private readonly window: Int16Array;
  private filled = 0;
  /** Samples still to drop before the next window starts (only when stepSize > windowSize). */
  private skip = 0;
  private frames = 0;
  private total = 0;

  constructor(options: FramerOptions = {}) {
    const windowSize = options.windowSize ?? 480;
    const stepSize = options.stepSize ?? 320;
    if (!Number.isInteger(windowSize) || windowSize < 1) throw new TinyMLArgumentError(`windowSize must be a positive integer, not ${windowSize}`);
    if (!Number.isInteger(stepSize) || stepSize < 1) throw new TinyMLArgumentError(`stepSize must be a positive integer, not ${stepSize}`);
    this.windowSize = windowSize;
    this.stepSize = stepSize;
    this.window = new Int16Array(windowSize);
  }

  /** Windows emitted so far. */
  get frameCount(): number {
    return this.frames;
  }

  /** Samples pushed so far. */
  get sampleCount(): number {
    return this.total;
  }

  /** Index of the sample just after the end of window `index` (its end time is that / sampleRate). */
  frameEnd(index: number): number {
    return index * this.stepSize + this.windowSize;
  }

  /**
   * Feeds the first `count` samples of `samples` (default all); calls `onFrame` for every window
   * they complete, in order. Returns the number of windows emitted.
   */
  push(samples: Int16Array, onFrame: FrameSink, count: number = samples.length): number {
    if (!Number.isInteger(count) || count < 0 || count > samples.length) throw new TinyMLArgumentError(`count must be an integer in [0, ${samples.length}], not ${count}`);
    const window = this.window, size = this.windowSize, step = this.stepSize;
    let i = 0, emitted = 0;
    this.total += count;
    while (i < count) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, count - i);
        this.skip -= n;
        i += n;
        continue;
      }
      const n = Math.min(size - this.filled, count - i);
      // Copy sample by sample: set(subarray) would allocate a view per chunk.
      const at = this.filled;
      for (let k = 0; k < n; k++) window[at + k] = samples[i + k]!;
      this.filled += n;
      i += n;
      if (this.filled === size) {
        onFrame(window, this.frames++);
        emitted++;
        if (step < size) {
          window.copyWithin(0, step, size);
          this.filled = size - step;
        } else {
          this.filled = 0;
          this.skip = step - size;
        }
      }
    }
    return emitted;
  }

  /** Forgets buffered samples and counts (the next sample starts window 0). */
  reset(): void {
    this.filled = 0;
    this.skip = 0;
    this.frames = 0;
    this.total = 0;
    this.window.fill(0);
  }
}
