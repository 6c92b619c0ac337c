// npm run build:moddable: the JavaScript the Moddable manifests use, compiled once.
//
// mcconfig compiles an app's TypeScript one module at a time (a `tsc` run each: ~14 minutes for
// the motion firmware on 2 cores), so the manifests list JavaScript instead:
//   1. one `tsc -p tsconfig.moddable.json` run (type checked against the Moddable typings) writes
//      build/moddable/<path>.js for src/ (the library), hosts/moddable, hosts/esp32, hosts/cortex-m
//      and firmware/, keeping the source tree's layout (XS resolves relative imports against
//      module names, which the manifests give that same layout);
//   2. rollup joins each lin-only stand-in with what it imports into one module,
//      build/moddable/lin/<name>.js ("embedded:io/i2c" with a simulated accelerometer, "embedded:io/analog");
//   3. the op sets of op_sets.mjs: build/moddable/opsets/<name>/, for apps that run known models.
import { rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { writeOpSets } from "./op_sets.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(repo, "build", "moddable");
/** lin-only modules: bundle name -> compiled entry. */
const LIN = {
  i2c: "hosts/moddable/lin/i2c.js",
  analog: "hosts/sim/modules/embedded_io/analog.js",
};
/** Modules the SDK provides: left as imports. */
const SDK_MODULES = ["time", "timer", "mc/config", "Resource"];

const started = Date.now();
rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const r = spawnSync(process.execPath, [tsc, "-p", join(repo, "tsconfig.moddable.json")], { stdio: "inherit" });
if (r.status !== 0) {
  console.error("build:moddable: tsc failed");
  process.exit(1);
}
for (const [name, entry] of Object.entries(LIN)) {
  const bundle = await rollup({
    input: join(out, entry),
    external: SDK_MODULES,
    plugins: [nodeResolve({ extensions: [".js"] })],
    onwarn(warning, warn) {
      if (warning.code === "CIRCULAR_DEPENDENCY") throw new Error(warning.message);
      warn(warning);
    },
  });
  await bundle.write({ file: join(out, "lin", `${name}.js`), format: "es" });
  await bundle.close();
}
const sets = await writeOpSets(repo, out);
for (const [name, s] of Object.entries(sets)) console.log(`build:moddable: op set ${name}: ${s.ops.join(", ")}; portable kernels ${s.kernels.join(", ")}; ${s.excluded} core modules left out`);
console.log(`build:moddable: build/moddable in ${((Date.now() - started) / 1000).toFixed(1)} s`);
