/**
 * What a user's bundler makes of the built package (dist/, `npm run build`): rollup over an entry
 * that imports only some names from "tinyml-xs", resolved as a user's project resolves them. The
 * package test checks the lifecycle stays out; bench/package_size.ts reports the sizes.
 */
import { gzipSync } from "node:zlib";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { rollup } from "rollup";

export interface BundleSize {
  bytes: number;
  gzipBytes: number;
  code: string;
}

/** Bundles `source` (an ES module importing "tinyml-xs...") as a project rooted at `projectDir` would. */
export async function bundleConsumer(projectDir: string, source: string): Promise<BundleSize> {
  const entry = "\0consumer-entry";
  const bundle = await rollup({
    input: entry,
    plugins: [
      {
        name: "consumer-entry",
        resolveId: (id) => (id === entry ? entry : null),
        load: (id) => (id === entry ? source : null),
      },
      nodeResolve({ rootDir: projectDir, modulePaths: [`${projectDir}/node_modules`] }),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: "es", inlineDynamicImports: true });
  await bundle.close();
  const code = output.map((o) => ("code" in o ? o.code : "")).join("\n");
  return { bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length, code };
}

/** Marks of the lifecycle in bundled code: the update file's magic, the store's class, Ed25519. */
export const LIFECYCLE_MARKS = [/ModelStore/, /\b0x554c4d54\b|\b1431522644\b/, /ed25519/i];

/** The README's first example, as a user's program. */
export const README_EXAMPLE = `import { Model, Interpreter } from "tinyml-xs";
export function run(bytes, features) {
  const model = Model.from(bytes);
  const it = new Interpreter(model);
  it.input(0).data.set(features);
  it.invoke();
  return it.output(0);
}
`;
