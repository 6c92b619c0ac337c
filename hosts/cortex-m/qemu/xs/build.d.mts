/** Types for hosts/cortex-m/qemu/xs/build.mjs (the tinyml-m4 image builder). */

/** Absolute path of the image, build/cortex-m/xs/tinyml-m4.elf. */
export const IMAGE: string;
/** The QEMU machine the image runs on. */
export const MACHINE: string;
/** Bytes of the fixed region XS's chunks, slots and stack come from. */
export const XS_REGION_BYTES: number;
/** Bytes per XS slot on the target. */
export const SLOT_BYTES: number;

export interface ImageBuildResult {
  image: string;
  compiled: number;
  total: number;
  linked: boolean;
  seconds: number;
}

/** Builds the image when missing or stale; rejects with the compiler output on failure. */
export function buildImage(options?: { force?: boolean; verbose?: boolean; log?: (line: string) => void }): Promise<ImageBuildResult>;

/** The image's path, building it first when missing or stale. */
export function ensureImage(options?: { quiet?: boolean }): Promise<string>;

/** Compiles a bundle (an ES module) to XS byte code for the image when stale; resolves to the .xsb path. */
export function compileBundle(js: string): Promise<string>;
