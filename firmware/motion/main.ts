/**
 * tinyml-xs motion firmware: an accelerometer on I2C (LIS3DH or MPU-6050, found by probing
 * their addresses and WHO_AM_I) drained through its FIFO every 250 ms -> 2 s windows at 25 Hz ->
 * features -> the motion model (models/motion, a Resource read in place) -> still / walking /
 * running / shaking, traced with the latency of each stage (see app.ts).
 *
 * Settings (manifest "config", or mcconfig arguments such as `sensor=mpu6050 sda=21 scl=22`):
 * sensor (auto | lis3dh | mpu6050), sda, scl, hz, address, port, poll (ms), windows (stop after
 * N; 0 = forever).
 *
 * The default export runs the firmware (Moddable calls it at start); a host may pass overrides
 * (the simulator's runner gives a virtual timer and a finer clock).
 */
import Timer from "timer";
import Time from "time";
import I2C from "embedded:io/i2c";
import Resource from "Resource";
import config from "mc/config";
import { LIS3DH } from "tinyml-xs/drivers/lis3dh";
import { MPU6050 } from "tinyml-xs/drivers/mpu6050";
import { SensorError } from "tinyml-xs/drivers/sensor_error";
import type { Accelerometer } from "tinyml-xs/drivers/accelerometer";
import type { I2CClass } from "tinyml-xs/drivers/i2c";
import { startMotionApp, type MotionApp, type MotionAppOptions } from "./app";

export type MotionOverrides = Partial<Pick<MotionAppOptions, "repeat" | "micros" | "ticks" | "log" | "model" | "onWindow" | "onDone">>;

/** Finds and opens the accelerometer: config.sensor, or each known chip at each of its addresses. */
export function openAccelerometer(log: (line: string) => void): Accelerometer | null {
  const want = String(config.sensor ?? "auto").toLowerCase();
  if (want !== "auto" && want !== "lis3dh" && want !== "mpu6050") {
    log(`sensor=${want}: auto, lis3dh or mpu6050`);
    return null;
  }
  const bus = { io: I2C as unknown as I2CClass, data: Number(config.sda ?? 21), clock: Number(config.scl ?? 22), hz: Number(config.hz ?? 400_000), ...(config.port === undefined ? {} : { port: Number(config.port) }) };
  const delay = (ms: number) => Timer.delay(ms);
  const candidates: [string, number, () => Accelerometer][] = [];
  const only = config.address === undefined ? null : Number(config.address);
  for (const address of only === null ? [0x18, 0x19] : [only]) if (want === "auto" || want === "lis3dh") candidates.push(["LIS3DH", address, () => new LIS3DH({ sensor: { ...bus, address }, delay })]);
  for (const address of only === null ? [0x68, 0x69] : [only]) if (want === "auto" || want === "mpu6050") candidates.push(["MPU6050", address, () => new MPU6050({ sensor: { ...bus, address }, delay })]);
  for (const [name, address, open] of candidates) {
    try {
      const sensor = open();
      log(`found ${name} at 0x${address.toString(16)}`);
      return sensor;
    } catch (e) {
      // Not there (no acknowledge: IO from the SDK's I2C, which does not say NACK), another chip,
      // or a bus that cannot be opened: said, and the next candidate is tried.
      if (!(e instanceof SensorError)) {
        log(`${name} at 0x${address.toString(16)}: ${String((e as { message?: unknown } | null)?.message ?? e)}`);
        continue;
      }
      if (e.code === "BAD_CONFIG") {
        log(`${name}: ${e.message}`);
        return null;
      }
      if (e.code !== "NACK" && e.code !== "WRONG_ID" && e.code !== "IO") log(`${name} at 0x${address.toString(16)}: ${e.message}`);
    }
  }
  log(`no accelerometer found (${want}) on SDA ${bus.data}, SCL ${bus.clock}`);
  return null;
}

export default function main(overrides: MotionOverrides = {}): MotionApp | null {
  const log = overrides.log ?? ((line: string) => trace(line, "\n"));
  const sensor = openAccelerometer(log);
  if (sensor === null) return null;
  const micros = overrides.micros ?? (() => Time.microseconds ?? Time.ticks * 1000);
  try {
    return startMotionApp({
      sensor,
      model: overrides.model ?? new Resource("motion.tflite"),
      repeat: overrides.repeat ?? ((tick, ms) => {
        const timer = Timer.repeat(tick, ms);
        return { stop: () => Timer.clear(timer) };
      }),
      micros,
      ticks: overrides.ticks ?? (() => Time.ticks),
      log,
      pollMs: Number(config.poll ?? 250),
      windows: Number(config.windows ?? 0),
      ...(overrides.onWindow === undefined ? {} : { onWindow: overrides.onWindow }),
      onDone: () => {
        sensor.close();
        overrides.onDone?.();
      },
    });
  } catch (e) {
    // A model that does not fit, a sensor that fails its configuration, a bad setting: said, and stopped cleanly.
    log(`motion firmware not started: ${String((e as { message?: unknown } | null)?.message ?? e)}`);
    sensor.close();
    return null;
  }
}
