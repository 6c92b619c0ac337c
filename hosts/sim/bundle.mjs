// Bundles a TypeScript entry (and everything it imports) into one ES module that tinyml-sim runs.
// TypeScript is transpiled file by file (type checking is `npm run typecheck`'s job); rollup joins
// the modules. Bundles are rebuilt only when a source is newer than the bundle.
//
// Bare specifiers that firmware imports on devices resolve here to the simulator's stand-ins:
//   "tinyml-xs"          -> src/index.ts,  "tinyml-xs/NAME" -> src/NAME.ts
//   any other specifier  -> hosts/sim/modules/<specifier with ":" turned into "_">.ts when that
//                           file exists (e.g. "timer" -> modules/timer.ts,
//                           "embedded:io/i2c" -> modules/embedded_io/i2c.ts)
// so adding a simulated Moddable module is adding one file; npm packages resolve as usual.
import { mkdirSync, readdirSync, renameSync, statSync, existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import ts from "typescript";
import { resolveRelative } from "../resolve_relative.mjs";
import { tmpBeside } from "../tmp_name.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SOURCE_DIRS = ["src", "hosts", "test", "models", "firmware", "bench"];

function transpile() {
  return {
    name: "tinyml-transpile",
    resolveId(source, importer) {
      if (importer !== undefined && !source.startsWith(".") && !source.startsWith("/")) {
        if (source === "tinyml-xs") return join(repo, "src", "index.ts");
        if (source.startsWith("tinyml-xs/")) {
          const file = join(repo, "src", `${source.slice("tinyml-xs/".length)}.ts`);
          return existsSync(file) ? file : null;
        }
        const shim = join(repo, "hosts", "sim", "modules", `${source.replace(/:/g, "_")}.ts`);
        return existsSync(shim) ? shim : null;
      }
      return resolveRelative(source, importer);
    },
    transform(code, id) {
      if (!id.endsWith(".ts")) return null;
      const out = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true, sourceMap: false },
      });
      return { code: out.outputText, map: null };
    },
  };
}

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|js|mjs)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) walk(join(repo, d));
  return newest;
}

/** Bundles `entry` (a path relative to the repo or absolute) into build/sim-bundles/NAME.js when stale; returns its path. */
export async function bundleForSim(entry, name = basename(entry).replace(/\.ts$/, "")) {
  const input = resolve(repo, entry);
  const outDir = join(repo, "build", "sim-bundles");
  const out = join(outDir, `${name}.js`);
  if (existsSync(out) && statSync(out).mtimeMs >= newestSource()) return out;
  mkdirSync(outDir, { recursive: true });
  const bundle = await rollup({
    input,
    plugins: [transpile(), nodeResolve({ browser: false, preferBuiltins: false, exportConditions: ["import", "default"] })],
    onwarn(warning, warn) {
      if (warning.code === "CIRCULAR_DEPENDENCY") throw new Error(warning.message);
      warn(warning);
    },
  });
  const tmp = tmpBeside(out);
  await bundle.write({ file: tmp, format: "es" });
  await bundle.close();
  renameSync(tmp, out);
  return out;
}
