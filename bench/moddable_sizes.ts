/**
 * tinyml-xs bytecode per Moddable app, measured with the SDK's own tools: builds the sine app
 * (hosts/esp32, the `sine` op set), the motion firmware (firmware/motion, the `motion` op set) and,
 * with ../shared/testdata, the KWS firmware (firmware/kws: the core with every op, its models are
 * TFLM's) with `mcconfig -m -p lin -t build` (a release build, the desktop Linux target), then sums
 * the `.xsb` files of the `tinyml-xs` modules in each app's build directory, per app and per module.
 * Writes bench/results/moddable-sizes.json (BENCHMARKS.md comes from it).
 *
 *   MODDABLE=/path/to/moddable PATH=$MODDABLE/build/bin/lin/release:$PATH npm run bench:moddable-sizes
 *   ... -- --repo OTHER_CHECKOUT --out FILE   (measure another checkout, e.g. a baseline)
 *
 * Skips with a notice when $MODDABLE or mcconfig is missing. Builds into a directory of its own
 * (`mcconfig -o`), removed afterwards: the SDK's build directory is shared by every checkout, keyed
 * by the app's name, and another checkout may be building the same app there.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SDK_APPS, buildSdkApp, microSpeechModels, moddableSdk, runNice, sdkVersion } from "../test/helpers/moddable_sdk";
import { tempDir } from "../test/helpers/temp_dir";

export interface ModuleSize {
  module: string;
  bytes: number;
}
export interface AppSize {
  app: string;
  dir: string;
  includes: string;
  totalBytes: number;
  modules: ModuleSize[];
}
export interface ModdableSizes {
  command: string;
  date: string;
  sdk: string;
  build: string;
  commit: string;
  apps: AppSize[];
  skipped: string[];
}

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { repo: { type: "string" }, out: { type: "string" } } });
const repo = resolve(values.repo ?? here);
const outFile = resolve(values.out ?? join(here, "bench", "results", "moddable-sizes.json"));

const sdk = moddableSdk();
if ("missing" in sdk) {
  console.log(`NOTICE: ${sdk.missing} (see hosts/README.md: build the Moddable SDK, put $MODDABLE/build/bin/<platform>/release on PATH); the Moddable sizes are not measured.`);
  process.exit(0);
}

/** Every .xsb file under `dir`, with its path relative to it. */
function xsbFiles(dir: string): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".xsb")) out.push({ path: relative(dir, p), bytes: statSync(p).size });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const testdata = process.env.TINYML_TESTDATA ?? join(here, "..", "shared", "testdata");
const started = Date.now();
runNice(process.execPath, [join(repo, "hosts/moddable/build.mjs")], repo);
const apps: AppSize[] = [];
const skipped: string[] = [];
const buildRoot = tempDir("tinyml-moddable-sizes-");
try {
  const models = microSpeechModels(testdata);
  for (const a of SDK_APPS) {
    if (a.needsTestdata && models === null) {
      console.log(`NOTICE: ${a.dir} needs TFLM's micro_speech models (../shared/testdata/models); not measured.`);
      skipped.push(a.dir);
      continue;
    }
    const { buildDir } = buildSdkApp(repo, a, buildRoot, models);
    const modules = xsbFiles(join(buildDir, "modules"))
      .filter((f) => f.path === "tinyml-xs.xsb" || f.path.startsWith("tinyml-xs/"))
      .map((f) => ({ module: f.path.replace(/\.xsb$/, ""), bytes: f.bytes }))
      .sort((x, y) => y.bytes - x.bytes || x.module.localeCompare(y.module));
    if (modules.length === 0) throw new Error(`${a.dir}: no tinyml-xs module in ${buildDir}/modules`);
    const totalBytes = modules.reduce((s, m) => s + m.bytes, 0);
    apps.push({ app: a.app, dir: a.dir, includes: a.includes, totalBytes, modules });
    console.log(`${a.dir} (${a.includes}): ${totalBytes} B of tinyml-xs bytecode in ${modules.length} modules; largest: ${modules.slice(0, 5).map((m) => `${m.module} ${m.bytes}`).join(", ")}`);
  }
} finally {
  rmSync(buildRoot, { recursive: true, force: true });
}
const commit = spawnSync("git", ["-C", repo, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
// what the apps are built from: uncommitted changes there make the commit a wrong name for it
const dirty = spawnSync("git", ["-C", repo, "status", "--porcelain", "--", "src", "hosts", "firmware", "native", "manifest.json"], { encoding: "utf8" }).stdout.trim() !== "";
const result: ModdableSizes = {
  command: "npm run bench:moddable-sizes",
  date: new Date().toISOString(),
  sdk: sdkVersion(sdk.moddable),
  build: "mcconfig -m -p lin -t build (release)",
  commit: dirty ? `${commit} (with uncommitted changes)` : commit,
  apps,
  skipped,
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${relative(process.cwd(), outFile) || outFile} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
