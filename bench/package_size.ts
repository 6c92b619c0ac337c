/**
 * Sizes of the built package (`npm run build`, then this): the runtime entry and the lifecycle
 * entry as shipped in dist/ (with the chunk they share), and what a user's rollup bundle of the
 * README example keeps. Writes bench/results/package.json (BENCHMARKS.md comes from it).
 *
 *   npm run bench:package
 */
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { bundleConsumer, LIFECYCLE_MARKS, README_EXAMPLE } from "./package_bundle";
import { tempDir } from "../test/helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(repo, "dist");

function sizeOf(files: string[]): { bytes: number; gzipBytes: number } {
  const code = files.map((f) => readFileSync(join(dist, f), "utf8")).join("\n");
  return { bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length };
}

const chunks = readdirSync(join(dist, "chunks")).map((f) => `chunks/${f}`);
// A project whose node_modules/tinyml-xs is this repo: resolved through package.json's exports, as after an install.
const project = tempDir("tinyml-size-");
mkdirSync(join(project, "node_modules"));
symlinkSync(repo, join(project, "node_modules", "tinyml-xs"), "dir");
const example = await bundleConsumer(project, README_EXAMPLE);
const lifecycle = await bundleConsumer(project, `import { ModelStore } from "tinyml-xs/lifecycle";\nexport { ModelStore };\n`);
const result = {
  command: "npm run bench:package",
  date: new Date().toISOString(),
  entries: [
    { what: "dist/tinyml-xs.js with its chunk (model, interpreter, every op, kernels)", ...sizeOf(["tinyml-xs.js", ...chunks]) },
    { what: "dist/lifecycle.js (store, updates, telemetry, Ed25519, SHA-256; imports the chunk)", ...sizeOf(["lifecycle.js"]) },
    { what: "a user's rollup bundle of the README example (`Model`, `Interpreter`)", bytes: example.bytes, gzipBytes: example.gzipBytes, lifecycleCode: LIFECYCLE_MARKS.some((m) => m.test(example.code)) },
    { what: "a user's rollup bundle of `ModelStore` from tinyml-xs/lifecycle", bytes: lifecycle.bytes, gzipBytes: lifecycle.gzipBytes },
  ],
};
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "package.json"), `${JSON.stringify(result, null, 2)}\n`);
for (const e of result.entries) console.log(`${e.what}: ${e.bytes} bytes, ${e.gzipBytes} gzipped`);
if (result.entries[2]!.lifecycleCode) process.exitCode = 1;
