/**
 * Moddable packaging checks that need no board and no Moddable SDK: the library manifests (the
 * core manifest.json and the optional parts' src/<part>/manifest.json) and the apps' manifests are
 * well formed, every file they list exists (build/moddable/ JavaScript by the TypeScript it is
 * compiled from), every runtime module is reachable under a "tinyml-xs/..." specifier and
 * preloaded, each library manifest's imports resolve within it, the device code type-checks
 * against the Moddable typings (tsconfig.device.json), and the C natives the device table exposes
 * exist and can be selected.
 * (That the same hosts/esp32/main.ts runs is test/device_app.test.ts.)
 */
import test from "ava";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { OP_SETS } from "../hosts/moddable/op_sets.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
type Sources = string | string[];
interface Manifest {
  include?: string | string[];
  modules?: Record<string, Sources>;
  resources?: Record<string, Sources>;
  preload?: string[];
  config?: Record<string, unknown>;
  creation?: Record<string, unknown>;
  defines?: Record<string, unknown>;
  platforms?: Record<string, Manifest & { warning?: string; error?: string }>;
}

/** The core runtime's manifest and the optional parts an app includes when it needs them. */
const LIBRARY = ["manifest.json", "src/audio/manifest.json", "src/drivers/manifest.json", "src/lifecycle/manifest.json", "src/motion/manifest.json", "src/plan/manifest.json"];
const APPS = [...readdirSync(join(repo, "hosts")).map((h) => `hosts/${h}/manifest.json`).filter((p) => existsSync(join(repo, p))), "firmware/motion/manifest.json", "firmware/kws/manifest.json"];
const MANIFESTS = [...LIBRARY, ...APPS];
const read = (p: string): Manifest => JSON.parse(readFileSync(join(repo, p), "utf8")) as Manifest;
const list = (s: Sources | undefined): string[] => (s === undefined ? [] : Array.isArray(s) ? s : [s]);
/** src/ folders that are not part of the device library, and why. */
const NOT_ON_DEVICES: Record<string, string> = {
  "src/cli": "Node-only tools",
};
/** Library modules not preloaded, and why. */
const NOT_PRELOADED: Record<string, string> = {
  "tinyml-xs/lifecycle/moddable_flash": 'imports the SDK\'s "flash", which only apps that keep models in a partition include',
  "tinyml-xs/lifecycle/sim_flash": "the simulated flash of the simulator and the tests",
  "tinyml-xs/lifecycle/index": "re-exports sim_flash (device apps import the lifecycle modules they use)",
};
/** Bare specifiers the Moddable SDK provides (the app's manifest includes the module), and where from. */
const SDK_MODULES: Record<string, string> = {
  flash: "$(MODDABLE)/modules/files/flash (src/lifecycle/moddable_flash.ts, imported by device apps that keep models in a partition)",
};
/** XS drops a trailing .js or .mjs of a specifier before it looks the module up (xsHosts.c fxFindModule; xsl does the same). */
const xsSpecifier = (spec: string): string => spec.replace(/\.m?js$/, "");

/** `npm run build:moddable` writes build/moddable/<path>.js from <path>.ts, and these lin-only bundles (hosts/moddable/build.mjs). */
const BUILT = join(repo, "build", "moddable");
const LIN_BUNDLES: Record<string, string> = {
  i2c: "hosts/moddable/lin/i2c",
  analog: "hosts/sim/modules/embedded_io/analog",
};
/** The TypeScript a manifest source under build/moddable/ is compiled from (mcconfig sees the .js; CI has no build). */
function sourceOf(path: string): string {
  if (!path.startsWith(BUILT + "/")) return path;
  const rest = relative(BUILT, path);
  if (rest.startsWith("lin/")) return join(repo, LIN_BUNDLES[rest.slice(4)] ?? `missing-lin-bundle/${rest}`);
  return join(repo, rest);
}

/** Files a manifest source matches, as mcconfig's rule does: "dir/*" every file of dir, "dir/name" any extension of name (or name itself); build/moddable/ sources by their TypeScript. */
function matches(manifestDir: string, source: string): string[] {
  const path = sourceOf(resolve(manifestDir, source));
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const name = basename(path);
  const star = name.lastIndexOf("*");
  return readdirSync(dir)
    .filter((f) => !f.startsWith("."))
    .filter((f) => statSync(join(dir, f)).isFile())
    .filter((f) => {
      const stem = f.endsWith(".d.ts") ? f.slice(0, -5) : f.slice(0, f.length - extname(f).length);
      return star >= 0 ? stem.startsWith(name.slice(0, star)) : stem === name || f === name;
    })
    .map((f) => join(dir, f));
}

for (const path of MANIFESTS) {
  test(`${path}: valid JSON, every listed file exists`, (t) => {
    const m = read(path);
    const dir = dirname(join(repo, path));
    const sections: Manifest[] = [m, ...Object.values(m.platforms ?? {})];
    for (const s of sections) {
      for (const inc of list(s.include)) {
        if (inc.startsWith("$(")) continue;
        // npm run build:moddable writes the op sets' manifests (hosts/moddable/op_sets.mjs).
        const opSet = /^build\/moddable\/opsets\/([^/]+)\/manifest\.json$/.exec(relative(repo, resolve(dir, inc)));
        if (opSet !== null) t.true(opSet[1]! in OP_SETS, `${path}: include ${inc}: no op set ${opSet[1]} in hosts/moddable/op_sets.mjs`);
        else t.true(existsSync(resolve(dir, inc)), `${path}: include ${inc}`);
      }
      for (const [target, sources] of [...Object.entries(s.modules ?? {}), ...Object.entries(s.resources ?? {})]) {
        for (const source of list(sources)) {
          if (source.startsWith("$(")) continue;
          t.true(matches(dir, source).length > 0, `${path}: ${target} -> ${source} matches no file`);
          // mcconfig would run tsc once per TypeScript module: manifests list the JavaScript of npm run build:moddable.
          if (s.modules?.[target] === sources) t.false(matches(dir, source).some((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")) && !resolve(dir, source).startsWith(BUILT), `${path}: ${source} is TypeScript; list its build/moddable/ JavaScript`);
        }
      }
      for (const p of s.preload ?? []) t.is(typeof p, "string");
    }
    if (m.creation !== undefined) {
      const c = m.creation as { chunk?: { initial: number }; heap?: { initial: number }; stack?: number };
      t.true((c.chunk?.initial ?? 0) > 0 && (c.heap?.initial ?? 0) > 0 && (c.stack ?? 0) > 0, `${path}: creation`);
    }
  });
}

test("manifest.json: the core runtime; platform sections only where they differ", (t) => {
  const m = read("manifest.json");
  t.is(list(m.modules?.["tinyml-xs"])[0], "./build/moddable/hosts/moddable/tinyml-xs");
  const tinyml = (s: Manifest | undefined) => (s?.defines?.tinyml ?? {}) as { arm_dsp?: number; natives?: Record<string, number> };
  t.is(tinyml(m).arm_dsp, 0, "portable C kernels unless the target has the Arm DSP extension");
  t.deepEqual(Object.keys(m.platforms ?? {}), ["nrf52"]);
  t.is(tinyml(m.platforms?.nrf52).arm_dsp, 1); // Cortex-M4F: DSP extension
  // SHA-256 is the lifecycle's: off in the core, on where src/lifecycle/manifest.json is included.
  t.is(tinyml(m).natives?.sha256, 0);
  t.is(tinyml(read("src/lifecycle/manifest.json")).natives?.sha256, 1);
  // C headers are listed, so that editing one rebuilds (mcconfig tracks what the manifest lists).
  const c = list(m.modules?.["*"]);
  for (const dir of ["native/kernels", "native/kernels/arm", "native/bindings"]) {
    for (const h of readdirSync(join(repo, dir)).filter((f) => f.endsWith(".h"))) t.true(c.some((s) => matches(repo, s).includes(join(repo, dir, h))), `${dir}/${h} is not listed`);
  }
  for (const a of APPS) {
    const app = read(a);
    // A platform section that repeats what the library already says is noise.
    for (const [k, s] of Object.entries(app.platforms ?? {})) t.notDeepEqual(tinyml(s), { arm_dsp: 0 }, `${a}: platforms.${k}`);
  }
});

/** Specifier -> file for the modules of library manifests (and what they include), as mcconfig maps them: the TypeScript that build/moddable/ compiles, and the JavaScript of npm packages (@noble/*). */
function modulesOf(paths: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const m = read(path);
    const dir = dirname(join(repo, path));
    for (const inc of list(m.include)) if (!inc.startsWith("$(")) add(relative(repo, resolve(dir, inc)));
    const excluded = new Set(list(m.modules?.["~"]).flatMap((s) => matches(dir, s)));
    for (const [target, sources] of Object.entries(m.modules ?? {})) {
      if (target === "~" || target === "*") continue;
      for (const source of list(sources)) {
        for (const file of matches(dir, source)) {
          const js = file.endsWith(".js") && file.startsWith(join(repo, "node_modules") + "/");
          if (!(js || file.endsWith(".ts")) || file.endsWith(".d.ts") || excluded.has(file)) continue;
          const specifier = target.endsWith("*") ? target.slice(0, -1) + basename(file, extname(file)) : target;
          if (!out.has(specifier)) out.set(specifier, file);
        }
      }
    }
  };
  for (const p of paths) add(p);
  return out;
}

test("library manifests: every runtime file is a module of one, preloaded unless said why", (t) => {
  const all = modulesOf(LIBRARY);
  const files = new Set(all.values());
  const dirs: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(join(repo, d), { withFileTypes: true })) if (e.isDirectory()) walk(`${d}/${e.name}`);
    dirs.push(d);
  };
  walk("src");
  for (const d of dirs) {
    if (Object.keys(NOT_ON_DEVICES).some((x) => d === x || d.startsWith(`${x}/`))) continue;
    for (const f of readdirSync(join(repo, d)).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))) {
      const file = join(repo, d, f);
      if (file === join(repo, "src/kernels/native/host.ts")) continue; // replaced by hosts/moddable/host.ts on devices
      t.true(files.has(file), `${d}/${f} is in no "tinyml-xs/..." module entry of the library manifests`);
    }
  }
  const preloads = new Set(LIBRARY.flatMap((p) => read(p).preload ?? []));
  for (const p of preloads) t.true(all.has(p), `preload "${p}" is not a module of the library manifests`);
  for (const s of all.keys()) {
    if (!s.startsWith("tinyml-xs")) continue;
    t.is(preloads.has(s), !(s in NOT_PRELOADED), `${s}: ${s in NOT_PRELOADED ? `preloaded, but ${NOT_PRELOADED[s]}` : "not preloaded (list it in its manifest's preload)"}`);
  }
});

for (const path of LIBRARY) {
  test(`${path}: every import of its modules resolves within it and what it includes (the core alone for the core)`, (t) => {
    const own = modulesOf([path]);
    const available = modulesOf(path === "manifest.json" ? [path] : ["manifest.json", path]);
    const specifierOf = new Map([...available].map(([s, f]) => [f, s]));
    for (const [specifier, file] of own) {
      if (file.startsWith(join(repo, "node_modules") + "/")) continue;
      const source = readFileSync(file, "utf8");
      for (const m of source.matchAll(/^\s*(?:import|export)\s[^"';]*?from\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm)) {
        const spec = xsSpecifier(m[1] ?? m[2]!);
        if (/^import\s+type\s/.test(m[0].trim()) || /^export\s+type\s/.test(m[0].trim())) continue;
        if (spec.startsWith(".")) {
          // XS resolves a relative import against the importing module's specifier.
          const parts = specifier.split("/").slice(0, -1);
          for (const seg of spec.split("/")) {
            if (seg === "..") parts.pop();
            else if (seg !== ".") parts.push(seg);
          }
          const target = parts.join("/");
          t.true(available.has(target), `${relative(repo, file)}: import "${spec}" -> "${target}" is not a module of ${path}${path === "manifest.json" ? "" : " or the core"}`);
          const expected = resolve(dirname(file), spec);
          const listed = available.get(target);
          if (listed !== undefined && !listed.startsWith(join(repo, "hosts/moddable"))) t.is(listed, `${expected}${extname(listed)}`, `${relative(repo, file)}: "${spec}"`);
        } else if (!(spec in SDK_MODULES)) {
          t.true(available.has(spec), `${relative(repo, file)}: bare import "${spec}" is not a module of ${path}${path === "manifest.json" ? "" : " or the core"}`);
        }
      }
      t.truthy(specifierOf.get(file));
    }
  });
}

test("every native of native/tinyml_natives.h has its selection define (hosts/moddable/tinyml_native_select.h)", (t) => {
  const header = readFileSync(join(repo, "native/tinyml_natives.h"), "utf8");
  const select = readFileSync(join(repo, "hosts/moddable/tinyml_native_select.h"), "utf8");
  const names = [...header.matchAll(/^TINYML_NATIVE\((\w+)\)/gm)].map((m) => m[1]!);
  for (const n of names) t.regex(select, new RegExp(`^#define TINYML_SELECT_${n} `, "m"), `${n}: add its lines to tinyml_native_select.h`);
  // The apps' manifests name natives that exist.
  for (const a of [...APPS, ...LIBRARY]) {
    const natives = ((read(a).defines?.tinyml ?? {}) as { natives?: Record<string, number> }).natives ?? {};
    for (const k of Object.keys(natives)) t.true(names.includes(`xs_tinyml_${k}`), `${a}: defines.tinyml.natives.${k} names no native`);
  }
});

test("the device table's natives (native/tinyml_natives.h) are all defined under native/ (but the sim-only selftest)", (t) => {
  const header = readFileSync(join(repo, "native/tinyml_natives.h"), "utf8");
  const names = [...header.matchAll(/^TINYML_NATIVE\((\w+)\)/gm)].map((m) => m[1]!);
  t.true(names.length > 0);
  const c: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith(".c")) c.push(readFileSync(join(d, e.name), "utf8"));
    }
  };
  walk(join(repo, "native"));
  const all = c.join("\n");
  for (const n of names) {
    if (n === "xs_tinyml_sim_selftest") continue;
    t.regex(all, new RegExp(`\\bvoid\\s+${n}\\s*\\(\\s*xsMachine\\s*\\*\\s*the\\s*\\)\\s*\\{`), `${n} is listed but defined in no C file under native/`);
  }
  // mcconfig names objects by a C file's base name: two C files with the same name collide.
  const bases = new Map<string, string>();
  const walkNames = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walkNames(join(d, e.name));
      else if (e.name.endsWith(".c")) {
        t.false(bases.has(e.name), `${e.name}: also ${bases.get(e.name)}`);
        bases.set(e.name, join(d, e.name));
      }
    }
  };
  walkNames(join(repo, "native"));
  walkNames(join(repo, "hosts/moddable"));
});

/** Every TypeScript file a manifest's own module entries compile (all platform sections; includes not followed). */
function ownModuleFiles(path: string): string[] {
  const m = read(path);
  const dir = dirname(join(repo, path));
  const files: string[] = [];
  for (const s of [m, ...Object.values(m.platforms ?? {})]) {
    for (const [target, sources] of Object.entries(s.modules ?? {})) {
      if (target === "~") continue;
      for (const source of list(sources)) for (const f of matches(dir, source)) if (f.endsWith(".ts") && !f.endsWith(".d.ts")) files.push(f);
    }
  }
  return files;
}

// xsc (mcconfig compiles every module with it) turns each call `native("literal")` into a host function whose C
// name is the literal, whatever `native` is bound to in the module: a literal that is not a C host function is an
// undefined symbol (the lin mc.so then fails to load and mcsim exits at once, status 0, printing nothing).
test("every native(\"...\") call the Moddable apps compile names a C host function (xsc makes each one a host function)", (t) => {
  const defined = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith(".c")) for (const m of readFileSync(join(d, e.name), "utf8").matchAll(/\bvoid\s+(\w+)\s*\(\s*xsMachine\s*\*\s*the\s*\)\s*\{/g)) defined.add(m[1]!);
    }
  };
  walk(join(repo, "native"));
  walk(join(repo, "hosts/moddable"));
  const files = new Set([...LIBRARY, ...APPS].flatMap(ownModuleFiles));
  t.true(files.has(join(repo, "hosts/moddable/host.ts")) && files.has(join(repo, "src/kernels/native/index.ts")));
  let calls = 0;
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "native") {
        calls++;
        const where = `${relative(repo, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const [arg] = node.arguments;
        t.true(node.arguments.length === 1 && arg !== undefined && ts.isStringLiteral(arg), `${where}: native(...) takes one string literal under xsc`);
        if (arg !== undefined && ts.isStringLiteral(arg)) t.true(defined.has(arg.text), `${where}: native("${arg.text}") names no C host function under native/ or hosts/moddable/ (xsc makes it one: rename a JavaScript function called native)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  t.true(calls > 0);
});

test("tsc -p tsconfig.device.json: the device code type-checks against the Moddable typings", (t) => {
  const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", join(repo, "tsconfig.device.json")], { encoding: "utf8", stdio: "pipe" });
    t.pass();
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    t.fail(`${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
});
