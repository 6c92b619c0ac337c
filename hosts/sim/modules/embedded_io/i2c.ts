/**
 * A simulated ECMA-419 I2C controller ("embedded:io/i2c") for tinyml-sim and for Node tests.
 *
 * Simulated chips (hosts/sim/devices) attach to a SimI2CBus at a 7-bit address; an I2C instance
 * opened on that bus talks to the chip at its `address`. Every transfer is logged (address,
 * direction, bytes, stop) so tests can assert on real register traffic, and faults can be injected:
 * a stuck bus (every transfer times out) and NACKs on the next N transfers. A transfer to an
 * address with no chip is not acknowledged. Errors are thrown as `Error`s whose messages say
 * "NACK" or "bus stuck ... timeout", as a host's I2C would report them.
 *
 * Buses: one per `port` (default 0), whatever the pins; `simBus(port)` returns it.
 * No dependency on any host (runs on XS and on Node).
 */

/** A simulated I2C target device. Data flows through the given buffers; a chip acknowledges every byte unless `acknowledge()` says otherwise. */
export interface I2CTarget {
  /** The controller wrote `bytes`; `stop` is false when a repeated start follows. */
  write(bytes: Uint8Array, stop: boolean): void;
  /** The controller reads `into.length` bytes. */
  read(into: Uint8Array, stop: boolean): void;
  /** false: the device does not acknowledge its address now (e.g. while it resets). */
  acknowledge?(): boolean;
}

/** One logged transfer. `error` is set when it failed ("NACK" or "BUS_STUCK"). */
export interface Transfer {
  op: "write" | "read";
  address: number;
  bytes: number[];
  stop: boolean;
  error?: "NACK" | "BUS_STUCK";
}

export class SimI2CBus {
  readonly devices = new Map<number, I2CTarget>();
  /** Transfers in order (up to `logLimit`, then the oldest are dropped). */
  log: Transfer[] = [];
  logging = true;
  logLimit = 20000;
  /** When true every transfer fails with a bus timeout (SDA held low). */
  stuck = false;
  /** Bytes moved (address bytes included), and the bus time they take at each instance's hz, in µs. */
  bytes = 0;
  busMicroseconds = 0;
  #nackCount = 0;
  #nackAddress: number | undefined = undefined;

  attach(address: number, device: I2CTarget): void {
    if (this.devices.has(address)) throw new Error(`address 0x${address.toString(16)} is already taken`);
    this.devices.set(address, device);
  }

  detach(address: number): void {
    this.devices.delete(address);
  }

  /** The next `count` transfers (to `address` only, when given) are not acknowledged. */
  nackNext(count: number, address?: number): void {
    this.#nackCount = count;
    this.#nackAddress = address;
  }

  clearLog(): void {
    this.log = [];
  }

  /** Runs one transfer for an I2C instance. */
  transfer(op: "write" | "read", address: number, hz: number, buffer: Uint8Array, stop: boolean): void {
    const entry: Transfer | null = this.logging ? { op, address, bytes: [], stop } : null;
    if (entry !== null) {
      if (this.log.length >= this.logLimit) this.log.splice(0, this.log.length - this.logLimit + 1);
      this.log.push(entry);
    }
    const t = (1 + buffer.length) * 9;
    this.bytes += 1 + buffer.length;
    this.busMicroseconds += (t * 1e6) / hz;
    if (this.stuck) {
      if (entry !== null) entry.error = "BUS_STUCK";
      throw new Error(`I2C bus stuck: SDA held low, transfer to 0x${address.toString(16)} timed out`);
    }
    const device = this.devices.get(address);
    let nack = device === undefined || (device.acknowledge !== undefined && !device.acknowledge());
    if (!nack && this.#nackCount > 0 && (this.#nackAddress === undefined || this.#nackAddress === address)) {
      this.#nackCount--;
      nack = true;
    }
    if (nack) {
      if (entry !== null) entry.error = "NACK";
      throw new Error(`I2C NACK: address 0x${address.toString(16)} not acknowledged`);
    }
    if (op === "write") {
      device!.write(buffer, stop);
      if (entry !== null) for (let i = 0; i < buffer.length; i++) entry.bytes.push(buffer[i]!);
    } else {
      device!.read(buffer, stop);
      if (entry !== null) for (let i = 0; i < buffer.length; i++) entry.bytes.push(buffer[i]!);
    }
  }
}

const buses = new Map<number, SimI2CBus>();

/** The simulated bus of `port` (created on first use). */
export function simBus(port = 0): SimI2CBus {
  let bus = buses.get(port);
  if (bus === undefined) {
    bus = new SimI2CBus();
    buses.set(port, bus);
  }
  return bus;
}

type BufferLike = ArrayBuffer | ArrayBufferView;

function bytesOf(buffer: BufferLike): Uint8Array {
  if (buffer instanceof Uint8Array) return buffer;
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  throw new TypeError("buffer required");
}

/** ECMA-419 I2C controller on a simulated bus. */
export default class I2C {
  readonly address: number;
  readonly hz: number;
  #bus: SimI2CBus | null;

  constructor(options: { data: number; clock: number; hz: number; address: number; port?: number; format?: "buffer" }) {
    if (options === null || typeof options !== "object") throw new TypeError("options required");
    const { address, hz } = options;
    if (typeof options.data !== "number" || typeof options.clock !== "number") throw new TypeError("data and clock pins required");
    if (!Number.isInteger(address) || address < 0 || address > 0x7f) throw new RangeError(`invalid address ${address}`);
    if (typeof hz !== "number" || !(hz > 0) || hz > 3_400_000) throw new RangeError(`invalid hz ${hz}`);
    if (options.format !== undefined && options.format !== "buffer") throw new RangeError(`invalid format ${String(options.format)}`);
    this.address = address;
    this.hz = hz;
    this.#bus = simBus(options.port ?? 0);
  }

  get format(): "buffer" {
    return "buffer";
  }

  set format(value: "buffer") {
    if (value !== "buffer") throw new RangeError(`invalid format ${String(value)}`);
  }

  /** Reads `count` bytes into a new ArrayBuffer, or fills `buffer` (returns undefined). */
  read(count: number, stop?: boolean): ArrayBuffer;
  read(buffer: BufferLike, stop?: boolean): undefined;
  read(what: number | BufferLike, stop = true): ArrayBuffer | undefined {
    const bus = this.#open();
    if (typeof what === "number") {
      if (!Number.isInteger(what) || what < 0) throw new RangeError(`invalid byte count ${what}`);
      const out = new Uint8Array(what);
      bus.transfer("read", this.address, this.hz, out, stop);
      return out.buffer;
    }
    bus.transfer("read", this.address, this.hz, bytesOf(what), stop);
    return undefined;
  }

  write(buffer: BufferLike, stop = true): void {
    this.#open().transfer("write", this.address, this.hz, bytesOf(buffer), stop);
  }

  close(): void {
    this.#bus = null;
  }

  #open(): SimI2CBus {
    if (this.#bus === null) throw new Error("I2C closed");
    return this.#bus;
  }
}
