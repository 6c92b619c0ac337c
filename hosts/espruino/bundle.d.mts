/** Bundles a TypeScript entry into one Espruino script at `out`; its exports become the global `name`. Resolves to the file's path. */
export function bundleForEspruino(entry: string, out: string, name: string | undefined): Promise<string>;
/** Builds dist/espruino/tinyml.js and build/espruino/run_model.js when stale. */
export function ensureEspruinoBundles(): Promise<{ runtime: string; runner: string }>;
