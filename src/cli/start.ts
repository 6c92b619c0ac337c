/**
 * `npm start`: builds the simulator when missing or stale and runs a demo inside it.
 *
 *   npm start                       the motion firmware (firmware/motion) against a simulated LIS3DH
 *   npm start -- --kws              the keyword spotting firmware (firmware/kws) on TFLM's speech clips
 *   npm start -- --sine             the sine model drawn against sin(x), inside XS (--node: on Node)
 *   npm start -- --update           the motion firmware booting through a ModelStore and receiving signed updates
 *
 * Arguments of the form key=value go to the firmware runner (see hosts/sim/firmware_motion.ts and
 * hosts/sim/firmware_kws_setup.ts), e.g. `npm start -- chip=mpu6050 script=still:4,running:6`.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { settingsProblem } from "./demo_settings";
import { runDemoInSim } from "./sim_demo";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DEMOS = ["--motion", "--kws", "--sine", "--node", "--update"];
const USAGE = `usage: npm start [-- --motion | --kws | --sine | --node | --update] [key=value ...]`;

class UsageError extends Error {}

function has(flag: string): boolean {
  return process.argv.includes(flag);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !DEMOS.includes(a) && !/^[A-Za-z]\w*=/.test(a));
  if (unknown.length > 0) throw new UsageError(`unknown argument ${unknown[0]}\n${USAGE}`);
  const chosen = DEMOS.filter(has);
  if (chosen.length > 1) throw new UsageError(`pick one demo (${chosen.join(", ")})\n${USAGE}`);
  const settings = args.filter((a) => a.includes("="));
  const setting = (key: string) => settings.some((s) => s.startsWith(`${key}=`));
  const problem = settingsProblem(has("--kws") ? "kws" : has("--sine") || has("--node") ? "none" : "motion", settings);
  if (problem !== null) throw new UsageError(problem);
  if (has("--update")) {
    const { demoUpdate } = await import("./demo_update");
    await demoUpdate(settings);
    return;
  }
  if (has("--node")) {
    await import("./demo");
    return;
  }
  if (has("--sine")) {
    await runDemoInSim("hosts/sim/demo_sine.ts", [repo]);
    return;
  }
  if (has("--kws")) {
    const testdata = process.env.TINYML_TESTDATA ?? join(repo, "..", "shared", "testdata");
    const clips = ["yes_1000ms.wav", "no_1000ms.wav", "silence_1000ms.wav", "noise_1000ms.wav"].map((f) => join(testdata, "audio", f));
    const wavs = settings.some((s) => s.startsWith("wav=")) ? settings.filter((s) => s.startsWith("wav=")).map((s) => s.slice(4)) : clips;
    process.stdout.write(`keyword spotting firmware (firmware/kws) inside tinyml-sim: the simulated microphone plays ${wavs.map((w) => w.split("/").pop()).join(", ")}\n`);
    await runDemoInSim("hosts/sim/firmware_kws.ts", [
      ...(setting("resources") ? [] : [`resources=${join(testdata, "models")}`]),
      ...(setting("speed") ? [] : ["speed=max"]),
      ...settings.filter((s) => !s.startsWith("wav=")),
      ...wavs,
    ]);
    return;
  }
  process.stdout.write("motion firmware (firmware/motion) inside tinyml-sim: a simulated LIS3DH on the simulated I2C bus measures scripted motion; the project's own model (models/motion) classifies every 2 s window\n");
  await runDemoInSim("hosts/sim/firmware_motion.ts", [
    ...(setting("resources") ? [] : [`resources=${join(repo, "models", "motion")}`]),
    ...(setting("script") ? [] : ["script=still:5,walking:6,running:6,shaking:5"]),
    ...settings,
  ]);
}

main().catch((e) => {
  const status = (e as { status?: unknown }).status;
  if (typeof status === "number") {
    // The simulator printed its own message (stdio inherited).
    process.exitCode = status;
    return;
  }
  process.stderr.write(`npm start: ${(e as Error).message}\n`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
});
