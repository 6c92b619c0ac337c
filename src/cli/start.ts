/**
 * `npm start`: builds the simulator when missing or stale and runs the default demo inside it.
 * `npm start -- --node` runs the same model on Node instead. `npm start -- --update` runs the
 * over-the-air update demo (src/cli/demo_update.ts).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForSim } from "../../hosts/sim/bundle.mjs";
import { ensureSim } from "../../hosts/sim/build.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

async function main(): Promise<void> {
  if (process.argv.includes("--update")) {
    await import("./demo_update");
    return;
  }
  if (process.argv.includes("--node")) {
    await import("./demo");
    return;
  }
  if (!existsSync(resolve(repo, "build", "sim", "tinyml-sim"))) process.stderr.write("building the simulator from the XS engine sources (first run only: about 10 s)...\n");
  const binary = await ensureSim({ quiet: true });
  const bundle = await bundleForSim("hosts/sim/demo_sine.ts");
  execFileSync(binary, [bundle, repo], { stdio: "inherit" });
}

main().catch((e) => {
  process.stderr.write(`npm start: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
