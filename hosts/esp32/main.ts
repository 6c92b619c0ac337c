/**
 * tinyml-xs example app for ESP32 (and, unchanged, the desktop simulators): every `interval` ms,
 * read an analog input, scale it to x in [0, 2π), run the sine model (models/sine, a Resource
 * read in place from flash), and trace the class (the sign of sin x), the confidence (|sin x|)
 * and the latency. The sine model is a regressor, so "class" and "confidence" are the honest
 * stand-ins until a classifier model and real sensor drivers arrive.
 *
 * Settings (manifest "config", or mcconfig arguments such as `analogPin=35 interval=500`):
 * analogPin, interval (ms), samples (stop after N; 0 = forever).
 */
import Timer from "timer";
import Time from "time";
import Resource from "Resource";
import Analog from "embedded:io/analog";
import Instrumentation from "instrumentation";
import config from "mc/config";
import { nativeKernels } from "tinyml-xs";
import { startSensorApp } from "tinyml-xs/device/sensor_app";

const pin = Number(config.analogPin ?? 34);
// close() is on every ECMA-419 instance (the SDK's Analog classes, modules/io/analog/*, have it), but
// the typings mcconfig compiles against (the SDK's typings/embedded_io/analog.d.ts, through 8.2.x)
// omit it, and mcconfig does not compile with types/; so it is declared here, where it is used.
const analog = new Analog({ pin }) as Analog & { close(): void };
const full = 2 ** analog.resolution - 1;

function memory(): string {
  const get = (name: Parameters<typeof Instrumentation.map>[0]) => Instrumentation.get(Instrumentation.map(name));
  const slots = get("XS Slot Heap Used");
  if (slots === undefined) return "XS heap: n/a (instrumented builds only: mcconfig -i or -d)";
  return `XS slots ${slots} B, chunks ${get("XS Chunk Heap Used")} B, stack ${get("XS Stack Used")} B`;
}

startSensorApp({
  model: new Resource("sine.tflite"),
  sample: () => (analog.read() / (full + 1)) * 2 * Math.PI,
  repeat: (tick, ms) => {
    const timer = Timer.repeat(tick, ms);
    return { stop: () => Timer.clear(timer) };
  },
  ticks: () => Time.ticks,
  log: (line) => trace(line, "\n"),
  intervalMs: Number(config.interval ?? 1000),
  samples: Number(config.samples ?? 0),
  onReady: () => {
    const natives = Object.keys(nativeKernels());
    trace(`kernels: ${natives.length > 0 ? `native C for ${natives.join(", ")}` : "TypeScript only"}\n`);
    trace(`analog pin ${pin}, ${analog.resolution} bits; ${memory()}\n`);
  },
  onDone: () => analog.close(),
});
