/** Runs a demo entry inside tinyml-sim with its output on the terminal (building the simulator and the bundle when stale). */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForSim } from "../../hosts/sim/bundle.mjs";
import { ensureSim } from "../../hosts/sim/build.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Throws (with the exit `status`) when the demo exits non-zero; it printed its own message. */
export async function runDemoInSim(entry: string, args: string[]): Promise<void> {
  if (!existsSync(resolve(repo, "build", "sim", "tinyml-sim"))) process.stderr.write("building the simulator from the XS engine sources (first run only: about 10 s)...\n");
  const binary = await ensureSim({ quiet: true });
  const bundle = await bundleForSim(entry);
  execFileSync(binary, [bundle, ...args], { stdio: "inherit" });
}
