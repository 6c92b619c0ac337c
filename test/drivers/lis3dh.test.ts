/** LIS3DH driver against the register-level simulated LIS3DH on the simulated I2C bus. */
import test from "ava";
import { LIS3DH } from "../../src/drivers/lis3dh";
import { STANDARD_GRAVITY } from "../../src/drivers/accelerometer";
import { SimLIS3DH } from "../../hosts/sim/devices/lis3dh";
import { constantSource } from "../../hosts/sim/devices/motion_source";
import { busWithChip, hex, rampSource, testBus, sensorError } from "../helpers/sim_i2c";

const G = STANDARD_GRAVITY;

function setup(source = constantSource(0, 0, G), extra = {}, address = 0x18) {
  return busWithChip(SimLIS3DH, address, source, extra);
}

test("identifies by WHO_AM_I, reboots and configures, with the register traffic to show it", (t) => {
  const { bus, chip, sensor } = setup();
  const accel = new LIS3DH({ sensor });
  const log = bus.log;
  // First transfer pair: register 0x0F without a stop (repeated start), then one byte 0x33 read.
  t.deepEqual({ op: log[0]!.op, bytes: log[0]!.bytes, stop: log[0]!.stop, address: log[0]!.address }, { op: "write", bytes: [0x0f], stop: false, address: 0x18 });
  t.deepEqual({ op: log[1]!.op, bytes: log[1]!.bytes }, { op: "read", bytes: [0x33] });
  // BOOT (CTRL_REG5 bit 7), then its poll.
  t.deepEqual(log[2]!.bytes, [0x24, 0x80]);
  t.deepEqual(log[3]!.bytes, [0x24]);
  const writes = log.filter((x) => x.op === "write" && x.bytes.length === 2).map((x) => hex(x.bytes));
  t.true(writes.includes("20 37"), writes.join(", ")); // CTRL_REG1: 25 Hz, X Y Z enabled
  t.true(writes.includes("23 88"), writes.join(", ")); // CTRL_REG4: BDU, ±2 g, high resolution
  t.is(chip.regs[0x20], 0x37);
  t.is(chip.regs[0x23], 0x88);
  t.is(chip.regs[0x24], 0x00);
  t.is(accel.rate, 25);
  t.is(accel.range, 2);
  t.is(accel.model, "LIS3DH");
  // Every write is read back.
  for (let i = 0; i < log.length; i++) {
    const x = log[i]!;
    if (x.op === "write" && x.bytes.length === 2 && x.bytes[0] !== 0x24) t.deepEqual(log[i + 1]!.bytes, [x.bytes[0]!], `write ${hex(x.bytes)} not read back`);
  }
  accel.close();
});

test("the other address (SA0 high)", (t) => {
  const { sensor } = setup(undefined, {}, 0x19);
  const accel = new LIS3DH({ sensor: { ...sensor, address: 0x19 } });
  t.is(accel.address, 0x19);
  accel.close();
});

test("sample() scales by range: m/s², 12-bit high resolution", (t) => {
  const ax = 0.5 * G, ay = -1.25 * G, az = 1.0 * G;
  const { clock, sensor, bus } = setup(constantSource(ax, ay, az));
  const accel = new LIS3DH({ sensor });
  for (const [range, mg] of [[2, 1], [4, 2], [8, 4], [16, 12]] as const) {
    accel.configure({ range });
    clock.now += 100;
    bus.clearLog();
    const s = accel.sample();
    // One 6-byte burst from OUT_X_L with the auto-increment bit.
    t.deepEqual(bus.log.map((x) => [x.op, x.bytes.length]), [["write", 1], ["read", 6]]);
    t.deepEqual(bus.log[0]!.bytes, [0xa8]);
    const step = (mg / 1000) * G;
    t.true(Math.abs(s.x - ax) <= step / 2 + 1e-9, `±${range} g x ${s.x}`);
    t.true(Math.abs(s.y - ay) <= step / 2 + 1e-9, `±${range} g y ${s.y}`);
    t.true(Math.abs(s.z - az) <= step / 2 + 1e-9, `±${range} g z ${s.z}`);
    t.is(Math.round(s.x / step) * step, s.x, "values are whole digits");
  }
  accel.close();
});

test("saturates at full scale rather than wrapping", (t) => {
  const { clock, sensor } = setup(constantSource(3 * G, -3 * G, 0));
  const accel = new LIS3DH({ sensor, range: 2 });
  clock.now += 100;
  const s = accel.sample();
  t.true(s.x > 1.99 * G && s.x <= 2 * G, String(s.x));
  t.true(s.y < -1.99 * G && s.y >= -2.01 * G, String(s.y));
  accel.close();
});

test("data rate: the chip converts at the configured ODR", (t) => {
  const { clock, sensor, chip } = setup();
  const accel = new LIS3DH({ sensor });
  for (const rate of [10, 50, 100]) {
    accel.configure({ rate });
    const before = chip.samples;
    clock.now += 1000;
    accel.sample();
    t.is(chip.samples - before, rate, `${rate} Hz`);
  }
  t.is(chip.regs[0x20]! >> 4, 5); // 100 Hz = ODR 0101
  accel.close();
});

test("readFIFO reads every buffered sample, oldest first, in one burst", (t) => {
  const { clock, sensor, bus, chip } = setup(rampSource);
  const accel = new LIS3DH({ sensor, rate: 25, range: 2, fifo: true });
  t.is(chip.regs[0x24]! & 0x40, 0x40); // FIFO_EN
  t.is(chip.regs[0x2e]! >> 6, 2); // stream mode
  clock.now += 800; // 20 samples at 25 Hz
  const out = new Float32Array(32 * 3);
  bus.clearLog();
  const n = accel.readFIFO(out);
  t.is(n, 20);
  t.false(accel.overrun);
  // FIFO_SRC_REG, then one 120-byte read from OUT_X_L | 0x80.
  t.deepEqual(bus.log.map((x) => `${x.op} ${x.bytes.length}${x.op === "write" ? ` ${hex(x.bytes)}` : ""}`), ["write 1 2f", "read 1", "write 1 a8", "read 120"]);
  t.is(bus.log[1]!.bytes[0]! & 0x1f, 20);
  // The ramp: x = t (s) in m/s², one sample every 40 ms, oldest first; 1 mg resolution.
  const first = out[0]!;
  for (let i = 0; i < n; i++) {
    t.true(Math.abs(out[3 * i]! - (first + 0.04 * i)) < 0.011, `x[${i}] = ${out[3 * i]}`);
    t.true(Math.abs(out[3 * i + 1]! + out[3 * i]!) < 0.011, `y[${i}]`);
    t.true(Math.abs(out[3 * i + 2]! - G) < 0.011, `z[${i}]`);
  }
  t.true(Math.abs(out[3 * (n - 1)]! - 0.8) < 0.011, `the last sample is at t = 0.8 s: ${out[3 * (n - 1)]}`);
  t.is(accel.readFIFO(out), 0, "emptied");
  clock.now += 200;
  t.is(accel.readFIFO(out), 5);
  t.true(Math.abs(out[3 * 4]! - 1.0) < 0.011);
  accel.close();
});

test("a full FIFO: 32 samples, overrun set, the newest kept (stream mode)", (t) => {
  const { clock, sensor, chip } = setup(rampSource);
  const accel = new LIS3DH({ sensor, rate: 25, fifo: true });
  clock.now += 2000; // 50 samples into 32 slots
  const out = new Float32Array(40 * 3);
  const n = accel.readFIFO(out);
  t.is(n, 32);
  t.true(accel.overrun);
  t.is(chip.dropped, 18);
  t.true(Math.abs(out[3 * 31]! - 2.0) < 0.011, String(out[3 * 31]));
  t.true(Math.abs(out[0]! - (2.0 - 31 * 0.04)) < 0.011, String(out[0]));
  // A smaller buffer takes what fits; the rest stays for the next read.
  clock.now += 400;
  const small = new Float32Array(4 * 3);
  t.is(accel.readFIFO(small), 4);
  t.false(accel.overrun);
  t.is(accel.readFIFO(out), 6);
  accel.close();
});

test("wrong WHO_AM_I -> WRONG_ID, and the bus is released", (t) => {
  const { sensor, bus } = setup(undefined, { whoAmI: 0x32 });
  const e = sensorError(t, () => new LIS3DH({ sensor }), "WRONG_ID");
  t.is(e.address, 0x18);
  t.is(e.register, 0x0f);
  t.regex(e.message, /0x32/);
  t.is(bus.log.length, 2, "nothing written to a chip that is not a LIS3DH");
});

// The Moddable SDK's I2C reports a NACK and a stuck bus alike ("write failed", "read failed"), and
// so does the stand-in: the driver calls both IO, with the I2C error as the cause.
test("no device -> IO (the wire saw a NACK)", (t) => {
  const { sensor, bus } = testBus();
  const e = sensorError(t, () => new LIS3DH({ sensor }), "IO");
  t.is(bus.log[0]!.error, "NACK");
  t.is((e.cause as Error).message, "write failed");
});

test("NACK mid-run -> IO, then the driver works again", (t) => {
  const { sensor, bus, clock } = setup();
  const accel = new LIS3DH({ sensor });
  bus.nackNext(1, 0x18);
  sensorError(t, () => accel.sample(), "IO");
  clock.now += 100;
  t.true(Math.abs(accel.sample().z - G) < 0.01);
  accel.close();
});

test("stuck bus -> IO, never data", (t) => {
  const { sensor, bus } = setup();
  const accel = new LIS3DH({ sensor, fifo: true });
  bus.stuck = true;
  sensorError(t, () => accel.sample(), "IO");
  sensorError(t, () => accel.readFIFO(new Float32Array(96)), "IO");
  sensorError(t, () => accel.configure({ rate: 50 }), "IO");
  t.is(bus.log.at(-1)!.error, "BUS_STUCK");
  bus.stuck = false;
  accel.close();
  bus.stuck = true;
  sensorError(t, () => new LIS3DH({ sensor }), "IO");
});

test("bad configuration -> BAD_CONFIG, and the chip keeps its configuration", (t) => {
  const { sensor, chip } = setup();
  const accel = new LIS3DH({ sensor });
  sensorError(t, () => accel.configure({ rate: 30 }), "BAD_CONFIG");
  sensorError(t, () => accel.configure({ range: 3 as never }), "BAD_CONFIG");
  sensorError(t, () => accel.configure({ fifo: "yes" as never }), "BAD_CONFIG");
  sensorError(t, () => accel.readFIFO(new Float32Array(3)), "BAD_CONFIG");
  sensorError(t, () => new LIS3DH({ sensor: { ...sensor, address: 0x80 } }), "BAD_CONFIG");
  sensorError(t, () => new LIS3DH({ sensor: { ...sensor, io: undefined as never } }), "BAD_CONFIG");
  t.is(accel.rate, 25);
  t.is(chip.regs[0x20], 0x37);
  accel.close();
});

test("a chip that ignores writes -> BAD_DATA; one stuck in boot -> TIMEOUT", (t) => {
  sensorError(t, () => new LIS3DH({ sensor: setup(undefined, { ignoreWrites: true }).sensor }), "BAD_DATA");
  sensorError(t, () => new LIS3DH({ sensor: setup(undefined, { hangReset: true }).sensor }), "TIMEOUT");
});

test("close() powers the chip down; later calls -> CLOSED; close twice is fine", (t) => {
  const { sensor, chip } = setup();
  const accel = new LIS3DH({ sensor });
  accel.close();
  t.is(chip.regs[0x20]! >> 4, 0);
  accel.close();
  sensorError(t, () => accel.sample(), "CLOSED");
  sensorError(t, () => accel.configure({ rate: 50 }), "CLOSED");
});
