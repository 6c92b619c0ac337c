/** Types for hosts/cortex-m/qemu/build.mjs (the Cortex-M test and benchmark images). */

export interface Toolchain {
  armGcc: boolean;
  qemu: boolean;
  xtensaGcc: boolean;
  hostGcc: boolean;
  testdata: boolean;
  cm4count: boolean;
}

export interface BuiltTarget {
  name: string;
  /** QEMU machine (null: compile and link only). */
  machine: string | null;
  dsp: boolean;
  run: boolean;
  test: string;
  bench: string;
  kernelObjects: string[];
  kernelTextBytes: number;
}

export interface BuildResult {
  targets: Record<string, BuiltTarget>;
  xtensa: { objects: string[]; kernelTextBytes: number } | null;
  vectors: string;
}

export const TARGETS: Record<string, { machine: string | null; flags: string[]; run: boolean; dsp: boolean }>;
export function toolchain(): Toolchain;
export function buildImages(options?: {
  out?: string; seed?: number; count?: number; log?: (line: string) => void; targets?: string[];
  extra?: Record<string, { machine: string | null; flags: string[]; run: boolean; dsp: boolean }>;
}): Promise<BuildResult>;
export function buildPlugin(out?: string): Promise<string>;
/** The .text bytes of object files (all .text* sections). */
export function textBytes(objects: string[], sizeTool?: string): Promise<number>;
export function symbol(elf: string, name: string): Promise<string>;
export function runImage(elf: string, machine: string, options?: { plugin?: string | null; timeoutMs?: number }): Promise<{ code: number; stdout: string; stderr: string; output: string }>;
