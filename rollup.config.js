// Bundles the runtime (src/, no Node API) into one ES module that XS hosts load.
import { nodeResolve } from "@rollup/plugin-node-resolve";
import typescript from "@rollup/plugin-typescript";

export default {
  input: "src/index.ts",
  output: { file: "dist/tinyml-xs.js", format: "es", sourcemap: false },
  plugins: [nodeResolve(), typescript({ tsconfig: "./tsconfig.json", rootDir: "src", noEmit: false, declaration: false, outDir: "dist", include: ["src/**/*.ts"], exclude: ["src/cli/**"] })],
  onwarn(warning, warn) {
    if (warning.code === "CIRCULAR_DEPENDENCY") throw new Error(warning.message);
    warn(warning);
  },
};
