/**
 * The package as a user gets it: `npm pack` (which builds dist/), installed from the tarball into
 * a new project (its dependencies from the npm cache), then the README's first example typed
 * against the package's declarations, compiled, and run as an ES module with Node; and a user's
 * bundle of it holds no lifecycle code. Needs no network when the npm cache has the dependencies.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import test from "ava";
import { Interpreter, Model } from "../src/index";
import { bundleConsumer, LIFECYCLE_MARKS, README_EXAMPLE } from "../bench/package_bundle";
import { repo } from "./lifecycle/helpers";
import { tempDir } from "./helpers/temp_dir";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

test("npm pack, install into a new project, the README example typed, compiled and run by name; its bundle leaves the lifecycle out", async (t) => {
  const dir = tempDir("tinyml-package-");
  const packed = await run(npm, ["pack", "--pack-destination", dir], { cwd: repo, maxBuffer: 16 << 20 });
  const tarball = join(dir, packed.stdout.trim().split("\n").pop()!);
  const project = join(dir, "consumer");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }));
  await run(npm, ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: project, maxBuffer: 16 << 20 });

  // The README example in TypeScript, checked against dist/types and compiled by the user's tsc.
  writeFileSync(join(project, "example.ts"), `${README_EXAMPLE.replace("export function run(bytes, features)", "export function run(bytes: Uint8Array, features: number[])")}`);
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, types: [], skipLibCheck: false }, files: ["example.ts"] }));
  const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
  const compiled = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project }).catch((e: { stdout: string }) => e);
  t.is("code" in compiled ? compiled.code : 0, 0, compiled.stdout);
  // A type error must be reported: the declarations are really there.
  writeFileSync(join(project, "wrong.ts"), `import { Interpreter } from "tinyml-xs";\nconst n: string = Interpreter.plan;\nexport { n };\n`);
  writeFileSync(join(project, "tsconfig.wrong.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: true }, files: ["wrong.ts"] }));
  const wrong = await run(process.execPath, [tsc, "-p", "tsconfig.wrong.json"], { cwd: project }).catch((e: { stdout: string; code: number }) => e);
  t.regex(wrong.stdout, /wrong\.ts.*TS2322/);

  // Run it on the sine model the package ships, and compare with the repo's own runtime.
  const model = join(project, "node_modules", "tinyml-xs", "models", "sine", "sine.tflite");
  writeFileSync(join(project, "main.mjs"), `import { readFileSync } from "node:fs";\nimport { run } from "./example.js";\nconst out = run(readFileSync(${JSON.stringify(model)}), [42]);\nconsole.log(JSON.stringify({ type: out.type, bytes: Array.from(out.bytes) }));\n`);
  const output = JSON.parse((await run(process.execPath, ["main.mjs"], { cwd: project })).stdout) as { type: string; bytes: number[] };
  const it = new Interpreter(Model.from(new Uint8Array(readFileSync(join(repo, "models", "sine", "sine.tflite")))));
  (it.input(0).data as Int8Array).set([42]);
  it.invoke();
  t.deepEqual(output, { type: it.output(0).type, bytes: Array.from(it.output(0).bytes) });

  // tinyml-xs/plan: a plan compiled and booted through the package's entries, typed, gives the same output.
  writeFileSync(join(project, "plan.ts"), `import { Model } from "tinyml-xs";\nimport { CompiledInterpreter, CompiledPlan, compilePlan } from "tinyml-xs/plan";\nexport function runPlan(bytes: Uint8Array, x: number): number[] {\n  const it = CompiledInterpreter.load(bytes, CompiledPlan.from(compilePlan(Model.from(bytes))));\n  (it.input(0).data as Int8Array).set([x]);\n  it.invoke();\n  return Array.from(it.output(0).bytes);\n}\n`);
  writeFileSync(join(project, "tsconfig.plan.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["plan.ts"] }));
  const planCompiled = await run(process.execPath, [tsc, "-p", "tsconfig.plan.json"], { cwd: project }).catch((e: { stdout: string }) => e);
  t.is("code" in planCompiled ? planCompiled.code : 0, 0, planCompiled.stdout);
  writeFileSync(join(project, "plan_main.mjs"), `import { readFileSync } from "node:fs";\nimport { runPlan } from "./plan.js";\nconsole.log(JSON.stringify(runPlan(readFileSync(${JSON.stringify(model)}), 42)));\n`);
  t.deepEqual(JSON.parse((await run(process.execPath, ["plan_main.mjs"], { cwd: project })).stdout), output.bytes);

  // A user's bundle of the example (rollup, node resolution from the project) has no lifecycle code; the lifecycle entry has.
  const interpreterOnly = await bundleConsumer(project, README_EXAMPLE);
  for (const mark of LIFECYCLE_MARKS) t.notRegex(interpreterOnly.code, mark);
  const withLifecycle = await bundleConsumer(project, `import { ModelStore } from "tinyml-xs/lifecycle";\nexport { ModelStore };\n`);
  for (const mark of LIFECYCLE_MARKS) t.regex(withLifecycle.code, mark);
  t.log(`README example bundled: ${interpreterOnly.bytes} bytes (${interpreterOnly.gzipBytes} gzipped); the lifecycle: ${withLifecycle.bytes} bytes`);
});
