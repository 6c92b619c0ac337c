/** What the accelerometer drivers (LIS3DH, MPU6050) share, so firmware can use either. */

/** Standard gravity, m/s² (the drivers report m/s², the ECMA-419 accelerometer unit). */
export const STANDARD_GRAVITY = 9.80665;

/** One reading: acceleration along each axis in m/s² (gravity included: a chip at rest reads +9.81 on its up axis). */
export interface AccelerometerSample {
  x: number;
  y: number;
  z: number;
}

export type AccelerometerRange = 2 | 4 | 8 | 16;

export interface AccelerometerConfiguration {
  /** Output data rate in Hz (each driver supports its own set; others are BAD_CONFIG). */
  rate?: number;
  /** Full scale in g: 2, 4, 8 or 16. */
  range?: AccelerometerRange;
  /** Buffer samples in the chip's FIFO (stream mode: the oldest is dropped when full). */
  fifo?: boolean;
}

export interface Accelerometer {
  /** The chip name, e.g. "LIS3DH". */
  readonly model: string;
  readonly rate: number;
  readonly range: AccelerometerRange;
  /** Samples the FIFO holds when full. */
  readonly fifoCapacity: number;
  /** Set by readFIFO: true when the FIFO overflowed since the previous read (samples were lost). */
  readonly overrun: boolean;
  configure(options: AccelerometerConfiguration): void;
  sample(): AccelerometerSample;
  /**
   * Reads every sample waiting in the FIFO (at most into.length / 3), oldest first, into `into` as
   * x, y, z triples in m/s², in one bus transaction. Returns the number of samples.
   */
  readFIFO(into: Float32Array): number;
  reset(): void;
  close(): void;
}
