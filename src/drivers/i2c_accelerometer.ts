/**
 * What the register-level I2C accelerometer drivers share: opening the device and checking its
 * WHO_AM_I, the configuration (rate, range, FIFO) checked before it is applied, the getters, and
 * closing (a chip-specific power-down write first). A driver adds its registers: `reset()`,
 * `apply()` (write the configuration), `checkRate()`, `powerDown()`, `sample()` and `readFIFO()`.
 *
 * A subclass calls `start(options)` at the end of its constructor, once its own fields exist (the
 * base constructor runs before them): it checks the initial configuration and resets the chip,
 * closing the bus on any failure.
 */
import type { Accelerometer, AccelerometerConfiguration, AccelerometerRange, AccelerometerSample } from "./accelerometer";
import { RegisterIO, type I2CSensorOptions } from "./i2c";
import { SensorError } from "./sensor_error";

const RANGES: readonly AccelerometerRange[] = [2, 4, 8, 16];

export interface I2CAccelerometerOptions {
  sensor: I2CSensorOptions;
  /** Optional wait (e.g. Moddable's Timer.delay) used between polls while the chip resets. */
  delay?: (ms: number) => void;
  /** Initial configuration (default: 25 Hz, ±2 g, no FIFO). */
  rate?: number;
  range?: AccelerometerRange;
  fifo?: boolean;
}

/** The chip's identity: its default address, and the WHO_AM_I register and value. */
export interface ChipIdentity {
  name: string;
  address: number;
  whoAmIRegister: number;
  whoAmI: number;
}

interface Configuration {
  rate: number;
  range: AccelerometerRange;
  fifo: boolean;
}

export abstract class I2CAccelerometer implements Accelerometer {
  abstract readonly model: string;
  abstract readonly fifoCapacity: number;
  protected readonly io: RegisterIO;
  protected readonly delay: ((ms: number) => void) | undefined;
  protected config: Configuration = { rate: 25, range: 2, fifo: false };
  /** Set by readFIFO when samples were lost. */
  protected lost = false;

  constructor(options: I2CAccelerometerOptions, chip: ChipIdentity) {
    if (options === null || typeof options !== "object") throw new SensorError("BAD_CONFIG", "options required");
    this.io = new RegisterIO(options.sensor, chip.address);
    this.delay = options.delay;
    try {
      const id = this.io.readByte(chip.whoAmIRegister);
      if (id !== chip.whoAmI) throw new SensorError("WRONG_ID", `WHO_AM_I is 0x${id.toString(16)}, ${chip.name} has 0x${chip.whoAmI.toString(16)}`, { address: this.io.address, register: chip.whoAmIRegister });
    } catch (e) {
      this.io.close();
      throw e;
    }
  }

  /** Checks the initial configuration and resets the chip into it (from the subclass constructor). */
  protected start(options: I2CAccelerometerOptions): void {
    try {
      const c = { rate: options.rate ?? 25, range: options.range ?? 2, fifo: options.fifo ?? false };
      this.check(c);
      this.config = c;
      this.reset();
    } catch (e) {
      this.io.close();
      throw e;
    }
  }

  get rate(): number {
    return this.config.rate;
  }

  get range(): AccelerometerRange {
    return this.config.range;
  }

  get fifo(): boolean {
    return this.config.fifo;
  }

  get overrun(): boolean {
    return this.lost;
  }

  get address(): number {
    return this.io.address;
  }

  configure(options: AccelerometerConfiguration): void {
    if (options === null || typeof options !== "object") throw new SensorError("BAD_CONFIG", "configure() takes an options object");
    const next = { rate: options.rate ?? this.config.rate, range: options.range ?? this.config.range, fifo: options.fifo ?? this.config.fifo };
    this.check(next);
    this.config = next;
    this.apply();
  }

  close(): void {
    if (this.io.closed) return;
    try {
      this.powerDown();
    } catch {
      // closing anyway
    }
    this.io.close();
  }

  /** The BAD_CONFIG a configuration gets, before anything is written. */
  protected check(c: { rate: number; range: number; fifo: boolean }): asserts c is Configuration {
    this.checkRate(c.rate);
    if (!RANGES.includes(c.range as AccelerometerRange)) throw new SensorError("BAD_CONFIG", `range ±${c.range} g is not one of ±2, 4, 8, 16`, { address: this.io.address });
    if (typeof c.fifo !== "boolean") throw new SensorError("BAD_CONFIG", "fifo must be true or false", { address: this.io.address });
  }

  /** The range's index in ±2, 4, 8, 16 g (the FS code of both chips). */
  protected rangeCode(): number {
    return RANGES.indexOf(this.config.range);
  }

  /** Throws BAD_CONFIG for a rate the chip does not have. */
  protected abstract checkRate(rate: number): void;
  /** Writes the configuration into the chip's registers (the FIFO restarts empty). */
  protected abstract apply(): void;
  /** The register write that puts the chip to sleep when it is closed. */
  protected abstract powerDown(): void;
  abstract reset(): void;
  abstract sample(): AccelerometerSample;
  abstract readFIFO(into: Float32Array): number;
}
