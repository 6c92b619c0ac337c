/**
 * `npm start -- --update`: the over-the-air update demo. Node makes a demo key pair and signed
 * updates of the motion model (version 1, with its self-test pair) with the pack code; then the
 * motion firmware runs inside tinyml-sim, booting through a ModelStore on a simulated NOR flash
 * (empty: the model built into the app serves), and receives while it classifies: a tampered copy
 * (refused, the built-in model keeps serving), the real update (verified, activated, self-tested:
 * the firmware switches to the model in flash) and the same update replayed (refused: not newer).
 * Then a reset: the store reopens from the saved flash image. Files go to build/demo-update/ (the
 * flash image starts blank on every run).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { publicKeyOf } from "../lifecycle/crypto";
import { packUpdate } from "../lifecycle/update";
import { selfTestPair } from "../lifecycle/validate";
import { runDemoInSim } from "./sim_demo";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Runs the demo; `settings` (key=value) go to the firmware runner after the demo's own. */
export async function demoUpdate(settings: string[] = []): Promise<void> {
  const dir = join(repo, "build", "demo-update");
  mkdirSync(dir, { recursive: true });
  const secret = new Uint8Array(randomBytes(32));
  const model = new Uint8Array(readFileSync(join(repo, "models", "motion", "motion.tflite")));
  const pair = selfTestPair(model);
  const update = packUpdate({ model, modelId: "motion", modelVersion: 1, selfTestInput: pair.input, selfTestOutput: pair.output, secretKey: secret });
  const tampered = update.slice();
  tampered[200]! ^= 0x20; // a bit of the model's bytes
  const files = { tampered: join(dir, "motion-v1-tampered.tmlu"), update: join(dir, "motion-v1.tmlu"), pub: join(dir, "demo.pub"), image: join(dir, "flash.bin") };
  writeFileSync(files.tampered, tampered);
  writeFileSync(files.update, update);
  writeFileSync(files.pub, publicKeyOf(secret));
  rmSync(files.image, { force: true });
  process.stdout.write(`node: packed ${files.update} (${update.length} bytes, signed with a fresh demo key) and a tampered copy\n`);
  await runDemoInSim("hosts/sim/firmware_motion.ts", [
    `resources=${join(repo, "models", "motion")}`, "script=still:4,walking:6,shaking:6", `store=${files.image}`, `trusted=${files.pub}`, `update=${files.tampered},${files.update},${files.update}`, "updateAt=3", ...settings,
  ]);
}
