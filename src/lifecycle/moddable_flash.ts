/**
 * The Flash interface on a device, over Moddable's `flash` module: a named partition (e.g. a
 * "tinyml" data partition in the ESP32 partition table). The partition is mapped once; map()
 * hands out views of that host buffer, so the active model is read in place from flash.
 * Only the Moddable build resolves "flash"; the simulator and Node use SimFlash.
 */
import ModdableFlashPartition from "flash";
import { checkRange, type Flash } from "./flash";

export class ModdableFlash implements Flash {
  readonly sectorSize: number;
  readonly sectorCount: number;
  private readonly partition: ModdableFlashPartition;
  private mapped: Uint8Array | null = null;

  constructor(partitionName: string) {
    this.partition = new ModdableFlashPartition(partitionName);
    this.sectorSize = this.partition.blockSize;
    this.sectorCount = Math.floor(this.partition.byteLength / this.sectorSize);
  }

  private get size(): number {
    return this.sectorSize * this.sectorCount;
  }

  read(offset: number, length: number): Uint8Array {
    checkRange(offset, length, this.size);
    return new Uint8Array(this.partition.read(offset, length));
  }

  write(offset: number, bytes: Uint8Array): void {
    checkRange(offset, bytes.length, this.size);
    if (bytes.length > 0) this.partition.write(offset, bytes.length, bytes);
  }

  erase(sector: number): void {
    checkRange(sector * this.sectorSize, this.sectorSize, this.size);
    this.partition.erase(sector);
  }

  map(offset: number, length: number): Uint8Array {
    checkRange(offset, length, this.size);
    if (this.mapped === null) this.mapped = new Uint8Array(this.partition.map());
    return this.mapped.subarray(offset, offset + length);
  }
}
