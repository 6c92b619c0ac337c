/**
 * "embedded:io/audio/in", the ECMA-419 audio input as the Moddable SDK implements it (its IO
 * documentation, "Audio Input"): @moddable/typings 5.6.0 has no declaration for it. Samples arrive
 * in the background; onReadable reports how many bytes are buffered; read() takes them.
 */
declare module "embedded:io/audio/in" {
  export interface AudioInOptions {
    /** Samples per second (e.g. 16000). */
    sampleRate?: number;
    channels?: number;
    /** 8 or 16. */
    bitsPerSample?: number;
    /** "LPCM" (signed little-endian samples). */
    audioType?: string;
    format?: "buffer";
    target?: any;
    onReadable?: (this: AudioIn, byteLength: number) => void;
  }

  class AudioIn {
    constructor(options?: AudioInOptions);
    readonly sampleRate: number;
    readonly channels: number;
    readonly bitsPerSample: number;
    readonly audioType: string;
    target?: any;
    start(): void;
    stop(): void;
    /** A new ArrayBuffer of up to byteLength buffered bytes (all of them without it); undefined when none. */
    read(byteLength?: number): ArrayBuffer | undefined;
    /** Fills a preallocated buffer with buffered bytes; returns how many were written. */
    read(buffer: ArrayBuffer | ArrayBufferView): number;
    close(): void;
  }
  export default AudioIn;
}
