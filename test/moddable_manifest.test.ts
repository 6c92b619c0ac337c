/**
 * Moddable packaging checks that need no board and no Moddable SDK: the library manifest
 * (manifest.json) and the example apps' manifests (hosts/*\/manifest.json) are well formed, every
 * file or folder they list exists, every runtime module is reachable under a "tinyml-xs/..."
 * specifier, every preload names a listed module, the device code type-checks against the
 * Moddable typings (tsconfig.device.json), and the C natives the device table exposes exist.
 * (That the same hosts/esp32/main.ts runs is test/device_app.test.ts.)
 */
import test from "ava";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

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

const MANIFESTS = ["manifest.json", ...readdirSync(join(repo, "hosts")).map((h) => `hosts/${h}/manifest.json`).filter((p) => existsSync(join(repo, p))), "firmware/motion/manifest.json", "firmware/kws/manifest.json"];
const read = (p: string): Manifest => JSON.parse(readFileSync(join(repo, p), "utf8")) as Manifest;
const list = (s: Sources | undefined): string[] => (s === undefined ? [] : Array.isArray(s) ? s : [s]);
/** src/ folders that are not part of the device library, and why. */
const NOT_ON_DEVICES: Record<string, string> = {
  "src/cli": "Node-only tools",
};
/** Bare specifiers the Moddable SDK provides (the app's manifest includes the module), and where from. */
const SDK_MODULES: Record<string, string> = {
  flash: "$(MODDABLE)/modules/files/flash (src/lifecycle/moddable_flash.ts, imported by device apps that keep models in a partition)",
};
/** XS drops a trailing .js or .mjs of a specifier before it looks the module up (xsHosts.c fxFindModule; xsl does the same). */
const xsSpecifier = (spec: string): string => spec.replace(/\.m?js$/, "");

/** Files a manifest source matches, as mcconfig's rule does: "dir/*" every file of dir, "dir/name" any extension of name (or name itself). */
function matches(manifestDir: string, source: string): string[] {
  const path = resolve(manifestDir, source);
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
        t.true(existsSync(resolve(dir, inc)), `${path}: include ${inc}`);
      }
      for (const [target, sources] of [...Object.entries(s.modules ?? {}), ...Object.entries(s.resources ?? {})]) {
        for (const source of list(sources)) {
          if (source.startsWith("$(")) continue;
          if (target === "~") continue; // exclusions may name files that do not exist (yet)
          t.true(matches(dir, source).length > 0, `${path}: ${target} -> ${source} matches no file`);
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

test("manifest.json: the library's structure", (t) => {
  const m = read("manifest.json");
  const modules = m.modules ?? {};
  t.is(list(modules["tinyml-xs"])[0], "./hosts/moddable/tinyml-xs");
  t.deepEqual(Object.keys(m.platforms ?? {}).sort(), ["...", "esp32", "esp32/*", "lin", "nrf52", "pico"].sort());
  // mcconfig merges exactly one platform entry, the first that matches: "esp32/*" for every
  // esp32/<board>, "esp32" for a bare -p esp32. Both must say the same.
  t.deepEqual(m.platforms?.["esp32/*"], m.platforms?.esp32);
  // A specific key must come before a wildcard key it would otherwise lose to.
  const keys = Object.keys(m.platforms ?? {});
  keys.forEach((k, i) => {
    for (const w of keys.slice(0, i)) if (w.endsWith("/*")) t.false(k.startsWith(w.slice(0, -1)), `${k} after ${w}`);
  });
  const dsp = (k: string) => ((m.platforms?.[k]?.defines?.tinyml ?? {}) as { arm_dsp?: number }).arm_dsp;
  t.is(dsp("nrf52"), 1); // Cortex-M4F: DSP extension
  t.is(dsp("pico"), 0); // RP2040 is Cortex-M0+
  t.is(dsp("esp32"), 0); // Xtensa / RISC-V
  t.truthy(m.platforms?.["..."]?.warning);
});

/**
 * Specifier -> file, from the library manifest's module entries (as mcconfig maps them): the
 * TypeScript of src/ and hosts/moddable, and the JavaScript of the npm packages it maps from
 * ./node_modules (@noble/*).
 */
function libraryModules(): Map<string, string> {
  const m = read("manifest.json");
  const excluded = new Set(list(m.modules?.["~"]).flatMap((s) => matches(repo, s)));
  const out = new Map<string, string>();
  for (const [target, sources] of Object.entries(m.modules ?? {})) {
    if (target === "~" || target === "*") continue;
    for (const source of list(sources)) {
      for (const file of matches(repo, source)) {
        const js = file.endsWith(".js") && file.startsWith(join(repo, "node_modules") + "/");
        if (!(js || file.endsWith(".ts")) || file.endsWith(".d.ts") || excluded.has(file)) continue;
        const specifier = target.endsWith("*") ? target.slice(0, -1) + basename(file, extname(file)) : target;
        if (!out.has(specifier)) out.set(specifier, file);
      }
    }
  }
  return out;
}

test("manifest.json: every runtime folder is listed, every relative import resolves to a listed module, preloads exist", (t) => {
  const modules = libraryModules();
  const files = new Set(modules.values());
  const dirs: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(join(repo, d), { withFileTypes: true })) if (e.isDirectory()) walk(`${d}/${e.name}`);
    dirs.push(d);
  };
  walk("src");
  for (const d of dirs) {
    if (Object.keys(NOT_ON_DEVICES).some((x) => d === x || d.startsWith(`${x}/`))) continue;
    const ts = readdirSync(join(repo, d)).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    for (const f of ts) {
      const file = join(repo, d, f);
      if (file === join(repo, "src/kernels/native/host.ts")) continue; // replaced by hosts/moddable/host.ts on devices
      t.true(files.has(file), `${d}/${f} is in no "tinyml-xs/..." module entry of manifest.json`);
    }
  }
  const specifierOf = new Map([...modules].map(([s, f]) => [f, s]));
  for (const [specifier, file] of modules) {
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
        t.true(modules.has(target), `${relative(repo, file)}: import "${spec}" -> "${target}" is not a module of manifest.json`);
        const expected = resolve(dirname(file), spec);
        const listed = modules.get(target);
        if (listed !== undefined && !listed.startsWith(join(repo, "hosts/moddable"))) t.is(listed, `${expected}${extname(listed)}`, `${relative(repo, file)}: "${spec}"`);
      } else if (!(spec in SDK_MODULES)) {
        t.true(modules.has(spec), `${relative(repo, file)}: bare import "${spec}" is not a module of manifest.json`);
      }
    }
    t.truthy(specifierOf.get(file));
  }
  for (const p of read("manifest.json").preload ?? []) t.true(modules.has(p), `preload "${p}" is not a module of manifest.json`);
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
