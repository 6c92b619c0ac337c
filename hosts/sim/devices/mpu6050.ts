/**
 * A simulated InvenSense MPU-6050 (register level, I2C), after its register map (RM-MPU-6000A):
 *
 * - WHO_AM_I (0x75) = 0x68; I2C address 0x68 (AD0 low) or 0x69. All registers reset to 0 except
 *   PWR_MGMT_1 (0x6B) = 0x40 (SLEEP) and WHO_AM_I.
 * - Register pointer auto-increments on multi-byte transfers, except at FIFO_R_W (0x74), where
 *   successive reads pop successive FIFO bytes.
 * - PWR_MGMT_1: DEVICE_RESET (7, self-clearing), SLEEP (6). No samples while asleep.
 * - Sample rate = gyroscope output rate / (1 + SMPLRT_DIV (0x19)), the gyroscope output rate being
 *   8 kHz when DLPF_CFG (CONFIG 0x1A bits 2:0) is 0 or 7, else 1 kHz. Data registers and the FIFO
 *   update at the sample rate.
 * - ACCEL_CONFIG (0x1C) AFS_SEL[4:3]: ±2/4/8/16 g at 16384/8192/4096/2048 LSB per g.
 *   ACCEL_XOUT_H..ACCEL_ZOUT_L (0x3B..0x40), TEMP_OUT (0x41), GYRO (0x43..0x48): big endian.
 * - FIFO (1024 bytes): enabled by USER_CTRL (0x6A) FIFO_EN (6); FIFO_EN (0x23) selects what each
 *   sample pushes, in register order: accelerometer (bit 3, 6 bytes), temperature (7, 2 bytes),
 *   gyroscope X/Y/Z (6/5/4, 2 bytes each). When full the oldest bytes are overwritten and
 *   INT_STATUS (0x3A) FIFO_OFLOW_INT (4) is set (the byte stream may then be misaligned). USER_CTRL
 *   FIFO_RESET (2) empties it. FIFO_COUNTH/L (0x72/0x73): bytes stored, big endian. INT_STATUS is
 *   cleared by reading it; DATA_RDY_INT (0) is set by each sample.
 *
 * Not simulated: the gyroscope (reads 0), the digital low-pass filter's response, interrupts pins,
 * the auxiliary I2C master, self test, motion detection.
 */
import { RegisterChip, type ChipOptions, int16 } from "./register_chip";
import { STANDARD_GRAVITY } from "../../../src/drivers/accelerometer";

export const MPU6050_REG = {
  SMPLRT_DIV: 0x19, CONFIG: 0x1a, GYRO_CONFIG: 0x1b, ACCEL_CONFIG: 0x1c, FIFO_EN: 0x23,
  INT_ENABLE: 0x38, INT_STATUS: 0x3a, ACCEL_XOUT_H: 0x3b, TEMP_OUT_H: 0x41, GYRO_XOUT_H: 0x43,
  SIGNAL_PATH_RESET: 0x68, USER_CTRL: 0x6a, PWR_MGMT_1: 0x6b, PWR_MGMT_2: 0x6c,
  FIFO_COUNTH: 0x72, FIFO_COUNTL: 0x73, FIFO_R_W: 0x74, WHO_AM_I: 0x75,
} as const;

const R = MPU6050_REG;
const G = STANDARD_GRAVITY;
const FIFO_SIZE = 1024;

export class SimMPU6050 extends RegisterChip {
  static readonly WHO_AM_I = 0x68;
  #fifo = new Uint8Array(FIFO_SIZE);
  #head = 0;
  #count = 0;
  #lastFifoByte = 0;
  /** Bytes lost to FIFO overflow. */
  dropped = 0;

  constructor(options: ChipOptions) {
    super(0x80, options);
    this.#powerOn();
  }

  #powerOn(): void {
    this.regs.fill(0);
    this.regs[R.PWR_MGMT_1] = 0x40;
    this.regs[R.WHO_AM_I] = this.options.whoAmI ?? SimMPU6050.WHO_AM_I;
    this.#head = this.#count = 0;
    this.restartSampling();
  }

  get fifoCount(): number {
    return this.#count;
  }

  protected rate(): number {
    if (this.regs[R.PWR_MGMT_1]! & 0xc0) return 0; // resetting or asleep
    const dlpf = this.regs[R.CONFIG]! & 7;
    return (dlpf === 0 || dlpf === 7 ? 8000 : 1000) / (1 + this.regs[R.SMPLRT_DIV]!);
  }

  #push(byte: number): void {
    if (this.#count === FIFO_SIZE) {
      this.#head = (this.#head + 1) % FIFO_SIZE;
      this.#count--;
      this.dropped++;
      this.regs[R.INT_STATUS]! |= 0x10;
    }
    this.#fifo[(this.#head + this.#count) % FIFO_SIZE] = byte;
    this.#count++;
  }

  protected produce(): void {
    const lsb = 16384 >> ((this.regs[R.ACCEL_CONFIG]! >> 3) & 3);
    const regs = this.regs;
    for (let i = 0; i < 3; i++) {
      const v = int16((this.accel[i]! / G) * lsb);
      regs[R.ACCEL_XOUT_H + 2 * i] = (v >> 8) & 0xff;
      regs[R.ACCEL_XOUT_H + 2 * i + 1] = v & 0xff;
    }
    const temp = int16((25 - 36.53) * 340); // 25 °C
    regs[R.TEMP_OUT_H] = (temp >> 8) & 0xff;
    regs[R.TEMP_OUT_H + 1] = temp & 0xff;
    regs.fill(0, R.GYRO_XOUT_H, R.GYRO_XOUT_H + 6);
    regs[R.INT_STATUS]! |= 0x01;
    if (regs[R.USER_CTRL]! & 0x40) {
      const en = regs[R.FIFO_EN]!;
      if (en & 0x08) for (let i = 0; i < 6; i++) this.#push(regs[R.ACCEL_XOUT_H + i]!);
      if (en & 0x80) for (let i = 0; i < 2; i++) this.#push(regs[R.TEMP_OUT_H + i]!);
      for (let axis = 0; axis < 3; axis++) if (en & (0x40 >> axis)) for (let i = 0; i < 2; i++) this.#push(regs[R.GYRO_XOUT_H + 2 * axis + i]!);
    }
  }

  protected setPointer(byte: number): void {
    this.pointer = byte & 0x7f;
  }

  protected nextRegister(reg: number): number {
    return reg === R.FIFO_R_W ? reg : (reg + 1) & 0x7f;
  }

  protected writeRegister(reg: number, value: number): void {
    if (reg === R.WHO_AM_I || reg === R.INT_STATUS || (reg >= R.ACCEL_XOUT_H && reg <= 0x60) || reg === R.FIFO_COUNTH || reg === R.FIFO_COUNTL || reg === R.FIFO_R_W) return;
    const before = this.rate();
    if (reg === R.PWR_MGMT_1 && value & 0x80) {
      this.#powerOn();
      if (this.options.hangReset) this.regs[R.PWR_MGMT_1] = 0xc0;
      return;
    }
    if (reg === R.USER_CTRL) {
      if (value & 0x04) this.#head = this.#count = 0; // FIFO_RESET
      value &= ~0x07; // the reset bits clear themselves
    }
    this.regs[reg] = value;
    if (this.rate() !== before) this.restartSampling();
  }

  protected readRegister(reg: number): number {
    if (reg === R.INT_STATUS) {
      const v = this.regs[reg]!;
      this.regs[reg] = 0;
      return v;
    }
    if (reg === R.FIFO_COUNTH) return (this.#count >> 8) & 0xff;
    if (reg === R.FIFO_COUNTL) return this.#count & 0xff;
    if (reg === R.FIFO_R_W) {
      if (this.#count > 0) {
        this.#lastFifoByte = this.#fifo[this.#head]!;
        this.#head = (this.#head + 1) % FIFO_SIZE;
        this.#count--;
      }
      return this.#lastFifoByte;
    }
    return this.regs[reg]!;
  }
}
