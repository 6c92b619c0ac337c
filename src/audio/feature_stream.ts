/**
 * Runs an audio preprocessor model (TFLM's audio_preprocessor_int8: int16[1,480] in, int8[40] out,
 * stateful) on each frame and keeps the last `rows` feature rows, oldest first: the rolling 49x40
 * spectrogram that micro_speech classifies. One interpreter for the whole stream (the noise
 * estimate carries over between frames, as in TFLM), a preallocated feature buffer, and
 * `writeTo` copies it into the classifier's input tensor: nothing is allocated per frame.
 *
 * After `rows` frames the buffer holds exactly what framing a clip of that length and running the
 * preprocessor on each window gives (TFLM's micro_speech_test does this for its 1000 ms WAVs).
 */
import { TinyMLArgumentError } from "../errors";
import { Interpreter } from "../interpreter/interpreter";
import type { InterpreterOptions } from "../interpreter/interpreter";
import { Model } from "../model/model";
import type { ModelSource } from "../model/model";

export interface FeatureStreamOptions {
  /** Feature rows kept (default 49: 1 s of 20 ms steps for micro_speech). */
  rows?: number;
  /** Options for the preprocessor's interpreter (kernels...). */
  interpreter?: InterpreterOptions;
}

export class FeatureStream {
  /** The preprocessor's interpreter (its input is the frame, its output one feature row). */
  readonly preprocessor: Interpreter;
  readonly rows: number;
  /** Features per row (the preprocessor's output size, 40). */
  readonly rowSize: number;
  /** Samples per frame the preprocessor takes (480). */
  readonly frameSize: number;
  /** rows x rowSize int8 features, oldest row first. */
  readonly features: Int8Array;
  private readonly input: Int16Array;
  private readonly output: Int8Array;
  private count = 0;

  constructor(preprocessor: ModelSource | Model | Interpreter, options: FeatureStreamOptions = {}) {
    this.preprocessor = preprocessor instanceof Interpreter ? preprocessor : new Interpreter(preprocessor instanceof Model ? preprocessor : Model.from(preprocessor), options.interpreter);
    const input = this.preprocessor.input(0).data, output = this.preprocessor.output(0).data;
    if (!(input instanceof Int16Array)) throw new TinyMLArgumentError(`the preprocessor's input must be int16, not ${this.preprocessor.input(0).type}`);
    if (!(output instanceof Int8Array)) throw new TinyMLArgumentError(`the preprocessor's output must be int8, not ${this.preprocessor.output(0).type}`);
    const rows = options.rows ?? 49;
    if (!Number.isInteger(rows) || rows < 1) throw new TinyMLArgumentError(`rows must be a positive integer, not ${rows}`);
    this.input = input;
    this.output = output;
    this.rows = rows;
    this.rowSize = output.length;
    this.frameSize = input.length;
    this.features = new Int8Array(rows * this.rowSize);
  }

  /** Frames processed since the start (or the last reset). */
  get frameCount(): number {
    return this.count;
  }

  /** True once `rows` frames have been processed: every row holds real features. */
  get full(): boolean {
    return this.count >= this.rows;
  }

  /** Runs the preprocessor on one frame (exactly frameSize samples) and appends its feature row. */
  addFrame(frame: Int16Array): void {
    if (frame.length !== this.frameSize) throw new TinyMLArgumentError(`a frame has ${this.frameSize} samples, not ${frame.length}`);
    this.input.set(frame);
    this.preprocessor.invoke();
    const f = this.features, size = this.rowSize, out = this.output;
    f.copyWithin(0, size);
    const last = f.length - size;
    for (let i = 0; i < size; i++) f[last + i] = out[i]!;
    this.count++;
  }

  /** Copies the rows x rowSize features into `target` (e.g. the classifier's int8 input data). */
  writeTo(target: Int8Array): void {
    if (target.length !== this.features.length) throw new TinyMLArgumentError(`the target has ${target.length} elements; the features are ${this.rows}x${this.rowSize} = ${this.features.length}`);
    target.set(this.features);
  }

  /** Starts over: the preprocessor's state (noise estimate) and the feature rows are cleared. */
  reset(): void {
    this.preprocessor.reset();
    this.features.fill(0);
    this.count = 0;
  }
}
