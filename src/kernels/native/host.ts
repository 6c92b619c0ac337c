/**
 * What differs between hosts, for Node and tinyml-sim. Where native kernels come from: the simulator's global `native(name)`
 * (Node has none, so every kernel stays TypeScript there). Moddable builds replace this module
 * with hosts/moddable/host.ts (see manifest.json), whose `native("...")` the XS compiler binds.
 */
export function hostNative(name: string): unknown {
  const lookup = (globalThis as { native?: unknown }).native;
  if (typeof lookup !== "function") return undefined;
  try {
    return (lookup as (name: string) => unknown)(name);
  } catch {
    return undefined;
  }
}

/**
 * The arena limit an Interpreter applies when its options set none: 64 MiB on Node and in the
 * simulator (far above any microcontroller model; a malformed model asking for gigabytes is a
 * ModelError TOO_LARGE instead of an allocation that takes the process down). Moddable builds
 * use the device's figure (hosts/moddable/host.ts).
 */
export function hostMaxArenaBytes(): number {
  return 64 << 20;
}
