/**
 * A simulated ECMA-419 analog input ("embedded:io/analog"), for tinyml-sim and for Moddable's
 * desktop simulators (which have none), following the contract of the Moddable SDK's own
 * implementation (SDK 8.2.3, modules/io/analog/esp32); test/sim_modules/analog.test.ts checks each
 * rule:
 *
 * - `new Analog({pin, format?})`: pin is required (a RangeError otherwise), format "number" (RangeError
 *   "invalid format"); a pin already open is a RangeError "in use" until that instance is closed.
 * - `resolution` is the bits of a reading (12); `read()` returns an integer in [0, 2^resolution).
 * - `format` is "number"; setting anything else is a RangeError.
 * - After close() read() and resolution throw; closing twice does nothing.
 *
 * What it reads: a deterministic sawtooth that steps by 1/16 of full scale per read (0, 256, 512,
 * ... 3840, then 0 again), so an app sweeps its whole input range in 16 reads. No dependency on
 * any host.
 */
const RESOLUTION = 12;
const open = new Set<number>();

export default class Analog {
  #pin: number;
  #step = 0;
  #closed = false;

  constructor(options: { pin: number; format?: string }) {
    if (options === null || typeof options !== "object") throw new TypeError("options required");
    const pin = options.pin;
    if (typeof pin !== "number" || !Number.isInteger(pin) || pin < 0) throw new RangeError("invalid pin");
    if (options.format !== undefined && options.format !== "number") throw new RangeError("invalid format");
    if (open.has(pin)) throw new RangeError("in use");
    open.add(pin);
    this.#pin = pin;
  }

  get resolution(): number {
    this.#check();
    return RESOLUTION;
  }

  get format(): "number" {
    return "number";
  }

  set format(value: string) {
    if (value !== "number") throw new RangeError("invalid format");
  }

  read(): number {
    this.#check();
    const value = ((this.#step % 16) * 2 ** RESOLUTION) / 16;
    this.#step++;
    return value;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    open.delete(this.#pin);
  }

  #check(): void {
    if (this.#closed) throw new Error("closed");
  }
}
