/** Typed handles on the globals of the Cortex-M4 XS image (m4_globals.c). Only for code that runs on the image. */

export interface M4Memory {
  chunkUsed: number;
  chunkPeak: number;
  chunkAllocated: number;
  slotUsed: number;
  slotPeak: number;
  slotAllocated: number;
  slotSize: number;
  /** Deepest XS stack use since the machine was created, bytes. */
  stackPeak: number;
  stackSize: number;
  /** Deepest C stack use since the last paintCStack(), bytes. */
  cStackPeak: number;
  cStackSize: number;
  /** The fixed region XS's chunks, slots and stack come from. */
  regionBytes: number;
}

export interface M4Global {
  readonly args: string[];
  /** The file as an ArrayBuffer in the XS chunk heap. */
  readFile(path: string): ArrayBuffer;
  /** The file as a read-only host buffer outside the XS heap, as a Resource in flash would be. */
  mapFile(path: string): { readonly byteLength: number };
  writeFile(path: string, data: ArrayBuffer | Uint8Array): void;
  exit(code?: number): never;
  memory(): M4Memory;
  /** Restarts the C stack's high-water mark from the current depth. */
  paintCStack(): void;
  gc(): void;
  /** cm4count region markers. */
  benchStart(): void;
  benchStop(): void;
  /** While on, every native kernel call is a cm4count region. */
  countKernels(on: boolean): void;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const m4: M4Global = (globalThis as unknown as { m4: M4Global }).m4;
