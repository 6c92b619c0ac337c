/**
 * Native kernels: the C implementations a host binds as `native("xs_tinyml_...")` (the simulator
 * from its table, devices through Moddable's toolchain). Where the host has none, this is empty
 * and every kernel stays TypeScript.
 */
import type { Kernels } from "../kernels";

declare const native: ((name: string) => unknown) | undefined;

/** The kernels this host provides natively (an empty object where there is no `native`). */
export function nativeKernels(): Partial<Kernels> {
  if (typeof native !== "function") return {};
  return {};
}
