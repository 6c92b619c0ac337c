/**
 * SimFlash: a NOR flash in a Uint8Array, with fault injection for power-loss tests.
 *
 * Semantics: erase(sector) sets the sector to 0xFF; write(offset, data) stores old & data (a write
 * can only clear bits). Faults (`inject`): the power is cut after N mutating operations (writes
 * and erases both count) or after N bytes written; the operation hit by the cut is torn (only a
 * prefix of its bytes land: half of them with `tear`, none without; a byte budget lands exactly
 * the bytes left); with `flip`, one of the bits that operation was clearing ends up the other way
 * (a weakly programmed cell). After a cut every call throws PowerCut, until `reboot()` gives a
 * fresh SimFlash over the same bytes (the test then opens a new store: a device reset).
 */
import { checkRange, type Flash } from "./flash";
import { nameError } from "../errors";

export class PowerCut extends Error {
  constructor() {
    super("power cut (simulated)");
    nameError(this, "PowerCut");
  }
}

export interface FaultPlan {
  /** Cut the power during the operation after this many complete writes + erases. */
  afterOps?: number;
  /** Cut the power once this many bytes have been written (the write crossing it lands a prefix). */
  afterBytes?: number;
  /** A torn operation lands half its bytes (default: none of them, for afterOps). */
  tear?: boolean;
  /** Flip the outcome of one bit the torn operation was programming. */
  flip?: boolean;
  /** Seed of the bit choice for `flip`. */
  seed?: number;
}

export class SimFlash implements Flash {
  readonly sectorSize: number;
  readonly sectorCount: number;
  readonly bytes: Uint8Array;
  /** Completed writes + erases, bytes written, writes, erases since this SimFlash was made. */
  ops = 0;
  bytesWritten = 0;
  writes = 0;
  erases = 0;
  private fault: FaultPlan | null = null;
  private dead = false;

  /** A blank (erased) flash, or one over existing bytes (their length must be a whole number of sectors). */
  constructor(sectorSize: number, sectorCount: number, bytes?: Uint8Array) {
    if (!(Number.isInteger(sectorSize) && sectorSize > 0 && Number.isInteger(sectorCount) && sectorCount > 0)) throw new RangeError("bad flash geometry");
    this.sectorSize = sectorSize;
    this.sectorCount = sectorCount;
    if (bytes !== undefined && bytes.length !== sectorSize * sectorCount) throw new RangeError(`flash image has ${bytes.length} bytes, expected ${sectorSize * sectorCount}`);
    this.bytes = bytes ?? new Uint8Array(sectorSize * sectorCount).fill(0xff);
  }

  get poweredOff(): boolean {
    return this.dead;
  }

  /** Arms a fault (replacing any other). */
  inject(plan: FaultPlan): void {
    this.fault = { ...plan };
  }

  /** A device reset after a power cut: a new SimFlash, fault-free, over the same bytes (this one stays dead). */
  reboot(): SimFlash {
    this.dead = true;
    return new SimFlash(this.sectorSize, this.sectorCount, this.bytes);
  }

  read(offset: number, length: number): Uint8Array {
    this.alive();
    checkRange(offset, length, this.bytes.length);
    return this.bytes.slice(offset, offset + length);
  }

  map(offset: number, length: number): Uint8Array {
    this.alive();
    checkRange(offset, length, this.bytes.length);
    return this.bytes.subarray(offset, offset + length);
  }

  write(offset: number, data: Uint8Array): void {
    this.alive();
    checkRange(offset, data.length, this.bytes.length);
    const land = this.landing(data.length);
    const target = this.bytes;
    if (land === data.length) {
      for (let i = 0; i < data.length; i++) target[offset + i] = target[offset + i]! & data[i]!;
      this.ops++;
      this.writes++;
      this.bytesWritten += data.length;
      return;
    }
    // Torn: a prefix lands, maybe with one programmed bit the other way round.
    const before = target.slice(offset, offset + data.length);
    for (let i = 0; i < land; i++) target[offset + i] = before[i]! & data[i]!;
    if (this.fault?.flip === true) this.flipOne(offset, before, data);
    this.bytesWritten += land;
    this.cut();
  }

  erase(sector: number): void {
    this.alive();
    if (!Number.isInteger(sector) || sector < 0 || sector >= this.sectorCount) checkRange(sector * this.sectorSize, this.sectorSize, this.bytes.length);
    const start = sector * this.sectorSize;
    const f = this.fault;
    const hit = f !== null && ((f.afterOps !== undefined && this.ops >= f.afterOps) || (f.afterBytes !== undefined && this.bytesWritten >= f.afterBytes));
    if (!hit) {
      this.bytes.fill(0xff, start, start + this.sectorSize);
      this.ops++;
      this.erases++;
      return;
    }
    if (f.tear === true) this.bytes.fill(0xff, start, start + (this.sectorSize >> 1));
    this.cut();
  }

  /** How many bytes of a write of `length` bytes land before the power goes (length: all of them). */
  private landing(length: number): number {
    const f = this.fault;
    if (f === null) return length;
    if (f.afterOps !== undefined && this.ops >= f.afterOps) return f.tear === true ? length >> 1 : 0;
    if (f.afterBytes !== undefined && this.bytesWritten + length > f.afterBytes) return Math.max(0, f.afterBytes - this.bytesWritten);
    return length;
  }

  private flipOne(offset: number, before: Uint8Array, data: Uint8Array): void {
    const candidates: number[] = [];
    for (let i = 0; i < data.length; i++) {
      const programmed = before[i]! & ~data[i]! & 0xff;
      for (let b = 0; b < 8; b++) if ((programmed >> b) & 1) candidates.push(i * 8 + b);
    }
    if (candidates.length === 0) return;
    const seed = this.fault?.seed ?? 0;
    const pick = candidates[(Math.imul(seed + 1, 0x9e3779b1) >>> 0) % candidates.length]!;
    this.bytes[offset + (pick >> 3)]! ^= 1 << (pick & 7);
  }

  private cut(): never {
    this.dead = true;
    this.fault = null;
    throw new PowerCut();
  }

  private alive(): void {
    if (this.dead) throw new PowerCut();
  }
}
