/**
 * The Moddable SDK's own tools, for the scripts that use them (bench/moddable_sizes.ts,
 * test/sdk_apps.ts; neither is part of `npm test`): whether the SDK is there, the three apps, and
 * building one with `mcconfig -m -p lin -t build -o DIR` (a build directory of the caller's: the
 * SDK's own is shared by every checkout, keyed by the app's name, and another checkout may be
 * building the same app there).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** An app: its folder (its build directory is named after the folder's last part) and what it carries. */
export interface SdkApp {
  app: string;
  dir: string;
  includes: string;
  /** Needs TFLM's micro_speech models from ../shared/testdata/models. */
  needsTestdata?: boolean;
}
export const SDK_APPS: readonly SdkApp[] = [
  { app: "sine", dir: "hosts/esp32", includes: "the core with the sine op set" },
  { app: "motion", dir: "firmware/motion", includes: "the core, drivers and motion, with the motion op set" },
  { app: "kws", dir: "firmware/kws", includes: "the core with every op, and audio", needsTestdata: true },
];

/** $MODDABLE, or why the SDK's tools cannot be used (hosts/README.md says how to build them). */
export function moddableSdk(): { moddable: string } | { missing: string } {
  const moddable = process.env.MODDABLE;
  if (moddable === undefined || moddable === "" || !existsSync(moddable)) return { missing: "$MODDABLE is unset or not a directory" };
  if (spawnSync("mcconfig", ["-h"], { encoding: "utf8" }).error !== undefined) return { missing: "mcconfig is not on the PATH ($MODDABLE/build/bin/<platform>/release)" };
  return { moddable };
}

/** Runs `command` under nice; throws with its output when it fails. */
export function runNice(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync("nice", [command, ...args], { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) failed with status ${r.status}`);
  }
  return r.stdout;
}

/** The SDK's version: its git tag where it is a clone, else "unknown". */
export function sdkVersion(moddable: string): string {
  const r = spawnSync("git", ["-C", moddable, "describe", "--tags"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "unknown";
}

/** TFLM's micro_speech models the KWS firmware's manifest reads ($MICRO_SPEECH_MODELS), or null where testdata lacks them. */
export function microSpeechModels(testdata: string): string | null {
  const models = join(testdata, "models");
  return existsSync(join(models, "micro_speech_quantized.tflite")) ? models : null;
}

/**
 * Builds `app` of `repo` (whose build/moddable/ `npm run build:moddable` wrote) for lin into
 * `buildRoot`; `config` adds mcconfig's name=value settings. Returns the app's build directory
 * (its .xsb modules) and its mc.so.
 */
export function buildSdkApp(repo: string, app: SdkApp, buildRoot: string, models: string | null, config: string[] = []): { buildDir: string; library: string } {
  const env = { ...process.env };
  if (app.needsTestdata) {
    if (models === null) throw new Error(`${app.dir} needs TFLM's micro_speech models`);
    env.MICRO_SPEECH_MODELS = models;
  }
  runNice("mcconfig", ["-m", "-p", "lin", "-t", "build", "-o", buildRoot, ...config], join(repo, app.dir), env);
  const name = app.dir.split("/").pop()!;
  return { buildDir: join(buildRoot, "tmp", "lin", "mc", "release", name), library: join(buildRoot, "bin", "lin", "mc", "release", name, "mc.so") };
}
