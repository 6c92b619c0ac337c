/** Types for hosts/cortex-m/qemu/image_16x8.mjs (the Cortex-M4 image of the 16x8 kernels). */

/** Builds build/cortex-m/kernels_16x8/kernels_16x8.elf; resolves to its path. */
export function build16x8Image(): Promise<string>;
