/**
 * Keyword spotting, TFLM's micro_speech pipeline on tinyml-xs:
 *
 *   ECMA-419 audio input (16 kHz, mono, 16-bit) ──► AudioFramer: 30 ms windows every 20 ms
 *   ──► FeatureStream: audio_preprocessor_int8 per window, the last 49 rows of 40 features
 *   ──► every `inferenceEvery` windows (default 2 = 40 ms): micro_speech_quantized on the 49x40
 *   ──► CommandRecognizer (TFLM's RecognizeCommands: 1 s average, threshold 200, 1.5 s suppression)
 *   ──► a line for each newly heard command: word, score, audio time and the latency of each stage.
 *
 * Times given to the recognizer are audio time (samples read / sample rate, as TFLM's
 * LatestAudioTimestamp), so detections do not depend on how fast the host runs; latencies are
 * measured with `ticks`. Only "silence" is not reported (while silence stays loud enough, TFLM's
 * recognizer calls it new on every result). Everything is allocated here, at start: nothing per
 * read, frame or inference.
 *
 * The same module runs on a device (the real embedded:io/audio/in) and in tinyml-sim (its stand-in
 * plays WAV files: hosts/sim/modules/embedded_io/audio/in.ts).
 */
import AudioIn from "embedded:io/audio/in";
import { Interpreter, Model, TinyMLArgumentError } from "tinyml-xs";
import type { InterpreterOptions, ModelSource } from "tinyml-xs";
import { AudioFramer } from "tinyml-xs/audio/frames";
import { FeatureStream } from "tinyml-xs/audio/feature_stream";
import { CommandRecognizer, MICRO_SPEECH_LABELS } from "tinyml-xs/audio/command_recognizer";
import type { RecognizerOptions } from "tinyml-xs/audio/command_recognizer";

export interface KwsOptions {
  /** TFLM's audio_preprocessor_int8.tflite (a Resource, an ArrayBuffer or a typed array). */
  preprocessor: ModelSource;
  /** TFLM's micro_speech_quantized.tflite. */
  model: ModelSource;
  /** A millisecond clock for latencies (fractional where the host has one). */
  ticks(): number;
  /** Writes one line (without newline). */
  log(line: string): void;
  /** Run the classifier every this many 20 ms frames (default 2: every 40 ms). */
  inferenceEvery?: number;
  /** Recognizer settings (default TFLM's: 1000 ms, 200, 1500 ms, 3; labels silence, unknown, yes, no). */
  recognizer?: RecognizerOptions;
  interpreter?: InterpreterOptions;
  /** Samples read from the audio input at a time (default 1024). */
  readSamples?: number;
  /** Called for every reported detection (the object is reused: copy what you keep). */
  onDetection?(detection: Detection): void;
}

export interface Detection {
  label: string;
  /** Mean score over the averaging window, 0-255. */
  score: number;
  /** Audio time of the end of the last frame, ms since the input started. */
  timeMs: number;
  /** Latency of the last frame's preprocessing, of the inference and of the recognizer, ms. */
  preprocessMs: number;
  inferenceMs: number;
  recognizeMs: number;
}

export interface StageStats {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface KwsStats {
  /** Audio read, ms. */
  audioMs: number;
  preprocess: StageStats;
  inference: StageStats;
  recognize: StageStats;
  detections: number;
  /** Callbacks that failed (each distinct failure is logged). */
  errors: number;
}

export interface KwsApp {
  readonly stats: KwsStats;
  /** Stops and closes the audio input. */
  stop(): void;
  /** One line: frames, inferences and the mean / max latency of each stage. */
  summary(): string;
}

function stage(): StageStats {
  return { count: 0, totalMs: 0, maxMs: 0 };
}

function record(s: StageStats, ms: number): void {
  s.count++;
  s.totalMs += ms;
  if (ms > s.maxMs) s.maxMs = ms;
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

const SAMPLE_RATE = 16000;
/** 30 ms windows every 20 ms, as TFLM's micro_speech. */
const WINDOW = 480;
const STEP = 320;

export function startKeywordSpotting(options: KwsOptions): KwsApp {
  const { ticks, log } = options;
  const every = options.inferenceEvery ?? 2;
  if (!Number.isInteger(every) || every < 1) throw new TinyMLArgumentError(`inferenceEvery must be a positive integer, not ${every}`);
  const features = new FeatureStream(options.preprocessor, options.interpreter === undefined ? {} : { interpreter: options.interpreter });
  const classifier = new Interpreter(Model.from(options.model), options.interpreter);
  const input = classifier.input(0).data, output = classifier.output(0).data;
  if (!(input instanceof Int8Array) || input.length !== features.features.length) {
    throw new TinyMLArgumentError(`the model's input must be int8[${features.rows * features.rowSize}] (${features.rows}x${features.rowSize} features), not ${classifier.input(0).type}[${input.length}]`);
  }
  if (!(output instanceof Int8Array)) throw new TinyMLArgumentError(`the model's output must be int8, not ${classifier.output(0).type}`);
  const recognizer = new CommandRecognizer({ labels: MICRO_SPEECH_LABELS, ...options.recognizer });
  if (output.length !== recognizer.labels.length) throw new TinyMLArgumentError(`the model has ${output.length} outputs for ${recognizer.labels.length} labels`);
  if (features.frameSize !== WINDOW) throw new TinyMLArgumentError(`the preprocessor takes ${features.frameSize} samples; keyword spotting frames ${WINDOW} (30 ms at 16 kHz)`);
  const framer = new AudioFramer({ windowSize: WINDOW, stepSize: STEP });
  const readSamples = options.readSamples ?? 1024;
  if (!Number.isInteger(readSamples) || readSamples < 1) throw new TinyMLArgumentError(`readSamples must be a positive integer, not ${readSamples}`);
  const chunk = new Int16Array(readSamples);
  const chunkBytes = new Uint8Array(chunk.buffer); // what read() fills (ECMA-419 buffers are bytes)
  const stats: KwsStats = { audioMs: 0, preprocess: stage(), inference: stage(), recognize: stage(), detections: 0, errors: 0 };
  const detection: Detection = { label: "", score: 0, timeMs: 0, preprocessMs: 0, inferenceMs: 0, recognizeMs: 0 };
  let preprocessMs = 0;

  const onFrame = (frame: Int16Array, index: number): void => {
    let t0 = ticks();
    features.addFrame(frame);
    let t1 = ticks();
    preprocessMs = t1 - t0;
    record(stats.preprocess, preprocessMs);
    if (!features.full || (index + 1) % every !== 0) return;
    t0 = ticks();
    features.writeTo(input);
    classifier.invoke();
    t1 = ticks();
    const inferenceMs = t1 - t0;
    record(stats.inference, inferenceMs);
    const timeMs = (framer.frameEnd(index) * 1000) / SAMPLE_RATE;
    const r = recognizer.process(output, timeMs);
    const recognizeMs = ticks() - t1;
    record(stats.recognize, recognizeMs);
    if (!r.isNew || r.index === 0) return;
    stats.detections++;
    detection.label = r.label;
    detection.score = r.score;
    detection.timeMs = timeMs;
    detection.preprocessMs = preprocessMs;
    detection.inferenceMs = inferenceMs;
    detection.recognizeMs = recognizeMs;
    log(`heard "${r.label}" score ${r.score} at ${timeMs} ms | latency: preprocess ${fmt(preprocessMs)} ms/frame, inference ${fmt(inferenceMs)} ms, recognize ${fmt(recognizeMs)} ms`);
    options.onDetection?.(detection);
  };

  // The SDK's read(buffer) fills the whole buffer and throws "invalid size" when less than that is
  // available (ECMA-419: no short reads), so each read asks for exactly what onReadable reported, at
  // most a chunk: a view of that many bytes, made again only when the size changes (lin's blocks are
  // always 1000 bytes at 16 kHz, so in steady state nothing is allocated).
  let view = chunkBytes;
  const readInto = (input: AudioIn, bytes: number): Uint8Array => {
    if (view.length !== bytes) view = bytes === chunkBytes.length ? chunkBytes : new Uint8Array(chunk.buffer, 0, bytes);
    input.read(view);
    return view;
  };
  let lastError = "";
  const audio = new AudioIn({
    sampleRate: SAMPLE_RATE,
    channels: 1,
    bitsPerSample: 16,
    onReadable(this: AudioIn, byteLength: number) {
      // Nothing may throw out of this callback (on a device that aborts the machine): a failure is
      // logged once per distinct message and the audio keeps flowing.
      try {
        let left = byteLength & ~1; // whole samples
        while (left > 0) {
          const bytes = Math.min(left, chunkBytes.length);
          readInto(this, bytes);
          left -= bytes;
          const n = bytes >> 1;
          stats.audioMs += (n * 1000) / SAMPLE_RATE;
          framer.push(chunk, onFrame, n);
        }
      } catch (e) {
        const message = String((e as { message?: unknown } | null)?.message ?? e);
        if (message !== lastError) log(`audio error: ${message} (reading ${byteLength} bytes); keeps listening`);
        lastError = message;
        stats.errors++;
      }
    },
  });
  log(
    `keyword spotting: labels ${recognizer.labels.join(", ")}; preprocessor arena ${features.preprocessor.arenaBytes} B, micro_speech arena ${classifier.arenaBytes} B; ` +
      `${WINDOW}-sample windows every ${STEP} samples at ${SAMPLE_RATE} Hz, inference every ${every} frames (${(every * STEP * 1000) / SAMPLE_RATE} ms)`,
  );
  audio.start();

  const mean = (s: StageStats) => (s.count === 0 ? 0 : s.totalMs / s.count);
  return {
    stats,
    stop() {
      audio.close();
    },
    summary() {
      const s = stats;
      return (
        `${(s.audioMs / 1000).toFixed(2)} s of audio, ${s.preprocess.count} frames, ${s.inference.count} inferences, ${s.detections} detections | ` +
        `mean / max latency: preprocess ${fmt(mean(s.preprocess))} / ${fmt(s.preprocess.maxMs)} ms per frame, inference ${fmt(mean(s.inference))} / ${fmt(s.inference.maxMs)} ms, ` +
        `recognize ${fmt(mean(s.recognize))} / ${fmt(s.recognize.maxMs)} ms`
      );
    },
  };
}
