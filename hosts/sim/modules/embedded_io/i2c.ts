/**
 * A simulated ECMA-419 I2C controller ("embedded:io/i2c") for tinyml-sim and for Node tests,
 * following the contract of the Moddable SDK's own implementations (SDK 8.2.3,
 * modules/io/i2c/esp32, pico, nrf52); test/sim_modules/i2c.test.ts checks each rule:
 *
 * - `new I2C({data, clock, hz, address, port?, format?})`: data, clock and address are required
 *   (RangeError "data required" ...), address 0-127 ("invalid address"), hz > 0 ("invalid hz": it
 *   has no default), format "buffer" ("invalid format"); a second open instance for the same data,
 *   clock and address is a RangeError "duplicate address" until the first is closed.
 * - `read(count)` returns a new ArrayBuffer of count bytes; `read(buffer)` fills the whole buffer
 *   and returns its byteLength. `write(buffer)` sends it; a write of 0 bytes only probes the
 *   address and returns 1 when nothing acknowledges it (the ESP32 port's rule), undefined otherwise.
 * - A transfer that is not acknowledged (NACK) or times out (stuck bus) throws
 *   `Error("read failed")` or `Error("write failed")`: the message does not say which failure it was.
 * - After close() every method but close() throws; closing twice does nothing.
 * - `stop` (ECMA-419's second argument) is recorded as the caller gave it, but the SDK's JavaScript
 *   class passes only the first argument to its native code, so on a device every transfer ends
 *   with a STOP; the simulated chips keep their register pointer across a STOP, as real ones do.
 *
 * Simulated chips (hosts/sim/devices) attach to a SimI2CBus at a 7-bit address; an I2C instance
 * opened on that bus talks to the chip at its `address`. Every transfer is logged (address,
 * direction, bytes, stop, and the failure the wire saw: "NACK" or "BUS_STUCK") so tests can assert
 * on real register traffic, and faults can be injected: a stuck bus (every transfer times out) and
 * NACKs on the next N transfers. A transfer to an address with no chip is not acknowledged.
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
    const failed = () => new Error(op === "write" ? "write failed" : "read failed");
    if (this.stuck) {
      if (entry !== null) entry.error = "BUS_STUCK";
      throw failed();
    }
    const device = this.devices.get(address);
    let nack = device === undefined || (device.acknowledge !== undefined && !device.acknowledge());
    if (!nack && this.#nackCount > 0 && (this.#nackAddress === undefined || this.#nackAddress === address)) {
      this.#nackCount--;
      nack = true;
    }
    if (nack) {
      if (entry !== null) entry.error = "NACK";
      throw failed();
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

/** Open instances, by "data/clock/address" (the SDK refuses a second one: "duplicate address"). */
const open = new Set<string>();

/** ECMA-419 I2C controller on a simulated bus. */
export default class I2C {
  readonly #address: number;
  readonly #hz: number;
  readonly #key: string;
  #bus: SimI2CBus | null;

  constructor(options: { data: number; clock: number; hz: number; address: number; port?: number; format?: "buffer" }) {
    if (options === null || typeof options !== "object") throw new TypeError("options required");
    if (!("data" in options)) throw new RangeError("data required");
    if (!("clock" in options)) throw new RangeError("clock required");
    if (!("address" in options)) throw new RangeError("address required");
    const data = pin(options.data, "data"), clock = pin(options.clock, "clock");
    const address = Math.trunc(Number(options.address));
    if (!(address >= 0 && address <= 127)) throw new RangeError("invalid address");
    const key = `${data}/${clock}/${address}`;
    if (open.has(key)) throw new RangeError("duplicate address");
    const hz = Math.trunc(Number(options.hz));
    if (!(hz > 0)) throw new RangeError("invalid hz");
    if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0)) throw new RangeError("invalid port");
    if (options.format !== undefined && options.format !== "buffer") throw new RangeError("invalid format");
    this.#address = address;
    this.#hz = hz;
    this.#key = key;
    this.#bus = simBus(options.port ?? 0);
    open.add(key);
  }

  get format(): "buffer" {
    return "buffer";
  }

  set format(value: "buffer") {
    if (value !== "buffer") throw new RangeError("invalid format");
  }

  /** Reads `count` bytes into a new ArrayBuffer, or fills the whole `buffer` (returns its byteLength). */
  read(count: number, stop?: boolean): ArrayBuffer;
  read(buffer: BufferLike, stop?: boolean): number;
  read(what: number | BufferLike, stop = true): ArrayBuffer | number {
    const bus = this.#open();
    if (typeof what === "object" && what !== null) {
      const bytes = bytesOf(what);
      bus.transfer("read", this.#address, this.#hz, bytes, stop);
      return bytes.length;
    }
    const count = Math.trunc(Number(what));
    if (!(count >= 0)) throw new RangeError("invalid byte count");
    const out = new Uint8Array(count);
    bus.transfer("read", this.#address, this.#hz, out, stop);
    return out.buffer;
  }

  /** Sends `buffer`; an empty one probes the address: 1 when nothing acknowledges, else undefined. */
  write(buffer: BufferLike, stop = true): number | undefined {
    const bus = this.#open();
    const bytes = bytesOf(buffer);
    if (bytes.length === 0) {
      try {
        bus.transfer("write", this.#address, this.#hz, bytes, stop);
      } catch {
        return 1;
      }
      return undefined;
    }
    bus.transfer("write", this.#address, this.#hz, bytes, stop);
    return undefined;
  }

  close(): void {
    if (this.#bus === null) return;
    this.#bus = null;
    open.delete(this.#key);
  }

  #open(): SimI2CBus {
    if (this.#bus === null) throw new Error("I2C closed");
    return this.#bus;
  }
}

function pin(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`invalid ${name}`);
  return n;
}
