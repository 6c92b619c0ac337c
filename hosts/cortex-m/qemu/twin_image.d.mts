/** Types for hosts/cortex-m/qemu/twin_image.mjs (Cortex-M4 images with a kernel's DSP and portable paths). */

/** Builds build/cortex-m/<name>/<name>.elf; resolves to its path. */
export function buildTwinImage(options: { name: string; main: string; sources: string[]; renamed: string[]; shared?: string[] }): Promise<string>;
