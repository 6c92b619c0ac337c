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
import { STANDARD_GRAVITY, type Accelerometer, type AccelerometerConfiguration, type AccelerometerRange, type AccelerometerSample } from "./accelerometer";
import { RegisterIO, type I2CSensorOptions } from "./i2c";
import { SensorError } from "./sensor_error";

export const MPU6050_ADDRESS = 0x68;
export const MPU6050_WHO_AM_I = 0x68;

const SMPLRT_DIV = 0x19, CONFIG = 0x1a, GYRO_CONFIG = 0x1b, ACCEL_CONFIG = 0x1c, FIFO_EN = 0x23, INT_ENABLE = 0x38, INT_STATUS = 0x3a;
const ACCEL_XOUT_H = 0x3b, USER_CTRL = 0x6a, PWR_MGMT_1 = 0x6b, PWR_MGMT_2 = 0x6c, FIFO_COUNTH = 0x72, FIFO_R_W = 0x74, WHO_AM_I = 0x75;
const FIFO_BYTES = 1024;
/** Samples one readFIFO moves at most (6 bytes each): the whole FIFO. */
const MAX_BURST = Math.floor(FIFO_BYTES / 6);
const RANGES: AccelerometerRange[] = [2, 4, 8, 16];
/** DLPF_CFG by bandwidth (Hz): 1 = 184, 2 = 94, 3 = 44, 4 = 21, 5 = 10, 6 = 5. */
const DLPF: [number, number][] = [[184, 1], [94, 2], [44, 3], [21, 4], [10, 5], [5, 6]];

export interface MPU6050Options {
  sensor: I2CSensorOptions;
  /** Optional wait (e.g. Moddable's Timer.delay) used between polls of the reset bit (the chip needs up to 100 ms). */
  delay?: (ms: number) => void;
  rate?: number;
  range?: AccelerometerRange;
  fifo?: boolean;
}

export class MPU6050 implements Accelerometer {
  readonly model = "MPU6050";
  readonly fifoCapacity = MAX_BURST;
  #io: RegisterIO;
  #delay: ((ms: number) => void) | undefined;
  #rate = 25;
  #range: AccelerometerRange = 2;
  #fifo = false;
  #scale = 0;
  #overrun = false;
  #six = new Uint8Array(6);
  #two = new Uint8Array(2);
  #burst = new Uint8Array(6 * MAX_BURST);
  #views: (Uint8Array | undefined)[] = [];

  constructor(options: MPU6050Options) {
    if (options === null || typeof options !== "object") throw new SensorError("BAD_CONFIG", "options required");
    this.#io = new RegisterIO(options.sensor, MPU6050_ADDRESS);
    this.#delay = options.delay;
    try {
      const id = this.#io.readByte(WHO_AM_I);
      if (id !== MPU6050_WHO_AM_I) throw new SensorError("WRONG_ID", `WHO_AM_I is 0x${id.toString(16)}, an MPU-6050 has 0x${MPU6050_WHO_AM_I.toString(16)}`, { address: this.#io.address, register: WHO_AM_I });
      const c = { rate: options.rate ?? 25, range: options.range ?? 2, fifo: options.fifo ?? false };
      this.#check(c);
      this.#rate = c.rate;
      this.#range = c.range;
      this.#fifo = c.fifo;
      this.reset();
    } catch (e) {
      this.#io.close();
      throw e;
    }
  }

  get rate(): number {
    return this.#rate;
  }

  get range(): AccelerometerRange {
    return this.#range;
  }

  get fifo(): boolean {
    return this.#fifo;
  }

  get overrun(): boolean {
    return this.#overrun;
  }

  get address(): number {
    return this.#io.address;
  }

  /** Resets the device (every register to its default), wakes it and applies this instance's configuration. */
  reset(): void {
    const io = this.#io;
    io.writeByte(PWR_MGMT_1, 0x80); // DEVICE_RESET
    const limit = this.#delay === undefined ? 1000 : 40;
    for (let polls = 1; ; polls++) {
      this.#delay?.(5);
      try {
        if ((io.readByte(PWR_MGMT_1) & 0x80) === 0) break;
      } catch (e) {
        // A resetting chip may not acknowledge; anything else is a real failure.
        if (!(e instanceof SensorError) || e.code !== "NACK") throw e;
      }
      if (polls >= limit) throw new SensorError("TIMEOUT", "the device reset did not complete", { address: io.address, register: PWR_MGMT_1 });
    }
    io.writeChecked(PWR_MGMT_1, 0x01); // awake, clock from the X gyro PLL
    io.writeChecked(PWR_MGMT_2, 0x07); // gyroscope axes on standby
    io.writeChecked(GYRO_CONFIG, 0x00);
    io.writeChecked(INT_ENABLE, 0x00);
    this.#apply();
  }

  configure(options: AccelerometerConfiguration): void {
    if (options === null || typeof options !== "object") throw new SensorError("BAD_CONFIG", "configure() takes an options object");
    const next = { rate: options.rate ?? this.#rate, range: options.range ?? this.#range, fifo: options.fifo ?? this.#fifo };
    this.#check(next);
    this.#rate = next.rate;
    this.#range = next.range;
    this.#fifo = next.fifo;
    this.#apply();
  }

  sample(): AccelerometerSample {
    const b = this.#io.read(ACCEL_XOUT_H, this.#six);
    return { x: this.#value(b, 0), y: this.#value(b, 2), z: this.#value(b, 4) };
  }

  readFIFO(into: Float32Array): number {
    if (!this.#fifo) throw new SensorError("BAD_CONFIG", "readFIFO() needs configure({ fifo: true })", { address: this.#io.address });
    const io = this.#io;
    const status = io.readByte(INT_STATUS);
    const count = this.#readCount();
    if (count > FIFO_BYTES) throw new SensorError("BAD_DATA", `FIFO count ${count} exceeds the FIFO's ${FIFO_BYTES} bytes`, { address: io.address, register: FIFO_COUNTH });
    if ((status & 0x10) !== 0 || count % 6 !== 0) {
      // Overflowed (or a partial sample): the stream may be misaligned; start over.
      this.#resetFIFO();
      this.#overrun = true;
      return 0;
    }
    this.#overrun = false;
    const n = Math.min(count / 6, Math.floor(into.length / 3), MAX_BURST);
    if (n === 0) return 0;
    let view = this.#views[n];
    if (view === undefined) this.#views[n] = view = this.#burst.subarray(0, 6 * n);
    const b = io.read(FIFO_R_W, view);
    for (let i = 0; i < 3 * n; i++) into[i] = this.#value(b, 2 * i);
    return n;
  }

  close(): void {
    if (this.#io.closed) return;
    try {
      this.#io.writeByte(PWR_MGMT_1, 0x40); // sleep
    } catch {
      // closing anyway
    }
    this.#io.close();
  }

  #readCount(): number {
    const b = this.#io.read(FIFO_COUNTH, this.#two);
    return (b[0]! << 8) | b[1]!;
  }

  #resetFIFO(): void {
    this.#io.writeByte(USER_CTRL, 0x44); // FIFO_EN | FIFO_RESET
  }

  #value(b: Uint8Array, i: number): number {
    return (((b[i]! << 24) | (b[i + 1]! << 16)) >> 16) * this.#scale;
  }

  #check(c: { rate: number; range: number; fifo: boolean }): void {
    if (!Number.isInteger(c.rate) || c.rate < 4 || c.rate > 1000 || 1000 % c.rate !== 0) throw new SensorError("BAD_CONFIG", `rate ${c.rate} Hz is not 1000 / n for n in 1..250`, { address: this.#io.address });
    if (!RANGES.includes(c.range as AccelerometerRange)) throw new SensorError("BAD_CONFIG", `range ±${c.range} g is not one of ±2, 4, 8, 16`, { address: this.#io.address });
    if (typeof c.fifo !== "boolean") throw new SensorError("BAD_CONFIG", "fifo must be true or false", { address: this.#io.address });
  }

  #apply(): void {
    const io = this.#io, fs = RANGES.indexOf(this.#range);
    let dlpf = 6;
    for (const [bandwidth, cfg] of DLPF) {
      if (bandwidth <= this.#rate / 2) {
        dlpf = cfg;
        break;
      }
    }
    io.writeChecked(CONFIG, dlpf);
    io.writeChecked(SMPLRT_DIV, 1000 / this.#rate - 1);
    io.writeChecked(ACCEL_CONFIG, fs << 3);
    // FIFO: off and emptied, then (when asked) accelerometer samples only.
    io.writeChecked(FIFO_EN, 0x00);
    io.writeByte(USER_CTRL, 0x04); // FIFO_RESET (self-clearing), FIFO off
    if (this.#fifo) {
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
    this.#overrun = false;
  }
}
