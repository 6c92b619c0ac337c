/**
 * "embedded:io/analog", the ECMA-419 analog input, as the Moddable SDK implements it
 * (documentation/io/io.md, "Analog"). Replaces @moddable/typings 5.6.0's declaration, which lacks
 * close() (every ECMA-419 IO instance has it).
 */
declare module "embedded:io/analog" {
  import type { PinSpecifier } from "embedded:io/_common";

  export interface AnalogOptions {
    pin: PinSpecifier;
    /** Bits of the readings; the host may ignore it (read `resolution`). */
    resolution?: number;
    onReadable?: (this: Analog) => void;
    format?: "number";
    target?: any;
  }

  class Analog {
    constructor(options: AnalogOptions);
    /** Bits per reading: read() returns 0 .. 2 ** resolution - 1. */
    readonly resolution: number;
    format: "number";
    target?: any;
    read(): number;
    close(): void;
  }
  export default Analog;
}
