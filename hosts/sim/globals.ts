/** Typed handles on the globals tinyml-sim provides (see hosts/sim/README.md). Only for code that runs in the sim. */

export interface SimGlobal {
  readonly args: string[];
  readFile(path: string): ArrayBuffer;
  writeFile(path: string, data: ArrayBuffer | ArrayBufferView): void;
  exit(code?: number): never;
  now(): number;
  memory(): { chunkUsed: number; chunkPeak: number; chunkAllocated: number; slotUsed: number; slotPeak: number; slotAllocated: number; slotSize: number; stackUsed: number; stackPeak: number; stackSize: number };
  gc(): void;
  stdout(text: string): void;
  stderr(text: string): void;
}

const g = globalThis as unknown as { sim: SimGlobal; print: (...args: unknown[]) => void };
export const sim: SimGlobal = g.sim;
export const print: (...args: unknown[]) => void = g.print;

/** ASCII/UTF-8 bytes as a string (XS hosts have no TextDecoder). */
export function text(buffer: ArrayBuffer): string {
  const b = new Uint8Array(buffer);
  let s = "";
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return decodeURIComponent(escape(s));
}
