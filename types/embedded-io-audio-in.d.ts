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
    /** byteLength: bytes that can be read now (lin also passes the frame count). */
    onReadable?: (this: AudioIn, byteLength: number, frames?: number) => void;
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
    /**
     * A new ArrayBuffer of exactly byteLength bytes (all that is available without it). Throws
     * Error("invalid size") for 0 or more than is available (the ESP32 port returns undefined
     * when nothing at all is available; lin throws).
     */
    read(byteLength?: number): ArrayBuffer | undefined;
    /** Fills the whole buffer and returns its byteLength; the same errors. */
    read(buffer: ArrayBuffer | ArrayBufferView): number | undefined;
    close(): void;
  }
  export default AudioIn;
}
