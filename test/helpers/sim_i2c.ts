/** Simulated I2C bus and accelerometer chips for driver tests on Node (the same code the simulator runs). */
import I2C, { SimI2CBus, simBus, type I2CTarget } from "../../hosts/sim/modules/embedded_io/i2c";
import type { ChipOptions } from "../../hosts/sim/devices/register_chip";
import { constantSource, type AccelerationSource } from "../../hosts/sim/devices/motion_source";
import type { ExecutionContext } from "ava";
import { STANDARD_GRAVITY } from "../../src/drivers/accelerometer";
import { SensorError } from "../../src/drivers/sensor_error";

let port = 100;

/** A fresh bus (its own port) with a manual clock in ms. */
export function testBus(): { bus: SimI2CBus; port: number; clock: { now: number }; sensor: { io: typeof I2C; data: number; clock: number; port: number } } {
  const p = port++;
  const bus = simBus(p);
  return { bus, port: p, clock: { now: 0 }, sensor: { io: I2C, data: 21, clock: 22, port: p } };
}

export function chipOptions(clock: { now: number }, source: AccelerationSource, extra: Partial<ChipOptions> = {}): ChipOptions {
  return { clock: () => clock.now, source, ...extra };
}

/** A fresh bus with a simulated chip at `address`, measuring `source` (default: lying still, z up). */
export function busWithChip<C extends I2CTarget>(Chip: new (options: ChipOptions) => C, address: number, source: AccelerationSource = constantSource(0, 0, STANDARD_GRAVITY), extra: Partial<ChipOptions> = {}) {
  const t = testBus();
  const chip = new Chip(chipOptions(t.clock, source, extra));
  t.bus.attach(address, chip);
  return { ...t, chip };
}

/** Asserts that fn throws a SensorError with `expected` as its code, and returns it. */
export function sensorError(t: ExecutionContext, fn: () => unknown, expected: string): SensorError {
  const e = t.throws(fn, { instanceOf: SensorError });
  t.is(e!.code, expected as never, e!.message);
  return e!;
}

/** x = t m/s² (t in s), y = -t, z = 9.80665: every sample tells when it was taken. */
export const rampSource: AccelerationSource = {
  sample(t, out) {
    out[0] = t;
    out[1] = -t;
    out[2] = 9.80665;
  },
};

export const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, "0")).join(" ");
