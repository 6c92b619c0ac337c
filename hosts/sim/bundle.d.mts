/** Bundles a TypeScript entry into build/sim-bundles/NAME.js for tinyml-sim (when stale); resolves to its path. */
export function bundleForSim(entry: string, name?: string): Promise<string>;
