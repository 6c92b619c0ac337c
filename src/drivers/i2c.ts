/**
 * Our own minimal typing of the ECMA-419 I2C IO class ("embedded:io/i2c"), enough for register
 * level drivers, and RegisterIO: register reads and writes over it with preallocated buffers and
 * every bus failure turned into a SensorError.
 *
 * ECMA-419 I2C: `new I2C({data, clock, hz, address, port?})`; `write(buffer, stop = true)`;
 * `read(byteLength | buffer, stop = true)` (a byte length returns a new ArrayBuffer, a buffer is
 * filled in place); `close()`. A register read is a write of the register address without a stop
 * followed by a read (a repeated start).
 */
import { SensorError, classifyBusError } from "./sensor_error";

/** An open ECMA-419 I2C instance, as the drivers use it. */
export interface I2CInstance {
  write(buffer: Uint8Array, stop?: boolean): unknown;
  read(buffer: Uint8Array, stop?: boolean): unknown;
  close(): void;
}

/** The options an ECMA-419 I2C constructor takes. */
export interface I2COptions {
  data: number;
  clock: number;
  hz: number;
  address: number;
  port?: number;
}

/** An ECMA-419 I2C class (the default export of "embedded:io/i2c"). */
export type I2CClass = new (options: I2COptions) => I2CInstance;

/** The `sensor` property of a sensor class's constructor options: the I2C class and its options. */
export interface I2CSensorOptions {
  io: I2CClass;
  data: number;
  clock: number;
  /** Bus clock, default 400 kHz. */
  hz?: number;
  /** 7-bit address; each driver has a default. */
  address?: number;
  port?: number;
}

/** Register access on one I2C device. Not re-entrant; allocates nothing per call. */
export class RegisterIO {
  readonly address: number;
  #io: I2CInstance | null;
  #one = new Uint8Array(1);
  #two = new Uint8Array(2);

  constructor(sensor: I2CSensorOptions, defaultAddress: number) {
    if (sensor === null || typeof sensor !== "object" || typeof sensor.io !== "function") throw new SensorError("BAD_CONFIG", "options.sensor.io must be an ECMA-419 I2C class");
    const address = sensor.address ?? defaultAddress;
    if (!Number.isInteger(address) || address < 0 || address > 0x7f) throw new SensorError("BAD_CONFIG", `I2C address ${address} is not a 7-bit address`);
    const hz = sensor.hz ?? 400_000;
    if (!(hz > 0)) throw new SensorError("BAD_CONFIG", `I2C hz ${hz} must be positive`);
    this.address = address;
    const options: I2COptions = { data: sensor.data, clock: sensor.clock, hz, address };
    if (sensor.port !== undefined) options.port = sensor.port;
    try {
      this.#io = new sensor.io(options);
    } catch (e) {
      throw this.#busError(e, undefined, "opening the I2C bus");
    }
  }

  get closed(): boolean {
    return this.#io === null;
  }

  /** Reads `into.length` bytes starting at register `reg` (`reg` is sent as is: set the chip's auto-increment flag yourself). */
  read(reg: number, into: Uint8Array): Uint8Array {
    const io = this.#open();
    this.#one[0] = reg;
    try {
      io.write(this.#one, false);
      io.read(into);
    } catch (e) {
      throw this.#busError(e, reg, `reading ${into.length} byte${into.length === 1 ? "" : "s"}`);
    }
    return into;
  }

  readByte(reg: number): number {
    return this.read(reg, this.#one)[0]!;
  }

  writeByte(reg: number, value: number): void {
    const io = this.#open();
    this.#two[0] = reg;
    this.#two[1] = value;
    try {
      io.write(this.#two);
    } catch (e) {
      throw this.#busError(e, reg, "writing");
    }
  }

  /** Writes `value` and reads it back; a value that did not stick is BAD_DATA (a chip that ignores writes must not be trusted). */
  writeChecked(reg: number, value: number, readReg = reg): void {
    this.writeByte(reg, value);
    const got = this.readByte(readReg);
    if (got !== value) throw new SensorError("BAD_DATA", `wrote 0x${value.toString(16)}, read back 0x${got.toString(16)}`, { address: this.address, register: reg });
  }

  close(): void {
    const io = this.#io;
    this.#io = null;
    if (io !== null) {
      try {
        io.close();
      } catch {
        // closing twice or on a failed bus: nothing left to release
      }
    }
  }

  #open(): I2CInstance {
    if (this.#io === null) throw new SensorError("CLOSED", "the sensor is closed", { address: this.address });
    return this.#io;
  }

  #busError(e: unknown, reg: number | undefined, what: string): SensorError {
    if (e instanceof SensorError) return e;
    const code = classifyBusError(e);
    const detail = String((e as { message?: unknown } | null)?.message ?? e);
    const text = code === "NACK" ? "device did not acknowledge" : code === "BUS_STUCK" ? "I2C bus stuck" : "I2C failure";
    return new SensorError(code, `${text} ${what}: ${detail}`, { address: this.address, ...(reg === undefined ? {} : { register: reg }), cause: e });
  }
}
