/**
 * The loop of the example device apps (hosts/esp32, hosts/cortex-m): every `intervalMs`, read a
 * sensor value, feed it to the model, classify the output and log one line. The host injects the
 * sensor, the timer, the clock and the log (Moddable's Timer, embedded:io, Time.ticks and trace on
 * devices; shims in the simulator), so this module itself imports nothing from Moddable.
 */
import { Interpreter } from "../interpreter/interpreter";
import type { InterpreterOptions } from "../interpreter/interpreter";
import type { TensorView } from "../interpreter/tensor_view";
import { Model } from "../model/model";
import type { ModelSource } from "../model/model";

export interface Classification {
  /** Index of the class (the output element with the largest value; for a one-value output, 1 when it is >= 0). */
  index: number;
  label: string;
  /**
   * In [0, 1]: the dequantized largest output, clamped (a probability for softmax outputs); for a
   * one-value output (a regressor such as the sine model), |value| clamped.
   */
  confidence: number;
  /** The dequantized output value the class was taken from. */
  value: number;
}

/** The class of an output tensor (see Classification). `labels` names the classes (default "class N"; "negative"/"positive" for one value). */
export function classify(output: TensorView, labels?: readonly string[]): Classification {
  const n = output.data.length;
  if (n === 1) {
    const value = output.dequantize(0);
    const index = value >= 0 ? 1 : 0;
    return { index, label: labels?.[index] ?? (index === 1 ? "positive" : "negative"), confidence: Math.min(1, Math.abs(value)), value };
  }
  let index = 0;
  let value = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = output.dequantize(i);
    if (v > value) {
      value = v;
      index = i;
    }
  }
  return { index, label: labels?.[index] ?? `class ${index}`, confidence: Math.max(0, Math.min(1, value)), value };
}

/** Writes `x` into element `i` of an input tensor: quantized (rounded, saturated) for int8/uint8/int16, as is for float32. */
export function setInput(input: TensorView, i: number, x: number): void {
  const d = input.data;
  if (d instanceof Float32Array || d instanceof Float64Array) {
    d[i] = x;
    return;
  }
  const q = Math.round(x / input.scale) + input.zeroPoint;
  const lo = d instanceof Int8Array ? -128 : d instanceof Uint8Array ? 0 : d instanceof Int16Array ? -32768 : -2147483648;
  const hi = d instanceof Int8Array ? 127 : d instanceof Uint8Array ? 255 : d instanceof Int16Array ? 32767 : 2147483647;
  d[i] = Math.max(lo, Math.min(hi, q));
}

export interface Repeater {
  stop(): void;
}

export interface SensorAppOptions {
  /** The model: a Resource (read in place), an ArrayBuffer or a typed array. */
  model: ModelSource;
  /** One sensor reading, already in the model's input units (e.g. x in [0, 2π) for the sine model). */
  sample(): number;
  /** Calls `tick` every `ms` milliseconds until stopped (Timer.repeat on Moddable). */
  repeat(tick: () => void, ms: number): Repeater;
  /** A millisecond clock (Time.ticks on Moddable). */
  ticks(): number;
  /** Writes one line (the host adds nothing: `line` ends without a newline). */
  log(line: string): void;
  intervalMs: number;
  /** Stop after this many samples (0 or absent: run forever). */
  samples?: number;
  labels?: readonly string[];
  interpreter?: InterpreterOptions;
  /** Milliseconds spent invoking at start to report the mean time per inference (the per-sample latency is in whole ms). Default 100; 0 skips. */
  calibrationMs?: number;
  /** Called once the model is loaded and the interpreter prepared (e.g. to log the XS heap). */
  onReady?(it: Interpreter): void;
  /** Called after the last sample when `samples` is set. */
  onDone?(): void;
}

/** Loads the model, prepares it and starts sampling. Returns the interpreter and a way to stop. */
export function startSensorApp(o: SensorAppOptions): { interpreter: Interpreter; stop(): void } {
  const model = Model.from(o.model);
  const it = new Interpreter(model, o.interpreter);
  const input = it.input(0);
  const output = it.output(0);
  o.log(`model: ${model.bytes.length} bytes, ${model.operators.length} ops, arena ${it.arenaBytes} bytes, ${it.plan.macs} MACs`);
  const budget = o.calibrationMs ?? 100;
  if (budget > 0) {
    const t0 = o.ticks();
    let runs = 0;
    do {
      it.invoke();
      runs++;
    } while (o.ticks() - t0 < budget && runs < 100000);
    const us = ((o.ticks() - t0) * 1000) / runs;
    o.log(`invoke: ${us.toFixed(1)} us (mean of ${runs})`);
  }
  o.onReady?.(it);
  let count = 0;
  const timer = o.repeat(() => {
    const x = o.sample();
    setInput(input, 0, x);
    const t0 = o.ticks();
    it.invoke();
    const ms = o.ticks() - t0;
    const c = classify(output, o.labels);
    count++;
    o.log(`sample ${count}: x=${x.toFixed(3)} class=${c.label} confidence=${c.confidence.toFixed(3)} value=${c.value.toFixed(3)} latency=${ms}ms`);
    if (o.samples !== undefined && o.samples > 0 && count >= o.samples) {
      timer.stop();
      o.onDone?.();
    }
  }, o.intervalMs);
  return { interpreter: it, stop: () => timer.stop() };
}
