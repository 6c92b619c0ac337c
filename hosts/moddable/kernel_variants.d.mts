/** Kernel variants of firmware that knows its models (see kernel_variants.mjs, native/kernels/tinyml_variants.h). */
export const VARIANTS: string[];
/** The variants the int8 conv, depthwise and fully connected layers of these models use (sorted as VARIANTS). */
export function variantsOf(modelPaths: string[]): Promise<string[]>;
/** { name: 0 } for every variant not in `used`: a Moddable manifest's "defines".tinyml.variants. */
export function variantSelection(used: string[]): Record<string, number>;
/** The same as -DTINYML_VARIANT_<NAME>=0 flags. */
export function variantFlags(used: string[]): string[];
