/**
 * What the simulated register-level chips share: a register file behind an I2C target, a clock
 * (milliseconds, given by whoever runs the simulation: real time in the sim, a variable in tests)
 * and an acceleration source sampled at the chip's output data rate. Before each transfer the
 * chip catches up with the clock, producing the samples that came due since the last one.
 */
import type { I2CTarget } from "../modules/embedded_io/i2c";
import type { AccelerationSource } from "./motion_source";

export interface ChipOptions {
  /** Milliseconds; the chip produces samples at its data rate as this advances. */
  clock: () => number;
  /** The motion the chip measures (m/s², device frame). */
  source: AccelerationSource;
  /** Fault injection: WHO_AM_I reads this instead of the real identity. */
  whoAmI?: number;
  /** Fault injection: the chip ignores register writes. */
  ignoreWrites?: boolean;
  /** Fault injection: the chip never finishes a reset/boot (the self-clearing bit stays set). */
  hangReset?: boolean;
}

export abstract class RegisterChip implements I2CTarget {
  readonly regs: Uint8Array;
  protected readonly options: ChipOptions;
  protected pointer = 0;
  /** Time of the next sample, ms (NaN: not sampling). */
  protected nextSample = NaN;
  /** Samples produced so far. */
  samples = 0;
  protected readonly accel = new Float64Array(3);

  constructor(size: number, options: ChipOptions) {
    this.regs = new Uint8Array(size);
    this.options = options;
  }

  /** Output data rate in Hz now (0: powered down). */
  protected abstract rate(): number;
  /** Called for each sample with the acceleration in m/s² in this.accel. */
  protected abstract produce(): void;
  /** A register write (after the pointer byte); `index` counts the data bytes of this transfer. */
  protected abstract writeRegister(reg: number, value: number): void;
  protected abstract readRegister(reg: number): number;
  /** Sets the pointer from the first byte of a write; returns the register. */
  protected abstract setPointer(byte: number): void;
  /** The register after `reg` in a multi-byte transfer. */
  protected abstract nextRegister(reg: number): number;

  /** Produces the samples due by now. */
  protected advance(): void {
    const now = this.options.clock();
    const rate = this.rate();
    if (!(rate > 0)) {
      this.nextSample = NaN;
      return;
    }
    const period = 1000 / rate;
    if (Number.isNaN(this.nextSample)) this.nextSample = now + period;
    // After a long gap only the last samples matter (FIFOs hold at most a few hundred).
    if (now - this.nextSample > 2048 * period) this.nextSample += Math.floor((now - this.nextSample) / period - 1024) * period;
    while (this.nextSample <= now) {
      this.options.source.sample(this.nextSample / 1000, this.accel);
      this.produce();
      this.samples++;
      this.nextSample += period;
    }
  }

  /** Restart sampling timing (after a rate change the first sample comes one period later). */
  protected restartSampling(): void {
    this.nextSample = NaN;
  }

  write(bytes: Uint8Array, _stop: boolean): void {
    this.advance();
    if (bytes.length === 0) return;
    this.setPointer(bytes[0]!);
    for (let i = 1; i < bytes.length; i++) {
      if (!this.options.ignoreWrites) this.writeRegister(this.pointer, bytes[i]!);
      this.pointer = this.nextRegister(this.pointer);
    }
    this.advance();
  }

  read(into: Uint8Array, _stop: boolean): void {
    this.advance();
    for (let i = 0; i < into.length; i++) {
      into[i] = this.readRegister(this.pointer);
      this.pointer = this.nextRegister(this.pointer);
    }
  }
}

/** Two's complement 16-bit, saturated. */
export function int16(v: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(v)));
}
