/**
 * `npm start -- --update`: the over-the-air update demo. Node makes a demo key pair and a signed
 * update of the sine model (version 1, with its self-test pair) using the pack code, then runs
 * hosts/sim/demo_update.ts inside tinyml-sim, which applies it chunk by chunk while inferring.
 * Files go to build/demo-update/ (the flash image starts blank on every run).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureSim } from "../../hosts/sim/build.mjs";
import { publicKeyOf } from "../lifecycle/crypto";
import { packUpdate } from "../lifecycle/update";
import { selfTestPair } from "../lifecycle/validate";
import { bundleForSim } from "../../hosts/sim/bundle.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function demoUpdate(): Promise<void> {
  const dir = join(repo, "build", "demo-update");
  mkdirSync(dir, { recursive: true });
  const secret = new Uint8Array(randomBytes(32));
  const model = new Uint8Array(readFileSync(join(repo, "models", "sine", "sine.tflite")));
  const pair = selfTestPair(model);
  const update = packUpdate({ model, modelId: "sine", modelVersion: 1, selfTestInput: pair.input, selfTestOutput: pair.output, secretKey: secret });
  const updatePath = join(dir, "sine-v1.tmlu"), pubPath = join(dir, "demo.pub"), imagePath = join(dir, "flash.bin");
  writeFileSync(updatePath, update);
  writeFileSync(pubPath, publicKeyOf(secret));
  rmSync(imagePath, { force: true });
  process.stdout.write(`node: packed ${updatePath} (${update.length} bytes, signed with a fresh demo key)\n`);
  const binary = await ensureSim({ quiet: true });
  const bundle = await bundleForSim("hosts/sim/demo_update.ts");
  execFileSync(binary, [bundle, repo, updatePath, pubPath, imagePath], { stdio: "inherit" });
}

await demoUpdate();
