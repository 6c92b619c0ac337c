// Op sets for Moddable apps (part of npm run build:moddable): an app that runs known models carries
// only the ops they use, their TypeScript kernels and what those import, not the whole runtime.
//
// For each set (OP_SETS: a name and the models whose ops it must run) this writes
// build/moddable/opsets/<name>/:
//   resolver.js       "tinyml-xs/ops/resolver" with only the set's op registrations in allOps;
//   portable_index.js "tinyml-xs/kernels/portable/index" with only the kernels those ops call
//                     (`k.<kernel>` / `kernels.<kernel>` in their compiled code);
//   manifest.json     maps both in place of the core's and excludes ("~") every core module the
//                     app can no longer reach from "tinyml-xs", "tinyml-xs/device/*", the natives' host and the optional parts (src/plan, src/lifecycle, ...: an app may include them);
//                     its "defines" leave out the native kernels' variants the models' layers do not
//                     use (kernel_variants.mjs, native/kernels/tinyml_variants.h).
// An app includes that manifest after the core's (hosts/esp32/manifest.json: the sine set). A model
// with another op then fails to load with UnsupportedOpsError, as with any op tinyml-xs lacks.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { rollup } from "rollup";
import { dirname, join, relative } from "node:path";
import { tsImport } from "tsx/esm/api";
import { variantSelection, variantsOf } from "./kernel_variants.mjs";

export const OP_SETS = {
  sine: ["models/sine/sine.tflite"],
  motion: ["models/motion/motion.tflite"],
};

/** The core runtime's folders of src/ (the core manifest.json); the other folders but cli are optional parts with their own manifests. */
const CORE_DIRS = ["", "device", "interpreter", "kernels", "kernels/portable", "kernels/native", "math", "model", "ops", "ops/signal"];

/** Relative import specifiers of a compiled module (type-only imports are gone after tsc). */
function importsOf(code) {
  return [...code.matchAll(/^\s*(?:import|export)\s[^"';]*?from\s+"(\.[^"]+)"|^\s*import\s+"(\.[^"]+)"/gm)].map((m) => m[1] ?? m[2]);
}

/** The (single-line) import statements of a compiled module, with their names and specifier. */
function importLines(code) {
  return [...code.matchAll(/^import \{([^}]*)\} from "(\.[^"]+)";$/gm)].map((m) => ({ line: m[0], names: m[1].split(",").map((s) => s.trim()).filter(Boolean), spec: m[2] }));
}

/** Keeps, in `export const NAME = [ ... ];` or `{ ... };` (one identifier, or `key: identifier`, per line), the identifiers `keep` accepts. */
function filterList(code, head, keep) {
  const start = code.indexOf(head);
  if (start < 0) throw new Error(`op sets: "${head}" not found (src changed its layout?)`);
  const open = start + head.length;
  const close = code.indexOf("\n}", open) >= 0 && head.endsWith("{") ? code.indexOf("\n}", open) : code.indexOf("\n]", open);
  const body = code.slice(open, close).split("\n").filter((line) => {
    const id = /^\s*([A-Za-z0-9_$]+)(?::\s*[A-Za-z0-9_$]+)?,?\s*$/.exec(line);
    return id === null ? line.trim() === "" : keep(id[1]);
  });
  return code.slice(0, open) + body.join("\n") + code.slice(close);
}

/**
 * Keeps, in `const NAME = Object.freeze({ ... });` of compiled code (entries `    key: value`, their
 * continuation lines indented deeper, comment lines before them), the entries whose key `keep` accepts.
 */
function filterEntries(code, head, keep) {
  const start = code.indexOf(head);
  if (start < 0) throw new Error(`op sets: "${head}" not found (src changed its layout?)`);
  const open = start + head.length;
  const close = code.indexOf("\n});", open);
  const out = [];
  let comments = [], keeping = false;
  for (const line of code.slice(open, close).split("\n")) {
    const entry = /^ {4}([A-Za-z0-9_$]+):/.exec(line);
    if (entry !== null) {
      keeping = keep(entry[1]);
      if (keeping) out.push(...comments, line);
      comments = [];
    } else if (/^ {4}\/\//.test(line)) comments.push(line);
    else if (/^ {5}/.test(line)) {
      if (keeping) out.push(line);
    } else out.push(line);
  }
  return code.slice(0, open) + out.join("\n") + code.slice(close);
}

/**
 * "tinyml-xs/kernels/native/index" for a set: the native faces of the kernels it calls (and the
 * natives they look up), without the others and the helpers only they used (rollup's tree-shaking,
 * imports left as they are).
 */
async function nativeIndexFor(nativeCode, kernels, dir) {
  let code = filterEntries(nativeCode, "const NATIVE_KERNELS = Object.freeze({", (id) => kernels.has(id));
  const faces = code.slice(code.indexOf("const NATIVE_KERNELS"));
  const looked = new Set([...faces.matchAll(/\bnativeOf\("([A-Za-z0-9_]+)"\)/g)].map((m) => m[1]));
  const keepNative = (id) => kernels.has(id) || looked.has(id);
  code = filterEntries(code, "const NATIVE_NAMES = Object.freeze({", keepNative);
  code = filterEntries(code, "const SCRATCH_OF = Object.freeze({", keepNative);
  const input = join(dir, "native_index.in.js");
  writeFileSync(input, code);
  try {
    const bundle = await rollup({ input, external: (id) => id !== input, treeshake: { moduleSideEffects: (id, external) => !external }, onwarn: (w, warn) => (w.code === "UNRESOLVED_IMPORT" ? undefined : warn(w)) });
    const { output } = await bundle.generate({ format: "es" });
    await bundle.close();
    return output[0].code;
  } finally {
    rmSync(input);
  }
}

function resolveSpec(fromFile, spec) {
  return join(dirname(fromFile), `${spec}.js`);
}

/** Writes the op sets; `out` is build/moddable, `repo` the repository. */
export async function writeOpSets(repo, out) {
  const { Model } = await tsImport(join(repo, "src/model/model.ts"), import.meta.url);
  const { allOps } = await tsImport(join(repo, "src/ops/resolver.ts"), import.meta.url);
  const src = join(out, "src");
  const resolverFile = join(src, "ops/resolver.js");
  const portableFile = join(src, "kernels/portable/index.js");
  const resolverCode = readFileSync(resolverFile, "utf8");
  const portableCode = readFileSync(portableFile, "utf8");
  const nativeFile = join(src, "kernels/native/index.js");
  const nativeCode = readFileSync(nativeFile, "utf8");
  // Which op module exports each registration: match by op code, module by module.
  const opModules = new Map(); // registration key -> { file, name }
  const key = (builtinCode, customCode) => (customCode ? `custom:${customCode}` : `builtin:${builtinCode}`);
  for (const { names, spec } of importLines(resolverCode)) {
    const tsFile = join(repo, "src/ops", `${spec}.ts`);
    if (!existsSync(tsFile)) continue;
    const mod = await tsImport(tsFile, import.meta.url);
    for (const name of names) {
      const r = mod[name];
      if (r && typeof r === "object" && "builtinCode" in r) opModules.set(key(r.builtinCode, r.customCode ?? r.name), { file: resolveSpec(resolverFile, spec), name });
    }
  }
  const sets = {};
  for (const [set, models] of Object.entries(OP_SETS)) {
    const needed = new Set();
    for (const m of models) {
      const b = readFileSync(join(repo, m));
      const model = Model.from(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
      for (const op of model.operators) {
        const reg = allOps.find((r) => r.builtinCode === op.builtinCode && (op.customCode === null || (r.customCode ?? r.name) === op.customCode));
        if (reg === undefined) throw new Error(`op sets: ${m}: ${op.name} is not supported`);
        needed.add(key(reg.builtinCode, reg.customCode ?? reg.name));
      }
    }
    const regs = [...needed].map((k) => opModules.get(k));
    if (regs.some((r) => r === undefined)) throw new Error(`op sets: ${set}: a registration's module was not found in resolver.js`);
    const keepNames = new Set(regs.map((r) => r.name));
    const keepModules = new Set(regs.map((r) => r.file));
    // resolver.js: the set's registrations, and the imports of their modules only.
    let resolver = resolverCode;
    for (const { line, spec } of importLines(resolverCode)) if (spec !== "../model/schema" && spec !== "./op" && !keepModules.has(resolveSpec(resolverFile, spec))) resolver = resolver.replace(line + "\n", "");
    resolver = filterList(resolver, "export const allOps = [", (id) => keepNames.has(id));
    // portable index: the kernels the set's op modules, and the op modules they import, call.
    const opFiles = new Set();
    const visitOps = (file) => {
      if (opFiles.has(file) || !file.startsWith(join(src, "ops"))) return;
      opFiles.add(file);
      for (const spec of importsOf(readFileSync(file, "utf8"))) visitOps(resolveSpec(file, spec));
    };
    for (const file of keepModules) visitOps(file);
    const kernels = new Set();
    // `k.<kernel>`, or a kernel named by a string (`prepared16x8(ctx, "fullyConnectedInt16", ...)` binds `k[name]`)
    for (const file of opFiles) for (const m of readFileSync(file, "utf8").matchAll(/\b(?:k|kernels)\.([A-Za-z0-9_]+)|"([A-Za-z0-9_]+)"/g)) kernels.add(m[1] ?? m[2]);
    let portable = filterList(portableCode, "export const portableKernels = {", (id) => kernels.has(id));
    for (const { line, names } of importLines(portableCode)) {
      const used = names.filter((n) => kernels.has(n));
      if (used.length === 0 && !line.includes("../kernels")) portable = portable.replace(line + "\n", "");
      else if (used.length < names.length && !line.includes("../kernels")) portable = portable.replace(line, line.replace(/\{[^}]*\}/, `{ ${used.join(", ")} }`));
    }
    const dir = join(out, "opsets", set);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "resolver.js"), resolver);
    writeFileSync(join(dir, "portable_index.js"), portable);
    writeFileSync(join(dir, "native_index.js"), await nativeIndexFor(nativeCode, kernels, dir));
    // What an app can reach with these two in place (the core's roots), by relative imports.
    const substitute = new Map([[resolverFile, join(dir, "resolver.js")], [portableFile, join(dir, "portable_index.js")], [nativeFile, join(dir, "native_index.js")]]);
    // The optional parts (plan, lifecycle, audio, drivers, motion: their own manifests) are roots too:
    // an app may include one with the op set, and what it imports from the core must stay.
    const parts = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory() && !CORE_DIRS.includes(e.name) && e.name !== "cli").map((e) => e.name);
    const roots = [join(out, "hosts/moddable/tinyml-xs.js"), join(src, "index.js"), join(out, "hosts/moddable/host.js"), ...["device", ...parts].flatMap((d) => readdirSync(join(src, d)).filter((f) => f.endsWith(".js")).map((f) => join(src, d, f)))];
    const reached = new Set();
    const visit = (file, asFile = file) => {
      if (reached.has(asFile)) return;
      reached.add(asFile);
      const code = readFileSync(file, "utf8");
      for (const spec of importsOf(code)) {
        const target = resolveSpec(asFile, spec);
        visit(substitute.get(target) ?? target, target);
      }
    };
    for (const r of roots) visit(r);
    reached.add(join(src, "index.js"));
    const excluded = [];
    for (const d of CORE_DIRS) {
      for (const f of readdirSync(join(src, d))) {
        const file = join(src, d, f);
        if (!f.endsWith(".js") || reached.has(file) && !substitute.has(file)) continue;
        excluded.push(relative(dir, file).replace(/\.js$/, ""));
      }
    }
    const manifest = {
      modules: {
        "~": excluded.sort(),
        "tinyml-xs/ops/resolver": "./resolver",
        "tinyml-xs/kernels/portable/index": "./portable_index",
        "tinyml-xs/kernels/native/index": "./native_index",
      },
      preload: ["tinyml-xs/ops/resolver", "tinyml-xs/kernels/portable/index", "tinyml-xs/kernels/native/index"],
      defines: { tinyml: { variants: variantSelection(await variantsOf(models.map((m) => join(repo, m)))) } },
    };
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, "\t") + "\n");
    sets[set] = { ops: [...keepNames], kernels: [...kernels].filter((k) => portableCode.includes(`    ${k},`) || portableCode.includes(`    ${k}: `)), excluded: excluded.length };
  }
  return sets;
}
