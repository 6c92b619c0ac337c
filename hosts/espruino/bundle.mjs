// Bundles a TypeScript entry into one script in the JavaScript that Espruino's interpreter runs:
// TypeScript lowers every file to ES5 (no spread, destructuring, default parameters, optional
// chaining nor `??`, which Espruino 2v29 does not parse). for...of becomes an indexed loop (the
// runtime iterates arrays and typed arrays only): TypeScript's iterator protocol (downlevelIteration)
// rethrows from a `finally`, and Espruino 2v29 drops an exception thrown there, so a ModelError
// raised inside such a loop would vanish. Rollup joins the modules into one function that sets a global, and esbuild minifies it
// (Espruino parses the text on every call, so fewer characters run faster and take less flash).
//
//   node hosts/espruino/bundle.mjs          -> dist/espruino/tinyml.js (the runtime: global `tinyml`) and
//                                              dist/espruino/example.js (hosts/espruino/example.ts)
//   bundleForEspruino(entry, out, name)     -> any other entry (the runner, the example)
//   ensureEspruinoBundles()                 -> the runtime and the runner (build/espruino/run_model.js), when stale
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";
import { transform } from "esbuild";
import ts from "typescript";
import { resolveRelative } from "../resolve_relative.mjs";
import { tmpBeside } from "../tmp_name.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Espruino hoists no function declaration: `f(); function f() {}` is a ReferenceError there, and
 * ES5 classes call `__extends(C, _super)` before their `function C`. This moves every function
 * declaration to the top of the function body (or file) that holds it, which is where JavaScript
 * semantics put it anyway.
 */
function hoistFunctions(context) {
  const hoist = (statements) => {
    const fns = statements.filter((s) => ts.isFunctionDeclaration(s) && s.body !== undefined);
    if (fns.length === 0) return statements;
    // A "use strict" prologue stays first.
    const prologue = statements.filter((s, i) => i < statements.length && ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression) && statements.slice(0, i).every((p) => ts.isExpressionStatement(p) && ts.isStringLiteral(p.expression)));
    return [...prologue, ...fns, ...statements.filter((s) => !fns.includes(s) && !prologue.includes(s))];
  };
  const visit = (node) => {
    node = ts.visitEachChild(node, visit, context);
    const f = context.factory;
    if (ts.isFunctionDeclaration(node) && node.body) return f.updateFunctionDeclaration(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, node.parameters, node.type, f.updateBlock(node.body, hoist(node.body.statements)));
    if (ts.isFunctionExpression(node)) return f.updateFunctionExpression(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, node.parameters, node.type, f.updateBlock(node.body, hoist(node.body.statements)));
    return node;
  };
  return (file) => {
    const visited = ts.visitEachChild(file, visit, context);
    return context.factory.updateSourceFile(visited, hoist(visited.statements));
  };
}

function lowerToES5() {
  return {
    name: "tinyml-espruino-es5",
    resolveId(source, importer) {
      if (source === "tslib") return join(repo, "node_modules", "tslib", "tslib.es6.mjs");
      return resolveRelative(source, importer);
    },
    transform(code, id) {
      if (!id.endsWith(".ts")) return null;
      const out = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: {
          target: ts.ScriptTarget.ES5, module: ts.ModuleKind.ESNext, downlevelIteration: false, importHelpers: true,
          ignoreDeprecations: "6.0", verbatimModuleSyntax: true, sourceMap: false, useDefineForClassFields: false,
        },
        transformers: { after: [hoistFunctions] },
      });
      return { code: out.outputText, map: null };
    },
  };
}

/** Bundles `entry` (relative to the repo) into the script `out`; its exports become the global `name` (none when undefined). */
export async function bundleForEspruino(entry, out, name) {
  const bundle = await rollup({
    input: resolve(repo, entry),
    plugins: [lowerToES5()],
    onwarn(warning, warn) {
      if (warning.code === "CIRCULAR_DEPENDENCY") throw new Error(warning.message);
      // load_runtime.ts evaluates the runtime's text on purpose: that is how Espruino loads code.
      if (warning.code === "EVAL" && warning.id?.endsWith("load_runtime.ts")) return;
      warn(warning);
    },
  });
  const { output } = await bundle.generate({ format: "iife", name, exports: "named" });
  await bundle.close();
  const min = process.env.TINYML_ESPRUINO_NO_MINIFY === "1" ? { code: output[0].code } : await transform(output[0].code, { minifyWhitespace: true, minifyIdentifiers: true, minifySyntax: false, target: "es5", charset: "ascii" });
  min.code = renameEspruinoKeywords(min.code);
  const file = resolve(repo, out);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tmpBeside(file);
  writeFileSync(tmp, min.code);
  renameSync(tmp, file);
  return file;
}

/**
 * Names JavaScript allows for a variable but Espruino 2v29's parser takes as keywords: `function of(t)`
 * is "SyntaxError: Got of expected ID" there. esbuild's minifier may pick them (it picked `of` once the
 * runtime grew), so every such identifier (not a property name) gets a name the script does not use.
 */
const ESPRUINO_KEYWORDS = ["of"];

function renameEspruinoKeywords(code) {
  const file = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS);
  const at = [];
  const visit = (node) => {
    if (ts.isIdentifier(node) && ESPRUINO_KEYWORDS.includes(node.text)) {
      const p = node.parent;
      const propertyName = (ts.isPropertyAccessExpression(p) && p.name === node) || (ts.isPropertyAssignment(p) && p.name === node);
      if (!propertyName) at.push({ start: node.getStart(file), name: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  const fresh = new Map();
  let n = 0;
  for (const { name } of at) {
    if (fresh.has(name)) continue;
    let candidate;
    do candidate = `$${n++}`; while (code.includes(candidate));
    fresh.set(name, candidate);
  }
  let out = "", from = 0;
  for (const { start, name } of at.sort((x, y) => x.start - y.start)) {
    out += code.slice(from, start) + fresh.get(name);
    from = start + name.length;
  }
  return out + code.slice(from);
}

function newestSource() {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(repo, "src"));
  walk(join(repo, "hosts", "espruino"));
  return newest;
}

/** Builds the runtime and the runner when a source is newer than them; resolves to their paths. */
export async function ensureEspruinoBundles() {
  const newest = newestSource();
  const stale = (f) => !existsSync(f) || statSync(f).mtimeMs < newest;
  const runtime = join(repo, "dist", "espruino", "tinyml.js");
  const runner = join(repo, "build", "espruino", "run_model.js");
  if (stale(runtime)) await bundleForEspruino("hosts/espruino/runtime.ts", runtime, "tinyml");
  if (stale(runner)) await bundleForEspruino("hosts/espruino/run_model.ts", runner, undefined);
  return { runtime, runner };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [entry, out, name] of [["hosts/espruino/runtime.ts", "dist/espruino/tinyml.js", "tinyml"], ["hosts/espruino/example.ts", "dist/espruino/example.js", undefined]]) {
    const file = await bundleForEspruino(entry, out, name);
    process.stdout.write(`${file}: ${statSync(file).size} bytes\n`);
  }
}
