#!/usr/bin/env node
// Builds tinyml-sim, the desktop simulator host: the XS engine sources shipped
// in @agoric/xsnap (moddable/xs), hosts/sim/*.c and native/**/*.c, with gcc.
//
//   node hosts/sim/build.mjs [--sanitize] [--m32] [--force] [--verbose]
//
// Output: build/sim/tinyml-sim (build/sim-sanitize/tinyml-sim with --sanitize,
// build/sim32/tinyml-sim with --m32: a 32-bit program, 16-byte XS slots as on an MCU).
// Objects are cached per source under build/sim*/obj: an object is rebuilt when
// its source or any header it includes (gcc -MMD) is newer than it, or when its
// compile command changed; the binary is relinked when an object is newer or the
// object list changed. Several processes may call ensureSim() at once: a lock
// directory serializes them.
//
// From other scripts and tests:
//   import { ensureSim } from './hosts/sim/build.mjs';
//   const binary = await ensureSim({ sanitize: false });

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpBeside } from '../tmp_name.mjs';

const HOST_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HOST_DIR, '..', '..');
const NATIVE_DIR = path.join(ROOT, 'native');
// What the XS hosts share (the Cortex-M4 image builds it too).
const SHARED_HOST_DIR = path.join(ROOT, 'hosts', 'xs_host');
const BINARY_NAME = 'tinyml-sim';

// XS engine sources not linked into the sim (snapshots are not used).
const XS_EXCLUDED = new Set(['xsSnapshot.c']);

// The feature set of xsnap/xst (moddable/xs/makefiles/lin/xst.mk), minus
// snapshots, lockdown, metering and profiling. mxDebug keeps file:line in
// error stacks (the xsbug connection hooks are the no-op defaults of
// xsPlatforms.c); mxNoConsole silences XS's own console reports, the sim
// prints parse errors and uncaught exceptions itself.
const XS_DEFINES = [
  '-DINCLUDE_XSPLATFORM=1',
  '-DXSPLATFORM="sim_platform.h"',
  '-DmxParse=1',
  '-DmxRun=1',
  '-DmxSloppy=1',
  '-DmxRegExpUnicodePropertyEscapes=1',
  '-DmxStringNormalize=1',
  '-DmxMinusZero=1',
  '-DmxBoundsCheck=1',
  '-DmxDebug=1',
  '-DmxNoConsole=1',
];

const SANITIZE_FLAGS = [
  '-fsanitize=address,undefined',
  '-fno-omit-frame-pointer',
  '-fno-sanitize-recover=undefined',
];

/** Directory of the installed @agoric/xsnap package. */
export function findXsnap() {
  try {
    const require = createRequire(import.meta.url);
    return path.dirname(require.resolve('@agoric/xsnap/package.json'));
  } catch {
    // exports maps or odd layouts: walk up looking for node_modules
    for (let dir = HOST_DIR; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', '@agoric', 'xsnap');
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`${BINARY_NAME}: cannot find the @agoric/xsnap package (run npm install)`);
}

export function listC(dir, recursive) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...listC(full, true));
    } else if (entry.isFile() && entry.name.endsWith('.c')) {
      out.push(full);
    }
  }
  return out.sort();
}

export function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => resolve({ code: -1, output: `${command}: ${error.message}\n` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function compilerInfo(cc) {
  const { code, output } = await run(cc, ['--version']);
  if (code !== 0) throw new Error(`${BINARY_NAME}: cannot run the C compiler "${cc}": ${output.trim()}`);
  const version = `${cc}: ${output.split('\n')[0].trim()}`;
  return { version, clang: /clang/i.test(version) };
}

/** Everything that decides what gets built and how. */
export function plan({ sanitize, m32, compiler }) {
  const cc = compiler.cc;
  const xs = path.join(findXsnap(), 'moddable', 'xs');
  const outDir = path.join(ROOT, 'build', `sim${m32 ? '32' : ''}${sanitize ? '-sanitize' : ''}`);
  // -m32: pointers of 4 bytes, so XS slots of 16 bytes and chunk headers as on a 32-bit MCU.
  const wordSize = m32 ? ['-m32'] : [];
  const common = [
    ...wordSize,
    '-std=gnu11',
    '-g',
    sanitize ? '-O1' : '-O2',
    '-fno-common',
    ...(sanitize ? [...SANITIZE_FLAGS, '-DmxASANStackMargin=131072'] : []),
    ...XS_DEFINES,
    `-I${path.join(xs, 'includes')}`,
    `-I${path.join(xs, 'platforms')}`,
    `-I${path.join(xs, 'sources')}`,
    `-I${HOST_DIR}`,
    `-I${SHARED_HOST_DIR}`,
    `-I${NATIVE_DIR}`,
  ];
  // Vendored engine: its warnings are not ours to fix. -fwrapv: XS relies on
  // wrapping signed arithmetic (e.g. Math.imul multiplies ints); make that
  // defined rather than undefined behavior, in every build. Its byte code
  // reader loads 16- and 32-bit operands from odd addresses by design.
  // fxUnicodeLength (xsCommon.c) reads whole words past the end of strings,
  // and opts out of ASan only where __has_feature exists (clang): give gcc one.
  const xsFlags = [...common, '-w', '-fwrapv'];
  if (sanitize) {
    xsFlags.push('-fno-sanitize=alignment');
    if (!compiler.clang) xsFlags.push('-D__has_feature(x)=1');
  }
  const ownFlags = [...common, '-Wall', '-Wextra', '-Wno-unused-parameter', '-Wno-missing-field-initializers'];
  const units = [];
  const add = (group, base, file, flags) => {
    const rel = path.relative(base, file).split(path.sep).join('__').replace(/\.c$/, '.o');
    units.push({ source: file, object: path.join(outDir, 'obj', group, rel), flags, own: group !== 'xs' });
  };
  const xsSources = path.join(xs, 'sources');
  for (const file of listC(xsSources, false)) {
    if (!XS_EXCLUDED.has(path.basename(file))) add('xs', xsSources, file, xsFlags);
  }
  for (const file of listC(HOST_DIR, false)) add('host', HOST_DIR, file, ownFlags);
  for (const file of listC(SHARED_HOST_DIR, false)) add('xs_host', SHARED_HOST_DIR, file, ownFlags);
  for (const file of listC(NATIVE_DIR, true)) add('native', NATIVE_DIR, file, ownFlags);
  return {
    cc,
    outDir,
    binary: path.join(outDir, BINARY_NAME),
    units,
    linkFlags: [...wordSize, ...(sanitize ? SANITIZE_FLAGS : [])],
    libraries: ['-lm', '-lpthread', '-ldl'],
  };
}

export async function mtime(file) {
  try {
    return (await fsp.stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

export async function readText(file) {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

// Dependencies listed in a gcc -MMD file ("obj: src hdr1 hdr2 \\\n hdr3").
function parseDepFile(text) {
  const body = text.replace(/\\\r?\n/g, ' ');
  const colon = body.indexOf(': ');
  const list = colon < 0 ? '' : body.slice(colon + 2);
  const deps = [];
  for (const match of list.matchAll(/(?:\\.|[^\s\\])+/g)) deps.push(match[0].replace(/\\(.)/g, '$1'));
  return deps;
}

export async function isFresh(unit, command) {
  const objectTime = await mtime(unit.object);
  if (objectTime === undefined) return false;
  if ((await readText(`${unit.object}.cmd`)) !== command) return false;
  const depText = await readText(`${unit.object}.d`);
  if (depText === undefined) return false;
  const deps = parseDepFile(depText);
  if (!deps.includes(unit.source)) return false;
  for (const dep of deps) {
    const time = await mtime(dep);
    if (time === undefined || time > objectTime) return false;
  }
  return true;
}

export async function compile(p, unit, command, verbose, log) {
  await fsp.mkdir(path.dirname(unit.object), { recursive: true });
  const tmp = tmpBeside(unit.object);
  const args = [...unit.flags, '-MMD', '-MT', unit.object, '-MF', `${tmp}.d`, '-c', unit.source, '-o', tmp];
  if (verbose) log(`${p.cc} ${args.join(' ')}`);
  const result = await run(p.cc, args);
  if (result.code !== 0) {
    await fsp.rm(tmp, { force: true });
    await fsp.rm(`${tmp}.d`, { force: true });
    return result;
  }
  await fsp.rename(`${tmp}.d`, `${unit.object}.d`);
  await fsp.rename(tmp, unit.object);
  await fsp.writeFile(`${unit.object}.cmd`, command);
  return result;
}

export async function pool(items, jobs, worker) {
  let next = 0;
  const runners = Array.from({ length: Math.min(jobs, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await worker(item);
    }
  });
  await Promise.all(runners);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

// One build per output directory at a time (parallel test workers call ensureSim).
export async function withLock(outDir, fn) {
  const lock = path.join(outDir, '.lock');
  await fsp.mkdir(outDir, { recursive: true });
  for (;;) {
    try {
      await fsp.mkdir(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number.parseInt((await readText(path.join(lock, 'pid'))) ?? '', 10);
      if (Number.isInteger(owner) && !alive(owner)) {
        await fsp.rm(lock, { recursive: true, force: true });
        continue;
      }
      if (!Number.isInteger(owner)) {
        // the owner may be between mkdir and writing its pid; give up on it after a while
        const since = await mtime(lock);
        if (since !== undefined && Date.now() - since > 10_000) {
          await fsp.rm(lock, { recursive: true, force: true });
          continue;
        }
      }
      await sleep(250);
    }
  }
  try {
    await fsp.writeFile(path.join(lock, 'pid'), String(process.pid));
    return await fn();
  } finally {
    await fsp.rm(lock, { recursive: true, force: true });
  }
}

/**
 * Builds the simulator if needed.
 * @returns {Promise<{binary: string, compiled: number, total: number, linked: boolean, seconds: number, warnings: string}>}
 */
export async function build({ sanitize = false, m32 = false, force = false, verbose = false, log = (line) => console.error(line) } = {}) {
  const started = performance.now();
  const cc = process.env.CC || 'gcc';
  const compiler = { cc, ...(await compilerInfo(cc)) };
  const p = plan({ sanitize, m32, compiler });
  const { version } = compiler;
  return withLock(p.outDir, async () => {
    const stale = [];
    for (const unit of p.units) {
      unit.command = JSON.stringify([version, ...unit.flags, unit.source]);
      if (force || !(await isFresh(unit, unit.command))) stale.push(unit);
    }
    const failures = [];
    let warnings = '';
    await pool(stale, os.availableParallelism(), async (unit) => {
      const result = await compile(p, unit, unit.command, verbose, log);
      if (result.code !== 0) failures.push(result.output || `${p.cc} failed on ${unit.source}\n`);
      else if (result.output) warnings += result.output;
    });
    if (warnings) log(warnings.trimEnd());
    if (failures.length) {
      const error = new Error(`${BINARY_NAME}: compilation failed\n${failures.join('')}`);
      error.compilerOutput = failures.join('');
      throw error;
    }

    const objects = p.units.map((unit) => unit.object);
    const linkArgs = [...p.linkFlags, ...objects, ...p.libraries];
    const linkCommand = JSON.stringify([version, ...linkArgs]);
    const binaryTime = await mtime(p.binary);
    let relink = force || stale.length > 0 || binaryTime === undefined
      || (await readText(`${p.binary}.cmd`)) !== linkCommand;
    if (!relink) {
      for (const object of objects) {
        const time = await mtime(object);
        if (time === undefined || time > binaryTime) {
          relink = true;
          break;
        }
      }
    }
    if (relink) {
      const tmp = tmpBeside(p.binary);
      const args = [...linkArgs.slice(0, p.linkFlags.length), '-o', tmp, ...linkArgs.slice(p.linkFlags.length)];
      if (verbose) log(`${p.cc} ${args.join(' ')}`);
      const result = await run(p.cc, args);
      if (result.code !== 0) {
        await fsp.rm(tmp, { force: true });
        const error = new Error(`${BINARY_NAME}: link failed\n${result.output}`);
        error.compilerOutput = result.output;
        throw error;
      }
      if (result.output) log(result.output.trimEnd());
      await fsp.rename(tmp, p.binary);
      await fsp.writeFile(`${p.binary}.cmd`, linkCommand);
    }
    return {
      binary: p.binary,
      compiled: stale.length,
      total: p.units.length,
      linked: relink,
      seconds: (performance.now() - started) / 1000,
      warnings,
    };
  });
}

function summary(result) {
  const where = path.relative(process.cwd(), result.binary) || result.binary;
  const what = result.compiled || result.linked
    ? `compiled ${result.compiled}/${result.total} objects${result.linked ? ', linked' : ''}`
    : 'up to date';
  return `${BINARY_NAME}: ${what} in ${result.seconds.toFixed(1)}s -> ${where}`;
}

/**
 * Returns the path of the simulator binary, building it first when missing or stale.
 * Logs a summary line on stderr when it had to build (unless quiet).
 * @param {{sanitize?: boolean, m32?: boolean, force?: boolean, quiet?: boolean}} [options]
 * @returns {Promise<string>}
 */
export async function ensureSim({ sanitize = false, m32 = false, force = false, quiet = false } = {}) {
  const log = quiet ? () => {} : (line) => console.error(line);
  const result = await build({ sanitize, m32, force, log });
  if (result.compiled || result.linked) log(summary(result));
  return result.binary;
}

async function main(argv) {
  const options = { sanitize: false, m32: false, force: false, verbose: false };
  for (const arg of argv) {
    if (arg === '--sanitize') options.sanitize = true;
    else if (arg === '--m32') options.m32 = true;
    else if (arg === '--force') options.force = true;
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '-h' || arg === '--help') {
      console.log('usage: node hosts/sim/build.mjs [--sanitize] [--m32] [--force] [--verbose]');
      return 0;
    } else {
      console.error(`${BINARY_NAME}: unknown option ${arg}`);
      return 2;
    }
  }
  try {
    const result = await build({ ...options, log: (line) => console.error(line) });
    console.log(summary(result));
    return 0;
  } catch (error) {
    console.error(error.compilerOutput ? `${error.compilerOutput.trimEnd()}\n${BINARY_NAME}: build failed` : error.message);
    return 1;
  }
}

const invoked = process.argv[1] && (() => {
  try {
    return fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();
if (invoked) process.exitCode = await main(process.argv.slice(2));
