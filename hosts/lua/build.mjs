#!/usr/bin/env node
// Builds the Lua version of the portable runtime: typescript-to-lua over src/index.ts (the model
// reader, planner, interpreter, ops and TypeScript kernels; not the hosts, not the CLI) with our
// plugin (tstl_plugin.cjs), bundled into one file, beside our Lua module of JavaScript number and
// typed-array semantics (tinyml_js.lua) and the runner (run_model.lua).
//
//   node hosts/lua/build.mjs [--force]        (npm run build:lua)
//
// Output: dist/lua/tinyml.lua, and the Lua files of this directory copied beside it. Rebuilt when a file
// under src/ (the CLI excepted) or hosts/lua/ is newer than the bundle. The output is written to a
// temporary directory and renamed into place, so that several processes (test workers) may build
// at once.
//
// From other scripts and tests:
//   import { ensureLuaBuild } from './hosts/lua/build.mjs';
//   const dir = await ensureLuaBuild(); // absolute path of dist/lua

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HOST_DIR, '..', '..');
export const LUA_DIST = path.join(ROOT, 'dist', 'lua');
const BUNDLE = 'tinyml.lua';
const COPIED = ['tinyml_js.lua', 'tinyml_js_int64.lua', 'tinyml_js_double.lua', 'run_model.lua', 'load_models.lua'];

function newestMtime(dir, skip) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip(p)) continue;
    const t = entry.isDirectory() ? newestMtime(p, skip) : fs.statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function isStale() {
  const outputs = [BUNDLE, ...COPIED].map((f) => path.join(LUA_DIST, f));
  if (!outputs.every((f) => fs.existsSync(f))) return true;
  const built = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  const cli = path.join(ROOT, 'src', 'cli');
  const sources = Math.max(newestMtime(path.join(ROOT, 'src'), (p) => p === cli), newestMtime(HOST_DIR, () => false));
  return sources > built;
}

/** Transpiles into a fresh directory, then moves the files into dist/lua. Throws on any diagnostic. */
async function build() {
  const tstl = await import('typescript-to-lua');
  const ts = (await import('typescript')).default;
  fs.mkdirSync(path.dirname(LUA_DIST), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(LUA_DIST), 'lua-build-'));
  try {
    const result = tstl.transpileProject(path.join(HOST_DIR, 'tsconfig.json'), { outDir: tmp });
    const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
      throw new Error(`typescript-to-lua failed:\n${ts.formatDiagnostics(errors, host)}`);
    }
    for (const f of COPIED) fs.copyFileSync(path.join(HOST_DIR, f), path.join(tmp, f));
    fs.mkdirSync(LUA_DIST, { recursive: true });
    // The bundle last: its time stamp is what isStale compares.
    for (const f of [...COPIED, BUNDLE]) fs.renameSync(path.join(tmp, f), path.join(LUA_DIST, f));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

let building = null;

/** Builds dist/lua when stale (or always with force); returns its absolute path. Calls made while a build runs wait for it. */
export async function ensureLuaBuild({ force = false } = {}) {
  while (building !== null) await building;
  if (force || isStale()) {
    building = build();
    try {
      await building;
    } finally {
      building = null;
    }
  }
  return LUA_DIST;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = await ensureLuaBuild({ force: process.argv.includes('--force') });
  console.log(`built ${path.relative(ROOT, path.join(dir, BUNDLE))}`);
}
