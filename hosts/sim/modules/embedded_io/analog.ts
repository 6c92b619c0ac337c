/**
 * A simulated ECMA-419 analog input ("embedded:io/analog"), for tinyml-sim and for Moddable's
 * desktop simulators (which have none): a deterministic sawtooth, 12 bits, that steps by 1/16 of
 * full scale per read (0, 256, 512, ... 3840, then 0 again), so an app sweeps its whole input
 * range in 16 reads. No dependency on any host.
 */
export default class Analog {
  readonly resolution: number;
  #step = 0;
  #closed = false;

  constructor(options: { pin: number; resolution?: number }) {
    if (typeof options?.pin !== "number") throw new TypeError("pin required");
    this.resolution = 12;
  }

  get format(): "number" {
    return "number";
  }

  read(): number {
    if (this.#closed) throw new Error("closed");
    const full = 2 ** this.resolution;
    const value = ((this.#step % 16) * full) / 16;
    this.#step++;
    return value;
  }

  close(): void {
    this.#closed = true;
  }
}
