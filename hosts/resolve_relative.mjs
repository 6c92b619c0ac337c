// How the bundlers (hosts/sim/bundle.mjs, hosts/espruino/bundle.mjs) find a relative import of the
// TypeScript sources: the path itself, then with .ts, then its index.ts, then with .js.
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The file a relative `source` imported by `importer` names, or null (not relative, or no such file). */
export function resolveRelative(source, importer) {
  if (importer === undefined || !source.startsWith(".")) return null;
  const base = resolve(dirname(importer), source);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts"), `${base}.js`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}
