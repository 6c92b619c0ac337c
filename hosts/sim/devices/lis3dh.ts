/**
 * A simulated ST LIS3DH (register level, I2C), after its datasheet (DocID17530):
 *
 * - WHO_AM_I (0x0F) = 0x33; I2C address 0x18 (SA0 low) or 0x19.
 * - Sub-address byte: bit 7 set = auto-increment for multi-byte transfers.
 * - CTRL_REG1 (0x20): ODR[7:4] (0 power down, 1 Hz, 10, 25, 50, 100, 200, 400, 1.6 k LP, 1.344 k),
 *   LPen (bit 3), Z/Y/X enable; reset value 0x07. CTRL_REG4 (0x23): BDU (7), FS[5:4] (±2/4/8/16 g),
 *   HR (3). CTRL_REG5 (0x24): BOOT (7, self-clearing), FIFO_EN (6).
 * - Output OUT_X_L..OUT_Z_H (0x28..0x2D): 16-bit two's complement, little endian, left justified:
 *   12 bits in high resolution (1/2/4/12 mg per digit), 10 in normal (4/8/16/48), 8 in low power
 *   (16/32/64/192). STATUS_REG (0x27): ZYXDA (3), ZYXOR (7).
 * - FIFO: 32 samples; FIFO_CTRL_REG (0x2E) FM[7:6] (bypass, FIFO, stream, stream-to-FIFO), FTH[4:0];
 *   FIFO_SRC_REG (0x2F): WTM (7), OVRN_FIFO (6, FIFO full), EMPTY (5), FSS[4:0] (stored samples, 31
 *   when full). With the FIFO enabled, output reads pop the oldest sample once OUT_Z_H is read, and
 *   auto-increment rolls back from 0x2D to 0x28 so N samples read as one 6N-byte burst. Bypass
 *   mode empties the FIFO.
 *
 * Not simulated: interrupts, click/activity detection, the ADC and temperature sensor, self test,
 * the high-pass filter, SPI.
 */
import { RegisterChip, type ChipOptions, int16 } from "./register_chip";
import { STANDARD_GRAVITY } from "../../../src/drivers/accelerometer";

export const LIS3DH_REG = {
  STATUS_REG_AUX: 0x07, WHO_AM_I: 0x0f, CTRL_REG0: 0x1e, TEMP_CFG_REG: 0x1f,
  CTRL_REG1: 0x20, CTRL_REG2: 0x21, CTRL_REG3: 0x22, CTRL_REG4: 0x23, CTRL_REG5: 0x24, CTRL_REG6: 0x25,
  REFERENCE: 0x26, STATUS_REG: 0x27, OUT_X_L: 0x28, OUT_Z_H: 0x2d, FIFO_CTRL_REG: 0x2e, FIFO_SRC_REG: 0x2f,
  INT1_CFG: 0x30, INT1_SRC: 0x31, INT2_SRC: 0x35, CLICK_SRC: 0x39, ACT_DUR: 0x3f,
} as const;

const R = LIS3DH_REG;
const ODR_HZ = [0, 1, 10, 25, 50, 100, 200, 400, 1600, 1344];
const READ_ONLY = new Set([R.STATUS_REG_AUX, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, R.WHO_AM_I, R.STATUS_REG, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, R.FIFO_SRC_REG, R.INT1_SRC, R.INT2_SRC, R.CLICK_SRC]);
const G = STANDARD_GRAVITY;

export class SimLIS3DH extends RegisterChip {
  static readonly WHO_AM_I = 0x33;
  #autoIncrement = false;
  #fifo = new Int16Array(32 * 3);
  #head = 0;
  #count = 0;
  #latest = new Int16Array(3);
  /** Samples dropped by a full FIFO. */
  dropped = 0;

  constructor(options: ChipOptions) {
    super(0x40, options);
    this.#powerOn();
  }

  #powerOn(): void {
    this.regs.fill(0);
    this.regs[R.WHO_AM_I] = this.options.whoAmI ?? SimLIS3DH.WHO_AM_I;
    this.regs[R.CTRL_REG0] = 0x10;
    this.regs[R.CTRL_REG1] = 0x07;
    this.#count = this.#head = 0;
  }

  get fifoCount(): number {
    return this.#count;
  }

  #fifoEnabled(): boolean {
    return (this.regs[R.CTRL_REG5]! & 0x40) !== 0 && (this.regs[R.FIFO_CTRL_REG]! >> 6) !== 0;
  }

  /** Resolution in bits and sensitivity in mg per digit for the current mode and range. */
  #mode(): { bits: number; mg: number } {
    const fs = (this.regs[R.CTRL_REG4]! >> 4) & 3;
    const lowPower = (this.regs[R.CTRL_REG1]! & 0x08) !== 0;
    const high = (this.regs[R.CTRL_REG4]! & 0x08) !== 0;
    if (lowPower) return { bits: 8, mg: [16, 32, 64, 192][fs]! };
    if (high) return { bits: 12, mg: [1, 2, 4, 12][fs]! };
    return { bits: 10, mg: [4, 8, 16, 48][fs]! };
  }

  protected rate(): number {
    const odr = this.regs[R.CTRL_REG1]! >> 4;
    if (odr === 8) return (this.regs[R.CTRL_REG1]! & 0x08) !== 0 ? 1600 : 0;
    if (odr === 9) return (this.regs[R.CTRL_REG1]! & 0x08) !== 0 ? 5376 : 1344;
    return ODR_HZ[odr] ?? 0;
  }

  protected produce(): void {
    const { bits, mg } = this.#mode();
    const fullScale = [2, 4, 8, 16][(this.regs[R.CTRL_REG4]! >> 4) & 3]!;
    const max = 2 ** (bits - 1) - 1;
    const enabled = this.regs[R.CTRL_REG1]! & 7;
    for (let i = 0; i < 3; i++) {
      const g = Math.max(-fullScale, Math.min(fullScale, this.accel[i]! / G));
      const digits = (enabled >> i) & 1 ? Math.max(-max - 1, Math.min(max, Math.round((g * 1000) / mg))) : 0;
      this.#latest[i] = int16(digits * 2 ** (16 - bits));
    }
    const status = this.regs[R.STATUS_REG]!;
    this.regs[R.STATUS_REG] = (status & 0x08 ? 0xf0 : 0) | 0x0f;
    if (this.#fifoEnabled()) {
      const mode = this.regs[R.FIFO_CTRL_REG]! >> 6;
      if (this.#count === 32) {
        this.dropped++;
        if (mode === 1) return; // FIFO mode: full, stops collecting
        this.#head = (this.#head + 1) % 32; // stream: the oldest is overwritten
        this.#count--;
      }
      const slot = ((this.#head + this.#count) % 32) * 3;
      this.#fifo.set(this.#latest, slot);
      this.#count++;
    }
  }

  protected setPointer(byte: number): void {
    this.#autoIncrement = (byte & 0x80) !== 0;
    this.pointer = byte & 0x7f;
  }

  protected nextRegister(reg: number): number {
    if (!this.#autoIncrement) return reg;
    if (reg === R.OUT_Z_H && this.#fifoEnabled()) return R.OUT_X_L;
    return (reg + 1) & 0x7f;
  }

  protected writeRegister(reg: number, value: number): void {
    if (reg >= 0x40 || READ_ONLY.has(reg as never) || reg < 0x1e) return;
    const before = this.rate();
    if (reg === R.CTRL_REG5) {
      if (value & 0x80) {
        // BOOT: reload the trimming values; the bit clears when done.
        this.regs[reg] = this.options.hangReset ? value : value & 0x7f;
        return;
      }
    }
    if (reg === R.FIFO_CTRL_REG && value >> 6 === 0) this.#count = this.#head = 0; // bypass resets the FIFO
    this.regs[reg] = value;
    if (reg === R.CTRL_REG5 && (value & 0x40) === 0) this.#count = this.#head = 0;
    if (this.rate() !== before) this.restartSampling();
  }

  protected readRegister(reg: number): number {
    if (reg >= 0x40) return 0;
    if (reg >= R.OUT_X_L && reg <= R.OUT_Z_H) {
      const i = reg - R.OUT_X_L;
      let source = this.#latest, base = 0;
      if (this.#fifoEnabled() && this.#count > 0) {
        source = this.#fifo;
        base = this.#head * 3;
      }
      const v = source[base + (i >> 1)]!;
      const byte = i & 1 ? (v >> 8) & 0xff : v & 0xff;
      if (reg === R.OUT_Z_H) {
        this.regs[R.STATUS_REG] = 0;
        if (source === this.#fifo) {
          this.#head = (this.#head + 1) % 32;
          this.#count--;
        }
      }
      return byte;
    }
    if (reg === R.FIFO_SRC_REG) {
      if (!this.#fifoEnabled()) return 0x20;
      const fth = this.regs[R.FIFO_CTRL_REG]! & 0x1f;
      const n = this.#count;
      return (n >= fth && fth > 0 ? 0x80 : 0) | (n === 32 ? 0x40 : 0) | (n === 0 ? 0x20 : 0) | Math.min(n, 31);
    }
    return this.regs[reg]!;
  }
}
