/** Types for hosts/sim/build.mjs (the tinyml-sim builder). */

export interface SimBuildOptions {
  /** Build with -fsanitize=address,undefined into build/sim-sanitize. */
  sanitize?: boolean;
  /** Build a 32-bit program (gcc -m32, 16-byte XS slots as on an MCU) into build/sim32 (build/sim32-sanitize). */
  m32?: boolean;
  /** Recompile and relink everything. */
  force?: boolean;
}

export interface SimBuildResult {
  /** Absolute path of the tinyml-sim binary. */
  binary: string;
  /** Objects compiled by this call, out of total. */
  compiled: number;
  total: number;
  linked: boolean;
  seconds: number;
  /** Compiler warnings (own files; the XS sources are compiled with -w). */
  warnings: string;
}

/** Builds tinyml-sim when missing or stale; resolves to the binary's absolute path. */
export function ensureSim(options?: SimBuildOptions & { quiet?: boolean }): Promise<string>;

/** Builds tinyml-sim when missing or stale; rejects with the compiler output on failure. */
export function build(options?: SimBuildOptions & { verbose?: boolean; log?: (line: string) => void }): Promise<SimBuildResult>;

/** Directory of the installed @agoric/xsnap package (its moddable/xs holds the XS sources). */
export function findXsnap(): string;
