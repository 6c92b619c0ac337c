/**
 * The part of Espruino's API the glue uses (hosts/espruino/*.ts). `@types/espruino` is not among the
 * npm packages this project may install, so these few declarations follow Espruino's reference
 * (espruino.com/Reference) for the firmware the README names.
 */
declare function print(...text: unknown[]): void;
/** Seconds since 1970, with sub-millisecond resolution. */
declare function getTime(): number;
declare function setInterval(callback: () => void, ms: number): number;
declare function clearInterval(id: number): void;
interface EspruinoWatchEvent {
  state: boolean;
  time: number;
  lastTime: number;
}
declare function setWatch(callback: (e: EspruinoWatchEvent) => void, pin: EspruinoPin, options?: { repeat?: boolean; edge?: "rising" | "falling" | "both"; debounce?: number }): number;
interface EspruinoPin {
  read(): boolean;
}
/** The board's button (BTN1 on most boards; absent on the Linux build). */
declare const BTN: EspruinoPin | undefined;

declare namespace E {
  /** A byte array of the string's characters (a copy) or of an array / typed array. */
  function toUint8Array(data: string | ArrayLike<number> | ArrayBuffer): Uint8Array;
  /** The bytes as a string (a flat string when it can). */
  function toString(data: Uint8Array | ArrayBuffer | number[]): string;
  /** How many variables (blocks of memory) a value takes; depth > 0 follows references that far. */
  function getSizeOf(value: unknown, depth?: number): number;
  function setFlags(flags: { pretokenise?: 0 | 1 | boolean }): void;
}

interface EspruinoMemory {
  /** Variables free, used, and in all (one variable is `blocksize` bytes). */
  free: number;
  usage: number;
  total: number;
  history: number;
  gc: number;
  gctime: number;
  blocksize: number;
}
declare namespace process {
  /** Memory use in variables (garbage collected first unless `gc` is false). */
  function memory(gc?: boolean): EspruinoMemory;
  const version: string;
}

interface EspruinoStorage {
  /** A file's bytes as a string that references flash (no copy) where the board maps it, or undefined. */
  read(name: string): string | undefined;
  /** A file as an ArrayBuffer over flash (no copy), or undefined. */
  readArrayBuffer(name: string): ArrayBuffer | undefined;
  write(name: string, data: string | ArrayBuffer | Uint8Array): boolean;
  erase(name: string): void;
  getFree(): number;
  list(): string[];
}
interface EspruinoFs {
  /** The file's bytes as a string (Linux build and boards with an SD card). */
  readFileSync(path: string): string | undefined;
  writeFileSync(path: string, data: string): boolean;
}
declare function require(module: "Storage"): EspruinoStorage;
declare function require(module: "fs"): EspruinoFs;
