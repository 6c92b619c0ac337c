/**
 * The motion firmware's loop, independent of the host: every `pollMs` it drains the
 * accelerometer's FIFO (one bus transaction), appends the samples to a ring of one window, and
 * every `hopSamples` new samples (once a full window is in) computes the features
 * (src/motion/features.ts, the code the model was trained with), runs the motion model and logs
 * the class with the latency of each stage: the FIFO reads since the previous window, the
 * features, the inference. An activity is reported once `stableWindows` consecutive windows agree.
 *
 * Window boundaries depend only on the sample count, not on when polls happen, so a run is
 * reproducible whatever the timer jitter. Allocates nothing per poll or per window (log lines aside).
 */
import { Interpreter } from "tinyml-xs/interpreter/interpreter";
import type { InterpreterOptions } from "tinyml-xs/interpreter/interpreter";
import { Model, type ModelSource } from "tinyml-xs/model/model";
import type { Accelerometer } from "tinyml-xs/drivers/accelerometer";
import { SensorError } from "tinyml-xs/drivers/sensor_error";
import { MOTION_FEATURE_COUNT, MOTION_LABELS, MOTION_RATE_HZ, MOTION_WINDOW, MotionFeatures } from "tinyml-xs/motion/features";

export interface Repeater {
  stop(): void;
}

export interface MotionAppOptions {
  /** An opened accelerometer; the app configures it (25 Hz, ±8 g, FIFO). */
  sensor: Accelerometer;
  /** The motion model (models/motion/motion.tflite): a Resource, an ArrayBuffer or a typed array. */
  model: ModelSource;
  /** Calls `tick` every `ms` until stopped (Timer.repeat on Moddable). */
  repeat(tick: () => void, ms: number): Repeater;
  /** A clock in microseconds for the stage latencies (Time.microseconds where the host has it). */
  micros(): number;
  /** A clock in milliseconds for the window times (Time.ticks; default: counted from the samples received, which lags after lost samples). */
  ticks?(): number;
  /** Writes one line (no newline included). */
  log(line: string): void;
  /** FIFO poll interval, ms (default 250: the LIS3DH FIFO holds 1.28 s at 25 Hz). */
  pollMs?: number;
  /** New samples between inferences (default 25: a window every second, half overlapping). */
  hopSamples?: number;
  /** Consecutive agreeing windows before an activity is reported (default 2). */
  stableWindows?: number;
  /** Stop after this many windows (0 or absent: run forever). */
  windows?: number;
  interpreter?: InterpreterOptions;
  /** Called after every window's inference: the class index, its probability, the inference time in ms (e.g. for telemetry). */
  onWindow?(classIndex: number, confidence: number, inferenceMs: number): void;
  onDone?(): void;
}

export interface MotionApp {
  /** The interpreter running the current model. */
  readonly interpreter: Interpreter;
  /**
   * Runs another model from the next window on (an updated one: e.g. ModelStore's active model,
   * read in place from flash). It must take the same features and give the same classes: the
   * current model keeps running when it does not (the error is thrown).
   */
  useModel(source: ModelSource, label: string): void;
  stop(): void;
  /** Windows classified so far. */
  readonly windows: number;
  /** The current (stable) activity, or "" before the first. */
  readonly activity: string;
}

const ms = (us: number) => (us / 1000).toFixed(2);

export function startMotionApp(o: MotionAppOptions): MotionApp {
  const sensor = o.sensor;
  const pollMs = o.pollMs ?? 250;
  if (!(pollMs > 0 && pollMs <= 60_000)) throw new RangeError(`poll ${o.pollMs} ms: a FIFO poll interval in (0, 60000]`);
  if (o.windows !== undefined && !(Number.isInteger(o.windows) && o.windows >= 0)) throw new RangeError(`windows ${o.windows}: a count >= 0 (0: run forever)`);
  sensor.configure({ rate: MOTION_RATE_HZ, range: 8, fifo: true });
  // The model can be swapped while the app runs (useModel, after an over-the-air update): these
  // are the current interpreter and its tensors.
  let it!: Interpreter;
  let inData!: Int8Array, outData!: Int8Array;
  let inScale = 0, inZero = 0;
  const load = (source: ModelSource): Interpreter => {
    const next = new Interpreter(Model.from(source), o.interpreter);
    const input = next.input(0), output = next.output(0);
    if (input.data.length !== MOTION_FEATURE_COUNT || output.data.length !== MOTION_LABELS.length) throw new Error(`the model takes ${input.data.length} features and gives ${output.data.length} classes; the firmware has ${MOTION_FEATURE_COUNT} and ${MOTION_LABELS.length}`);
    if (input.type !== "int8" || output.type !== "int8") throw new Error(`the firmware feeds an int8 model; this one takes ${input.type} and gives ${output.type}`);
    it = next;
    inData = input.data as Int8Array;
    outData = output.data as Int8Array;
    inScale = input.scale;
    inZero = input.zeroPoint;
    return next;
  };
  load(o.model);

  const features = new MotionFeatures(MOTION_WINDOW, MOTION_RATE_HZ);
  const featureValues = new Float32Array(MOTION_FEATURE_COUNT);
  const ring = new Float32Array(3 * MOTION_WINDOW);
  const chunk = new Float32Array(3 * sensor.fifoCapacity);
  const hop = o.hopSamples ?? MOTION_RATE_HZ;
  const stable = o.stableWindows ?? 2;
  let write = 0; // next ring slot
  let filled = 0; // samples in the ring (up to a window)
  let sinceWindow = 0;
  let total = 0; // samples received
  let readUs = 0, reads = 0, readSamples = 0;
  let windows = 0;
  let activity = "";
  let candidate = -1, agreeing = 0;
  let stopped = false;
  let lastError = "", failedPolls = 0;
  let windowEnd = 0; // ms since start of the sample that completed the window
  const start = o.ticks?.() ?? 0;

  o.log(`motion: ${sensor.model}, ${sensor.rate} Hz, ±${sensor.range} g, FIFO of ${sensor.fifoCapacity} samples; window ${MOTION_WINDOW} samples (${MOTION_WINDOW / MOTION_RATE_HZ} s), every ${hop} samples`);
  const describe = () => `${it.model.bytes.length} bytes, ${it.model.operators.length} ops, arena ${it.arenaBytes} bytes, ${it.plan.macs} MACs`;
  o.log(`model: ${describe()}`);

  const classify = () => {
    const t0 = o.micros();
    features.compute(ring, featureValues, write, MOTION_WINDOW); // the oldest sample is at `write`
    const t1 = o.micros();
    for (let i = 0; i < MOTION_FEATURE_COUNT; i++) {
      const q = Math.round(featureValues[i]! / inScale) + inZero;
      inData[i] = q < -128 ? -128 : q > 127 ? 127 : q;
    }
    it.invoke();
    const t2 = o.micros();
    let best = 0;
    for (let i = 1; i < outData.length; i++) if (outData[i]! > outData[best]!) best = i;
    const p = (outData[best]! + 128) / 256;
    windows++;
    const seconds = windowEnd / 1000;
    o.log(`window ${windows} t=${seconds.toFixed(1)}s: ${MOTION_LABELS[best]} ${(100 * p).toFixed(0)}% | fifo ${ms(readUs)} ms (${readSamples} samples, ${reads} reads) features ${ms(t1 - t0)} ms inference ${ms(t2 - t1)} ms`);
    readUs = reads = readSamples = 0;
    o.onWindow?.(best, p, (t2 - t1) / 1000);
    if (best === candidate) agreeing++;
    else {
      candidate = best;
      agreeing = 1;
    }
    if (agreeing === stable && MOTION_LABELS[best] !== activity) {
      o.log(`activity: ${MOTION_LABELS[best]}${activity === "" ? "" : ` (was ${activity})`} at t=${seconds.toFixed(1)}s`);
      activity = MOTION_LABELS[best]!;
    }
    if (o.windows !== undefined && o.windows > 0 && windows >= o.windows) stop();
  };

  // The timer callback: nothing may throw out of it (on a device that aborts the machine). A sensor
  // failure restarts the window (in pollOnce); anything else is said and the app stops cleanly.
  const poll = () => {
    try {
      pollOnce();
    } catch (e) {
      o.log(`motion firmware stopped: ${String((e as { message?: unknown } | null)?.message ?? e)}`);
      stop();
    }
  };

  const pollOnce = () => {
    if (stopped) return;
    let n: number;
    const t0 = o.micros();
    try {
      n = sensor.readFIFO(chunk);
    } catch (e) {
      if (!(e instanceof SensorError)) throw e;
      // Bus or chip failure: no data this poll, and the window restarts (never mix in garbage).
      // Logged once per run of the same error.
      if (e.code !== lastError) o.log(`sensor error ${e.code}: ${e.message}; window restarted`);
      lastError = e.code;
      failedPolls++;
      filled = sinceWindow = 0;
      return;
    }
    if (lastError !== "") {
      o.log(`sensor ok again after ${failedPolls} failed poll${failedPolls === 1 ? "" : "s"}`);
      lastError = "";
      failedPolls = 0;
    }
    readUs += o.micros() - t0;
    const pollMs = o.ticks === undefined ? NaN : o.ticks() - start;
    reads++;
    readSamples += n;
    if (sensor.overrun) {
      o.log(`fifo overrun: samples were lost; window restarted`);
      filled = sinceWindow = 0;
    }
    for (let s = 0; s < n && !stopped; s++) {
      ring[3 * write] = chunk[3 * s]!;
      ring[3 * write + 1] = chunk[3 * s + 1]!;
      ring[3 * write + 2] = chunk[3 * s + 2]!;
      write = write + 1 === MOTION_WINDOW ? 0 : write + 1;
      total++;
      // The newest sample in the FIFO is the latest conversion (up to one period old): date the others back from it.
      windowEnd = Number.isNaN(pollMs) ? (total * 1000) / MOTION_RATE_HZ : pollMs - ((n - 1 - s) * 1000) / MOTION_RATE_HZ;
      if (filled < MOTION_WINDOW) filled++;
      sinceWindow++;
      if (filled === MOTION_WINDOW && sinceWindow >= hop) {
        sinceWindow = 0;
        classify();
      }
    }
  };

  const timer = o.repeat(poll, pollMs);
  function stop(): void {
    if (stopped) return;
    stopped = true;
    timer.stop();
    o.onDone?.();
  }
  return {
    get interpreter() {
      return it;
    },
    useModel(source: ModelSource, label: string): void {
      load(source);
      o.log(`model: now ${label}, ${describe()}`);
    },
    stop,
    get windows() {
      return windows;
    },
    get activity() {
      return activity;
    },
  };
}
