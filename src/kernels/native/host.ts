/**
 * Where native kernels come from on Node and in tinyml-sim: the simulator's global `native(name)`
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
