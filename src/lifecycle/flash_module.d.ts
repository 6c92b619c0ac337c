/**
 * The part of Moddable's `flash` module (modules/files/flash) the model store uses, as documented:
 * a named partition with read, write, erase by block, and map() to a read-only host buffer.
 * For the Node type-checks only (tsconfig.json, tsconfig.node.json): device builds (mcconfig,
 * tsconfig.device.json) use the SDK's typings/flash.d.ts, which this would clash with. (Not named
 * moddable_flash.d.ts: tsc skips a .d.ts next to a .ts of the same name.)
 */
declare module "flash" {
  export default class Flash {
    constructor(partition: string);
    /** Size of the partition in bytes. */
    readonly byteLength: number;
    /** Size of an erase block (sector) in bytes. */
    readonly blockSize: number;
    /** byteLength bytes from offset, in a new ArrayBuffer. */
    read(offset: number, byteLength: number): ArrayBuffer;
    /** Writes the first byteLength bytes of buffer at offset. */
    write(offset: number, byteLength: number, buffer: ArrayBuffer | ArrayBufferView): void;
    /** Erases block number `block` (offset block * blockSize). */
    erase(block: number): void;
    /** The whole partition as a read-only host buffer (throws where the host cannot map flash). */
    map(): ArrayBuffer;
    close(): void;
  }
}
