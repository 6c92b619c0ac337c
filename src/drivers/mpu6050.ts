/**
 * InvenSense MPU-6050 accelerometer (its gyroscope is left off) over I2C, in the ECMA-419 sensor
 * class style:
 *
 *   const accel = new MPU6050({ sensor: { io: I2C, data: 21, clock: 22 } });  // address 0x68 (AD0 low)
 *   accel.configure({ rate: 25, range: 8, fifo: true });
 *   const { x, y, z } = accel.sample();   // m/s², gravity included
 *   const n = accel.readFIFO(buffer);     // every buffered sample in one bus transaction
 *
 * The constructor checks WHO_AM_I (0x75 = 0x68), resets the device (PWR_MGMT_1 DEVICE_RESET),
 * wakes it on the X gyro PLL clock and configures it; every register write is read back (BAD_DATA
 * when it did not stick). Rates: 1 kHz / (1 + SMPLRT_DIV), so any divisor of 1000 from 4 Hz up
 * (25, 50, 100, 125, 200, 250, 500, 1000...); the digital low-pass filter is set to the widest
 * bandwidth below half the rate.
 *
 * FIFO: accelerometer only (6 bytes a sample, big endian). readFIFO reads INT_STATUS first: after
 * an overflow the chip has overwritten the oldest bytes, so the byte stream may no longer start
 * on a sample boundary; the driver then resets the FIFO, sets `overrun` and returns no samples
 * rather than misaligned ones. Registers (RM-MPU-6000A): SMPLRT_DIV 0x19, CONFIG 0x1A,
 * ACCEL_CONFIG 0x1C, FIFO_EN 0x23, INT_ENABLE 0x38, INT_STATUS 0x3A, ACCEL_XOUT_H 0x3B,
 * USER_CTRL 0x6A, PWR_MGMT_1 0x6B, FIFO_COUNTH 0x72, FIFO_R_W 0x74, WHO_AM_I 0x75.
 */
import { STANDARD_GRAVITY, type AccelerometerSample } from "./accelerometer";
import { I2CAccelerometer, type I2CAccelerometerOptions } from "./i2c_accelerometer";
import { SensorError } from "./sensor_error";

export const MPU6050_ADDRESS = 0x68;
export const MPU6050_WHO_AM_I = 0x68;

const SMPLRT_DIV = 0x19, CONFIG = 0x1a, GYRO_CONFIG = 0x1b, ACCEL_CONFIG = 0x1c, FIFO_EN = 0x23, INT_ENABLE = 0x38, INT_STATUS = 0x3a;
const ACCEL_XOUT_H = 0x3b, USER_CTRL = 0x6a, PWR_MGMT_1 = 0x6b, PWR_MGMT_2 = 0x6c, FIFO_COUNTH = 0x72, FIFO_R_W = 0x74, WHO_AM_I = 0x75;
const FIFO_BYTES = 1024;
/** Samples one readFIFO moves at most (6 bytes each): the whole FIFO. */
const MAX_BURST = Math.floor(FIFO_BYTES / 6);
/** DLPF_CFG by bandwidth (Hz): 1 = 184, 2 = 94, 3 = 44, 4 = 21, 5 = 10, 6 = 5. */
const DLPF: [number, number][] = [[184, 1], [94, 2], [44, 3], [21, 4], [10, 5], [5, 6]];

export type MPU6050Options = I2CAccelerometerOptions;

export class MPU6050 extends I2CAccelerometer {
  readonly model = "MPU6050";
  readonly fifoCapacity = MAX_BURST;
  #scale = 0;
  #six = new Uint8Array(6);
  #two = new Uint8Array(2);
  #burst = new Uint8Array(6 * MAX_BURST);
  #views: (Uint8Array | undefined)[] = [];

  constructor(options: MPU6050Options) {
    super(options, { name: "an MPU-6050", address: MPU6050_ADDRESS, whoAmIRegister: WHO_AM_I, whoAmI: MPU6050_WHO_AM_I });
    this.start(options);
  }

  /** Resets the device (every register to its default), wakes it and applies this instance's configuration. */
  reset(): void {
    const io = this.io;
    io.writeByte(PWR_MGMT_1, 0x80); // DEVICE_RESET
    const limit = this.delay === undefined ? 1000 : 40;
    for (let polls = 1; ; polls++) {
      this.delay?.(5);
      try {
        if ((io.readByte(PWR_MGMT_1) & 0x80) === 0) break;
      } catch (e) {
        // A resetting chip may not acknowledge: NACK where the I2C class says so, IO from the
        // Moddable SDK's (its "read failed" does not tell); `limit` polls bound the wait.
        if (!(e instanceof SensorError) || (e.code !== "NACK" && e.code !== "IO")) throw e;
      }
      if (polls >= limit) throw new SensorError("TIMEOUT", "the device reset did not complete", { address: io.address, register: PWR_MGMT_1 });
    }
    io.writeChecked(PWR_MGMT_1, 0x01); // awake, clock from the X gyro PLL
    io.writeChecked(PWR_MGMT_2, 0x07); // gyroscope axes on standby
    io.writeChecked(GYRO_CONFIG, 0x00);
    io.writeChecked(INT_ENABLE, 0x00);
    this.apply();
  }

  sample(): AccelerometerSample {
    const b = this.io.read(ACCEL_XOUT_H, this.#six);
    return { x: this.#value(b, 0), y: this.#value(b, 2), z: this.#value(b, 4) };
  }

  readFIFO(into: Float32Array): number {
    if (!this.config.fifo) throw new SensorError("BAD_CONFIG", "readFIFO() needs configure({ fifo: true })", { address: this.io.address });
    const io = this.io;
    const status = io.readByte(INT_STATUS);
    const count = this.#readCount();
    if (count > FIFO_BYTES) throw new SensorError("BAD_DATA", `FIFO count ${count} exceeds the FIFO's ${FIFO_BYTES} bytes`, { address: io.address, register: FIFO_COUNTH });
    if ((status & 0x10) !== 0 || count % 6 !== 0) {
      // Overflowed (or a partial sample): the stream may be misaligned; start over.
      this.#resetFIFO();
      this.lost = true;
      return 0;
    }
    this.lost = false;
    const n = Math.min(count / 6, Math.floor(into.length / 3), MAX_BURST);
    if (n === 0) return 0;
    let view = this.#views[n];
    if (view === undefined) this.#views[n] = view = this.#burst.subarray(0, 6 * n);
    const b = io.read(FIFO_R_W, view);
    for (let i = 0; i < 3 * n; i++) into[i] = this.#value(b, 2 * i);
    return n;
  }

  protected powerDown(): void {
    this.io.writeByte(PWR_MGMT_1, 0x40); // SLEEP
  }

  #readCount(): number {
    const b = this.io.read(FIFO_COUNTH, this.#two);
    return (b[0]! << 8) | b[1]!;
  }

  #resetFIFO(): void {
    this.io.writeByte(USER_CTRL, 0x44); // FIFO_EN | FIFO_RESET
  }

  #value(b: Uint8Array, i: number): number {
    return (((b[i]! << 24) | (b[i + 1]! << 16)) >> 16) * this.#scale;
  }

  protected checkRate(rate: number): void {
    if (!Number.isInteger(rate) || rate < 4 || rate > 1000 || 1000 % rate !== 0) throw new SensorError("BAD_CONFIG", `rate ${rate} Hz is not 1000 / n for n in 1..250`, { address: this.io.address });
  }

  protected apply(): void {
    const io = this.io, fs = this.rangeCode();
    let dlpf = 6;
    for (const [bandwidth, cfg] of DLPF) {
      if (bandwidth <= this.config.rate / 2) {
        dlpf = cfg;
        break;
      }
    }
    io.writeChecked(CONFIG, dlpf);
    io.writeChecked(SMPLRT_DIV, 1000 / this.config.rate - 1);
    io.writeChecked(ACCEL_CONFIG, fs << 3);
    // FIFO: off and emptied, then (when asked) accelerometer samples only.
    io.writeChecked(FIFO_EN, 0x00);
    io.writeByte(USER_CTRL, 0x04); // FIFO_RESET (self-clearing), FIFO off
    if (this.config.fifo) {
      io.writeChecked(FIFO_EN, 0x08);
      io.writeByte(USER_CTRL, 0x44); // FIFO on, reset
      const ctrl = io.readByte(USER_CTRL);
      if ((ctrl & 0x40) === 0) throw new SensorError("BAD_DATA", `USER_CTRL reads 0x${ctrl.toString(16)}: the FIFO did not turn on`, { address: io.address, register: USER_CTRL });
      io.writeChecked(INT_ENABLE, 0x10); // FIFO_OFLOW_EN
    } else {
      io.writeChecked(INT_ENABLE, 0x00);
    }
    io.readByte(INT_STATUS); // clear stale flags
    this.#scale = STANDARD_GRAVITY / (16384 >> fs);
    this.lost = false;
  }
}
