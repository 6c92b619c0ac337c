// Bundles the runtime (src/, no Node API) as ES modules: dist/tinyml-xs.js (the package's main
// entry: model, interpreter, ops, kernels), dist/plan.js (tinyml-xs/plan: compiled plans) and
// dist/lifecycle.js (tinyml-xs/lifecycle: store, signed updates, telemetry), sharing chunks. XS
// hosts load them as they are; a user's bundler tree-shakes them further ("sideEffects": false). Their declarations are bundled the same way
// (rollup-plugin-dts) into dist/types, so that a project resolving with NodeNext reads them too.
import { nodeResolve } from "@rollup/plugin-node-resolve";
import typescript from "@rollup/plugin-typescript";
import { dts } from "rollup-plugin-dts";

const input = { "tinyml-xs": "src/index.ts", plan: "src/plan/index.ts", lifecycle: "src/lifecycle/index.ts" };

export default [{
  input,
  output: { dir: "dist", format: "es", sourcemap: false, chunkFileNames: "chunks/[name]-[hash].js" },
  // No rootDir / outDir: the plugin resolves include and exclude against rootDir (so "src/**" under
  // rootDir "src" matched nothing and rollup was handed raw TypeScript); the files stay in memory anyway.
  plugins: [nodeResolve(), typescript({ tsconfig: "./tsconfig.json", noEmit: false, declaration: false, include: ["src/**/*.ts"], exclude: ["src/cli/**"] })],
  onwarn(warning, warn) {
    if (warning.code === "CIRCULAR_DEPENDENCY") throw new Error(warning.message);
    warn(warning);
  },
}, {
  input,
  output: { dir: "dist/types", format: "es", chunkFileNames: "chunks/[name]-[hash].d.ts" },
  plugins: [dts({ tsconfig: "./tsconfig.json" })],
}];
