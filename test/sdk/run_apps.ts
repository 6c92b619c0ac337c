/**
 * The apps under the Moddable SDK's own tools (hosts/README.md): builds the sine app (hosts/esp32),
 * the motion firmware (also with sensor=mpu6050, an absent chip), the KWS firmware and the
 * compiled-plan check app (test/sdk/plan_app) with `mcconfig -m -p lin -t build`, runs each
 * headless under the SDK's simulator (`xvfb-run -a mcsim mc.so`) and checks what it printed:
 * - sine: the 8 samples are the lines the same runtime prints on Node for the same inputs;
 * - motion: still, walking, running, shaking, in that order; with sensor=mpu6050 it says none was found;
 * - KWS: the same detections (word, score, audio time) as the firmware in tinyml-sim (`npm start -- --kws`),
 *   from the same audio (src/cli/alsa_playlist.ts feeds the SDK's ALSA input);
 * - plan app: every plan complete and the C plan runner's outputs equal to the Interpreter's.
 * Before running an app it checks that its mc.so loads: mcsim copies it to ~/.config/tech.moddable.mcsim,
 * dlopens it, and when that fails (an undefined symbol, or no ~/.config to copy it into) exits at once
 * with status 0, printing nothing.
 *
 *   MODDABLE=/path/to/moddable PATH=$MODDABLE/build/bin/lin/release:$PATH npm run sdk:run [-- --only sine,kws]
 *
 * Not part of `npm test`: it needs the SDK, GTK and Xvfb, and builds for minutes. Skips with a
 * notice when they are missing; exits 1 when an app fails a check.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Interpreter } from "../../src/interpreter/interpreter";
import { Model } from "../../src/model/model";
import { classify, setInput } from "../../src/device/sensor_app";
import { testdataDir } from "../helpers/testdata";
import { SDK_APPS, buildSdkApp, microSpeechModels, moddableSdk, runNice, sdkVersion, type SdkApp } from "../helpers/moddable_sdk";
import { tempDir } from "../helpers/temp_dir";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values } = parseArgs({ options: { only: { type: "string" } } });
const only = values.only?.split(",");

const sdk = moddableSdk();
const mcsim = "missing" in sdk ? "" : join(sdk.moddable, "build", "bin", "lin", "release", "mcsim");
const missing = "missing" in sdk ? sdk.missing : !existsSync(mcsim) ? `${mcsim} is not built` : spawnSync("xvfb-run", ["--help"]).error !== undefined ? "xvfb-run is missing (apt-get install xvfb)" : null;
if (missing !== null) {
  console.log(`NOTICE: ${missing} (see hosts/README.md); the apps are not run under the SDK's simulator.`);
  process.exit(0);
}
const moddable = (sdk as { moddable: string }).moddable;

/** The symbols `library` needs that neither its libraries nor mcsim define: mcsim's dlopen of it fails on them. */
function unresolvedSymbols(library: string): string[] {
  const ldd = spawnSync("ldd", ["-r", library], { encoding: "utf8" });
  const exported = new Set(spawnSync("nm", ["-D", "--defined-only", mcsim], { encoding: "utf8" }).stdout.split("\n").map((l) => l.split(" ").pop()!.split("@")[0]));
  return [...`${ldd.stdout}${ldd.stderr}`.matchAll(/undefined symbol: (\S+)/g)].map((m) => m[1]!).filter((s) => !exported.has(s));
}

/** What mcsim prints running `library` headless for `seconds` (then stopped), with HOME=`home` (mcsim keeps its copy of the app and its settings there). */
function runUnderMcsim(library: string, seconds: number, home: string): string {
  const r = spawnSync("timeout", ["-s", "INT", String(seconds), "xvfb-run", "-a", "stdbuf", "-oL", mcsim, library], { encoding: "utf8", env: { ...process.env, HOME: home }, maxBuffer: 16 << 20 });
  return r.stdout;
}

/** The sample lines the sine app prints, up to its latency, from the same runtime on Node: x steps by 2π/16 (the lin analog stand-in's sawtooth). */
function sineSamplesOnNode(count: number): string[] {
  const it = new Interpreter(Model.from(readFileSync(join(repo, "models/sine/sine.tflite"))));
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = ((i % 16) / 16) * 2 * Math.PI;
    setInput(it.input(0), 0, x);
    it.invoke();
    const c = classify(it.output(0));
    lines.push(`sample ${i + 1}: x=${x.toFixed(3)} class=${c.label} confidence=${c.confidence.toFixed(3)} value=${c.value.toFixed(3)}`);
  }
  return lines;
}

const heard = (text: string): string[] => [...text.matchAll(/^heard "([^"]+)" score (\d+) at (\d+) ms/gm)].map((m) => `${m[1]} ${m[2]} @${m[3]}ms`);
const KWS_CLIPS = ["yes_1000ms.wav", "no_1000ms.wav", "silence_1000ms.wav", "noise_1000ms.wav"];

/** A run: the app, how long it runs, mcconfig settings, and what must hold of its output (the problems found). */
interface Run {
  name: string;
  app: SdkApp;
  seconds: number;
  config?: string[];
  home?: (dir: string) => string;
  check(output: string): string[];
}

const RUNS: Run[] = [
  {
    name: "sine",
    app: SDK_APPS[0]!,
    seconds: 8,
    check: (out) => {
      const problems: string[] = [];
      if (!/^model: 2576 bytes, 3 ops,/m.test(out)) problems.push("no model line");
      const printed = [...out.matchAll(/^(sample \d+: .*) latency=\d+ms$/gm)].map((m) => m[1]!);
      const expected = sineSamplesOnNode(8);
      if (printed.length !== expected.length) problems.push(`${printed.length} samples, not ${expected.length}`);
      printed.forEach((line, i) => line !== expected[i] && problems.push(`printed "${line}", Node "${expected[i]}"`));
      return problems;
    },
  },
  {
    name: "motion",
    app: SDK_APPS[1]!,
    seconds: 40,
    check: (out) => {
      const activities = [...out.matchAll(/^activity: (\w+)/gm)].map((m) => m[1]);
      return activities.join(",") === "still,walking,running,shaking" ? [] : [`activities ${activities.join(", ") || "none"}, not still, walking, running, shaking`];
    },
  },
  {
    name: "motion, sensor=mpu6050",
    app: SDK_APPS[1]!,
    seconds: 8,
    config: ["sensor=mpu6050"],
    check: (out) => (/^no accelerometer found \(mpu6050\) on SDA 21, SCL 22$/m.test(out) && !/^window /m.test(out) ? [] : ["did not say the mpu6050 is absent and stop"]),
  },
  {
    name: "kws",
    app: SDK_APPS[2]!,
    seconds: 14,
    home: (dir) => {
      const audio = join(dir, "kws-audio");
      runNice(process.execPath, ["--import=tsx", join(repo, "src/cli/alsa_playlist.ts"), audio, ...KWS_CLIPS.map((c) => join(testdataDir, "audio", c))], repo);
      return audio;
    },
    check: (out) => {
      const sim = heard(runNice(process.execPath, ["--import=tsx", join(repo, "src/cli/start.ts"), "--kws"], repo));
      const got = heard(out);
      console.log(`  tinyml-sim heard: ${sim.join(", ")}`);
      return got.join(", ") === sim.join(", ") && sim.length > 0 ? [] : [`heard ${got.join(", ") || "nothing"}; tinyml-sim heard ${sim.join(", ") || "nothing"}`];
    },
  },
  {
    name: "plan app",
    app: { app: "plan", dir: "test/sdk/plan_app", includes: "the core and the compiled-plan part" },
    seconds: 10,
    check: (out) => {
      const lines = [...out.matchAll(/^(\S+): plan (\w+), (\d+) ops in C, .*equal to the Interpreter's: (\d+)\/(\d+)$/gm)];
      const problems = lines.filter((m) => m[2] !== "complete" || m[4] !== m[5] || m[3] === "0").map((m) => m[0]);
      return lines.length === 3 ? problems : [`${lines.length} models reported, not 3`, ...problems];
    },
  },
];

const models = microSpeechModels(testdataDir);
const root = tempDir("tinyml-sdk-run-");
const failed: string[] = [];
try {
  console.log(`Moddable SDK ${sdkVersion(moddable)}; building into ${root}`);
  runNice(process.execPath, [join(repo, "hosts/moddable/build.mjs")], repo);
  RUNS.forEach((run, index) => {
    if (only !== undefined && !only.some((o) => run.name.startsWith(o))) return;
    if (run.app.needsTestdata && models === null) {
      console.log(`NOTICE: ${run.name} needs TFLM's micro_speech models (../shared/testdata/models); not run.`);
      return;
    }
    const dir = join(root, String(index));
    mkdirSync(join(dir, "build"), { recursive: true });
    // mcsim makes ~/.config/tech.moddable.mcsim with a mkdir that fails where ~/.config is missing, then cannot copy the app there
    mkdirSync(join(dir, "home", ".config"), { recursive: true });
    const t0 = Date.now();
    const { library } = buildSdkApp(repo, run.app, join(dir, "build"), models, run.config);
    console.log(`${run.name}: built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const unresolved = unresolvedSymbols(library);
    if (unresolved.length > 0) {
      failed.push(run.name);
      console.log(`FAIL ${run.name}: mc.so does not load (mcsim would exit at once, printing nothing): undefined symbols ${unresolved.join(", ")}`);
      return;
    }
    const out = runUnderMcsim(library, run.seconds, run.home?.(dir) ?? join(dir, "home"));
    const lines = out.split("\n").filter((l) => l !== "");
    const excerpt = lines.length > 12 ? [...lines.slice(0, 6), "  ...", ...lines.slice(6, -4).filter((l) => l.startsWith("activity:")), "  ...", ...lines.slice(-4)] : lines;
    console.log(excerpt.map((l) => `  | ${l}`).join("\n"));
    const problems = lines.length === 0 ? ["printed nothing"] : run.check(out);
    if (problems.length > 0) failed.push(run.name);
    console.log(problems.length === 0 ? `ok ${run.name}` : `FAIL ${run.name}: ${problems.join("; ")}`);
  });
} finally {
  rmSync(root, { recursive: true, force: true });
}
if (failed.length > 0) {
  console.log(`sdk:run: ${failed.length} failed: ${failed.join(", ")}`);
  process.exitCode = 1;
}
