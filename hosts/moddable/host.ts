/**
 * Moddable builds: the module "tinyml-xs/kernels/native/host" (manifest.json puts this file in
 * place of src/kernels/native/host.ts). It gives the runtime the C host functions of native/ by
 * name, as the simulator's global `native(name)` does, through one C function
 * (hosts/moddable/tinyml_native.c) that looks the name up in native/tinyml_natives.h.
 *
 * xsc compiles `native("literal")` into a host function at build time and rejects any other use
 * of `native(...)`, hence this one literal call, and a C table for the names.
 */
const lookup = native("xs_tinyml_native") as (name: string) => unknown;

/** The native function registered under `name` (a new function object each call), or undefined. */
export function hostNative(name: string): unknown {
  return lookup(name);
}

/**
 * The arena limit an Interpreter applies when its options set none: 512 KiB, about the RAM of the
 * boards this targets (ESP32: 520 KB, nRF52840: 256 KB, RP2040: 264 KB). XS aborts the machine
 * when an allocation fails, so a model that cannot fit is refused (ModelError TOO_LARGE) before it
 * is tried. Boards with external RAM pass `maxArenaBytes` to the Interpreter.
 */
export function hostMaxArenaBytes(): number {
  return 512 << 10;
}
