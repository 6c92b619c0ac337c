/**
 * ST LIS3DH 3-axis accelerometer over I2C, in the ECMA-419 sensor class style:
 *
 *   const accel = new LIS3DH({ sensor: { io: I2C, data: 21, clock: 22 } });  // address 0x18 (SA0 low) by default
 *   accel.configure({ rate: 25, range: 8, fifo: true });
 *   const { x, y, z } = accel.sample();   // m/s², gravity included
 *   const n = accel.readFIFO(buffer);     // every buffered sample in one bus transaction
 *   accel.close();
 *
 * The constructor checks WHO_AM_I (0x0F = 0x33), reboots the chip (CTRL_REG5 BOOT) and writes every
 * control register, so the chip is in a known state whatever ran before. The chip runs in high
 * resolution mode (12 bits) with block data update, so a sample's low and high bytes always come
 * from the same conversion. Every register write is read back: a chip that does not take a write
 * raises BAD_DATA rather than delivering samples at a rate or range the caller did not ask for.
 *
 * Registers (datasheet DocID17530): CTRL_REG1 0x20 (ODR[7:4], LPen, Z/Y/X enable), CTRL_REG4 0x23
 * (BDU, FS[5:4], HR), CTRL_REG5 0x24 (BOOT, FIFO_EN), OUT_X_L..OUT_Z_H 0x28..0x2D (left justified,
 * little endian), FIFO_CTRL_REG 0x2E (mode, watermark), FIFO_SRC_REG 0x2F (WTM, OVRN_FIFO, EMPTY,
 * FSS). Multi-byte transfers set bit 7 of the register address (auto-increment); with the FIFO
 * enabled the address rolls back from 0x2D to 0x28, so N samples are one 6N-byte read.
 */
import { STANDARD_GRAVITY, type AccelerometerSample } from "./accelerometer";
import { I2CAccelerometer, type I2CAccelerometerOptions } from "./i2c_accelerometer";
import { SensorError } from "./sensor_error";

export const LIS3DH_ADDRESS = 0x18;
export const LIS3DH_WHO_AM_I = 0x33;

const WHO_AM_I = 0x0f, TEMP_CFG_REG = 0x1f, CTRL_REG1 = 0x20, CTRL_REG2 = 0x21, CTRL_REG3 = 0x22, CTRL_REG4 = 0x23, CTRL_REG5 = 0x24, CTRL_REG6 = 0x25;
const OUT_X_L = 0x28, FIFO_CTRL_REG = 0x2e, FIFO_SRC_REG = 0x2f, AUTO_INCREMENT = 0x80;
const FIFO_SIZE = 32;

/** Output data rates (Hz) in normal / high resolution mode and their ODR codes. */
const RATES: Record<number, number> = { 1: 1, 10: 2, 25: 3, 50: 4, 100: 5, 200: 6, 400: 7, 1344: 9 };
/** High resolution sensitivity, mg per digit, by FS code. */
const MG_PER_DIGIT = [1, 2, 4, 12];

export type LIS3DHOptions = I2CAccelerometerOptions;

export class LIS3DH extends I2CAccelerometer {
  readonly model = "LIS3DH";
  readonly fifoCapacity = FIFO_SIZE;
  #scale = 0;
  #six = new Uint8Array(6);
  #burst = new Uint8Array(6 * FIFO_SIZE);
  #views: Uint8Array[] = [];

  constructor(options: LIS3DHOptions) {
    super(options, { name: "a LIS3DH", address: LIS3DH_ADDRESS, whoAmIRegister: WHO_AM_I, whoAmI: LIS3DH_WHO_AM_I });
    for (let n = 0; n <= FIFO_SIZE; n++) this.#views.push(this.#burst.subarray(0, 6 * n));
    this.start(options);
  }

  /** Reboots the chip, writes every control register and applies this instance's configuration. */
  reset(): void {
    const io = this.io;
    io.writeByte(CTRL_REG5, 0x80); // BOOT: reload trimming
    let polls = 0;
    for (;;) {
      if ((io.readByte(CTRL_REG5) & 0x80) === 0) break;
      if (++polls >= (this.delay === undefined ? 1000 : 20)) throw new SensorError("TIMEOUT", "the boot did not complete", { address: io.address, register: CTRL_REG5 });
      this.delay?.(1);
    }
    io.writeChecked(TEMP_CFG_REG, 0x00);
    io.writeChecked(CTRL_REG2, 0x00);
    io.writeChecked(CTRL_REG3, 0x00);
    io.writeChecked(CTRL_REG6, 0x00);
    this.apply();
  }

  /** The latest sample (with the FIFO on: the oldest unread one, which this consumes). */
  sample(): AccelerometerSample {
    const b = this.io.read(OUT_X_L | AUTO_INCREMENT, this.#six);
    return { x: this.#value(b, 0), y: this.#value(b, 2), z: this.#value(b, 4) };
  }

  readFIFO(into: Float32Array): number {
    if (!this.config.fifo) throw new SensorError("BAD_CONFIG", "readFIFO() needs configure({ fifo: true })", { address: this.io.address });
    const src = this.io.readByte(FIFO_SRC_REG);
    const full = (src & 0x40) !== 0, empty = (src & 0x20) !== 0, stored = src & 0x1f;
    if (empty && (full || stored !== 0)) throw new SensorError("BAD_DATA", `FIFO_SRC_REG 0x${src.toString(16)} says empty and not empty`, { address: this.io.address, register: FIFO_SRC_REG });
    this.lost = full;
    // FSS counts up to 31; a full FIFO (OVRN_FIFO) holds 32, as does a non-empty one whose count wrapped to 0.
    let n = empty ? 0 : full || stored === 0 ? FIFO_SIZE : stored;
    n = Math.min(n, Math.floor(into.length / 3));
    if (n === 0) return 0;
    const b = this.io.read(OUT_X_L | AUTO_INCREMENT, this.#views[n]!);
    for (let i = 0; i < 3 * n; i++) into[i] = this.#value(b, 2 * i);
    return n;
  }

  protected powerDown(): void {
    this.io.writeByte(CTRL_REG1, 0x07); // ODR 0: power down
  }

  #value(b: Uint8Array, i: number): number {
    const raw = ((b[i + 1]! << 24) | (b[i]! << 16)) >> 20; // 12-bit left justified, sign extended
    return raw * this.#scale;
  }

  protected checkRate(rate: number): void {
    if (RATES[rate] === undefined) throw new SensorError("BAD_CONFIG", `rate ${rate} Hz is not one of ${Object.keys(RATES).join(", ")}`, { address: this.io.address });
  }

  protected apply(): void {
    const io = this.io, fs = this.rangeCode();
    io.writeChecked(CTRL_REG1, (RATES[this.config.rate]! << 4) | 0x07); // ODR, normal power (LPen 0), X Y Z on
    io.writeChecked(CTRL_REG4, 0x80 | (fs << 4) | 0x08); // BDU, FS, HR
    // The FIFO restarts empty: bypass first (resets it), then stream mode.
    io.writeChecked(FIFO_CTRL_REG, 0x00);
    io.writeChecked(CTRL_REG5, this.config.fifo ? 0x40 : 0x00);
    if (this.config.fifo) io.writeChecked(FIFO_CTRL_REG, 0x80);
    this.#scale = (MG_PER_DIGIT[fs]! / 1000) * STANDARD_GRAVITY;
    this.lost = false;
  }
}
