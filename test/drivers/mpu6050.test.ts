/** MPU6050 driver against the register-level simulated MPU-6050 on the simulated I2C bus. */
import test from "ava";
import { MPU6050 } from "../../src/drivers/mpu6050";
import { STANDARD_GRAVITY } from "../../src/drivers/accelerometer";
import { SimMPU6050 } from "../../hosts/sim/devices/mpu6050";
import { constantSource } from "../../hosts/sim/devices/motion_source";
import { busWithChip, hex, rampSource, testBus, sensorError } from "../helpers/sim_i2c";

const G = STANDARD_GRAVITY;

function setup(source = constantSource(0, 0, G), extra = {}, address = 0x68) {
  return busWithChip(SimMPU6050, address, source, extra);
}

test("identifies by WHO_AM_I, resets, wakes and configures, with the register traffic to show it", (t) => {
  const { bus, chip, sensor } = setup();
  const accel = new MPU6050({ sensor });
  const log = bus.log;
  t.deepEqual([log[0]!.op, log[0]!.bytes, log[0]!.stop, log[0]!.address], ["write", [0x75], false, 0x68]);
  t.deepEqual([log[1]!.op, log[1]!.bytes], ["read", [0x68]]);
  t.deepEqual(log[2]!.bytes, [0x6b, 0x80], "DEVICE_RESET");
  const writes = log.filter((x) => x.op === "write" && x.bytes.length === 2).map((x) => hex(x.bytes));
  for (const w of ["6b 01", "19 27", "1a 05", "1c 00", "23 00", "6a 04"]) t.true(writes.includes(w), `${w} in ${writes.join(", ")}`);
  t.is(chip.regs[0x6b], 0x01, "awake");
  t.is(chip.regs[0x19], 39, "25 Hz = 1 kHz / 40");
  t.is(chip.regs[0x1a], 5, "DLPF 10 Hz below 12.5 Hz");
  t.is(accel.model, "MPU6050");
  accel.close();
  t.is(chip.regs[0x6b], 0x40, "asleep after close");
});

test("the other address (AD0 high)", (t) => {
  const { sensor } = setup(undefined, {}, 0x69);
  const accel = new MPU6050({ sensor: { ...sensor, address: 0x69 } });
  t.is(accel.address, 0x69);
  accel.close();
});

test("sample() scales by range: m/s², 16384 >> AFS_SEL LSB per g, big endian", (t) => {
  const ax = 0.5 * G, ay = -1.25 * G, az = 1.0 * G;
  const { clock, sensor, bus, chip } = setup(constantSource(ax, ay, az));
  const accel = new MPU6050({ sensor });
  for (const [range, lsb] of [[2, 16384], [4, 8192], [8, 4096], [16, 2048]] as const) {
    accel.configure({ range });
    t.is((chip.regs[0x1c]! >> 3) & 3, Math.log2(range) - 1);
    clock.now += 100;
    bus.clearLog();
    const s = accel.sample();
    t.deepEqual(bus.log.map((x) => [x.op, x.bytes.length]), [["write", 1], ["read", 6]]);
    t.deepEqual(bus.log[0]!.bytes, [0x3b]);
    const raw = bus.log[1]!.bytes;
    t.is(((raw[0]! << 24) | (raw[1]! << 16)) >> 16, Math.round(0.5 * lsb), "ACCEL_XOUT big endian");
    const step = G / lsb;
    t.true(Math.abs(s.x - ax) <= step, `±${range} g x ${s.x}`);
    t.true(Math.abs(s.y - ay) <= step, `±${range} g y ${s.y}`);
    t.true(Math.abs(s.z - az) <= step, `±${range} g z ${s.z}`);
  }
  accel.close();
});

test("data rate: 1 kHz / (1 + SMPLRT_DIV)", (t) => {
  const { clock, sensor, chip } = setup();
  const accel = new MPU6050({ sensor });
  for (const [rate, div, dlpf] of [[50, 19, 4], [100, 9, 3], [200, 4, 2], [1000, 0, 1]] as const) {
    accel.configure({ rate });
    t.is(chip.regs[0x19], div);
    t.is(chip.regs[0x1a], dlpf);
    const before = chip.samples;
    clock.now += 1000;
    accel.sample();
    t.is(chip.samples - before, rate, `${rate} Hz`);
  }
  accel.close();
});

test("readFIFO reads every buffered sample, oldest first, in one burst from FIFO_R_W", (t) => {
  const { clock, sensor, bus, chip } = setup(rampSource);
  const accel = new MPU6050({ sensor, rate: 50, fifo: true });
  t.is(chip.regs[0x23], 0x08, "accelerometer into the FIFO");
  t.is(chip.regs[0x6a]! & 0x40, 0x40, "FIFO on");
  clock.now += 500; // 25 samples at 50 Hz
  const out = new Float32Array(64 * 3);
  bus.clearLog();
  const n = accel.readFIFO(out);
  t.is(n, 25);
  t.false(accel.overrun);
  t.deepEqual(bus.log.map((x) => `${x.op} ${x.bytes.length}${x.op === "write" ? ` ${hex(x.bytes)}` : ""}`), ["write 1 3a", "read 1", "write 1 72", "read 2", "write 1 74", "read 150"]);
  t.deepEqual(bus.log[3]!.bytes, [0, 150], "FIFO_COUNT big endian");
  const step = G / 16384;
  for (let i = 0; i < n; i++) {
    t.true(Math.abs(out[3 * i]! - 0.02 * (i + 1)) < step, `x[${i}] = ${out[3 * i]}`);
    t.true(Math.abs(out[3 * i + 1]! + 0.02 * (i + 1)) < step, `y[${i}]`);
    t.true(Math.abs(out[3 * i + 2]! - G) < step, `z[${i}]`);
  }
  t.is(accel.readFIFO(out), 0);
  clock.now += 100;
  t.is(accel.readFIFO(out), 5);
  accel.close();
});

test("FIFO overflow: the driver resets the FIFO and reports overrun instead of misaligned samples", (t) => {
  const { clock, sensor, chip } = setup(rampSource);
  const accel = new MPU6050({ sensor, rate: 100, fifo: true });
  clock.now += 2000; // 200 samples = 1200 bytes > 1024
  const out = new Float32Array(200 * 3);
  t.is(accel.readFIFO(out), 0);
  t.is(chip.dropped, 1200 - 1024);
  t.true(accel.overrun);
  t.is(chip.fifoCount, 0, "FIFO reset");
  clock.now += 100;
  t.is(accel.readFIFO(out), 10);
  t.false(accel.overrun);
  t.true(Math.abs(out[0]! - 2.01) < 0.002, `resumes with fresh samples: ${out[0]}`);
  accel.close();
});

test("wrong WHO_AM_I -> WRONG_ID (an MPU-6500 answers 0x70)", (t) => {
  const { sensor, bus } = setup(undefined, { whoAmI: 0x70 });
  const e = sensorError(t, () => new MPU6050({ sensor }), "WRONG_ID");
  t.is(e.register, 0x75);
  t.regex(e.message, /0x70/);
  t.is(bus.log.length, 2);
});

// NACK and stuck bus are both "write failed" / "read failed" from the SDK's I2C: IO to the driver.
test("no device -> IO; NACK mid-run -> IO then recovery", (t) => {
  sensorError(t, () => new MPU6050({ sensor: testBus().sensor }), "IO");
  const { sensor, bus, clock } = setup();
  const accel = new MPU6050({ sensor });
  bus.nackNext(2);
  sensorError(t, () => accel.sample(), "IO");
  sensorError(t, () => accel.sample(), "IO");
  clock.now += 100;
  t.true(Math.abs(accel.sample().z - G) < 0.01);
  accel.close();
});

test("NACKs while the chip resets are tolerated; stuck bus -> IO", (t) => {
  const { sensor, bus } = setup();
  const accel = new MPU6050({ sensor });
  bus.clearLog();
  // The first poll after DEVICE_RESET is not acknowledged (a real chip may not answer for 100 ms).
  let n = 0;
  const original = bus.transfer.bind(bus);
  bus.transfer = (op, address, hz, buffer, stop) => {
    if (n++ === 1) bus.nackNext(1);
    original(op, address, hz, buffer, stop);
  };
  accel.reset();
  t.true(bus.log.some((x) => x.error === "NACK"));
  bus.transfer = original;
  bus.stuck = true;
  sensorError(t, () => accel.sample(), "IO");
  sensorError(t, () => accel.readFIFO(new Float32Array(3)), "BAD_CONFIG");
  bus.stuck = false;
  accel.close();
});

test("bad configuration -> BAD_CONFIG; ignored writes -> BAD_DATA; a reset that never ends -> TIMEOUT", (t) => {
  const { sensor, chip } = setup();
  const accel = new MPU6050({ sensor });
  sensorError(t, () => accel.configure({ rate: 30 }), "BAD_CONFIG");
  sensorError(t, () => accel.configure({ rate: 2 }), "BAD_CONFIG");
  sensorError(t, () => accel.configure({ range: 1 as never }), "BAD_CONFIG");
  t.is(chip.regs[0x19], 39);
  accel.close();
  sensorError(t, () => accel.sample(), "CLOSED");
  sensorError(t, () => new MPU6050({ sensor: setup(undefined, { ignoreWrites: true }).sensor }), "BAD_DATA");
  sensorError(t, () => new MPU6050({ sensor: setup(undefined, { hangReset: true }).sensor }), "TIMEOUT");
});
