#!/usr/bin/env node
// Builds tinyml-m4, the bare-metal XS image for QEMU mps2-an386 (Cortex-M4F): the XS engine
// sources shipped in @agoric/xsnap (as the simulator), the platform layer in this directory,
// ../startup.c and ../semihost.c, and every C file under native/ (the Arm DSP kernel paths are
// on: the compiler targets the DSP extension), with arm-none-eabi-gcc and newlib.
//
//   node hosts/cortex-m/qemu/xs/build.mjs [--force] [--verbose]
//
// Output: build/cortex-m/xs/tinyml-m4.elf. Objects are cached per source under
// build/cortex-m/xs/obj, with the simulator builder's rules (hosts/sim/build.mjs).
//
// $TINYML_M4_NATIVE_FLAGS (space-separated, e.g. kernel variants left out: -DTINYML_VARIANT_FC_ONE=0,
// native/kernels/tinyml_variants.h) builds the natives with those flags too, into an image of its
// own beside the default one (build/cortex-m/xs/flavors/<hash>/: its natives' objects and the image;
// the engine's objects are shared).

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpBeside } from '../../../tmp_name.mjs';
import { compile, ensureSim, findXsnap, isFresh, listC, mtime, plan as simPlan, pool, readText, run, withLock } from '../../../sim/build.mjs';

const HOST_DIR = path.dirname(fileURLToPath(import.meta.url));
const QEMU_DIR = path.dirname(HOST_DIR);
const ROOT = path.resolve(QEMU_DIR, '..', '..', '..');
const NATIVE_DIR = path.join(ROOT, 'native');
const SHARED_HOST_DIR = path.join(ROOT, 'hosts', 'xs_host');
const OUT_DIR = path.join(ROOT, 'build', 'cortex-m', 'xs');
export const IMAGE = path.join(OUT_DIR, 'tinyml-m4.elf');
const CC = 'arm-none-eabi-gcc';

/** The QEMU board and the size of the fixed region XS's chunks, slots and stack come from. */
export const MACHINE = 'mps2-an386';
export const XS_REGION_BYTES = 2560 * 1024;
/** Bytes per XS slot on this 32-bit target. */
export const SLOT_BYTES = 16;

const CPU = ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16'];

// As on a device: no mxDebug (no line numbers in the byte code), no Unicode property escapes in
// regular expressions, no String.prototype.normalize; the parser is in (the image parses the bundle).
const XS_DEFINES = [
  '-DINCLUDE_XSPLATFORM=1',
  '-DXSPLATFORM="m4_platform.h"',
  '-DmxParse=1',
  '-DmxRun=1',
  '-DmxSloppy=1',
  '-DmxMinusZero=1',
  '-DmxBoundsCheck=1',
  '-DmxNoConsole=1',
];

/** $TINYML_M4_NATIVE_FLAGS, and the directory of the image built with them (null: the default image). */
function flavor() {
  const flags = (process.env.TINYML_M4_NATIVE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  if (flags.length === 0) return { flags, dir: null };
  return { flags, dir: path.join(OUT_DIR, 'flavors', createHash('sha256').update(flags.join(' ')).digest('hex').slice(0, 12)) };
}

function plan() {
  const { flags: nativeFlags, dir: flavorDir } = flavor();
  const xs = path.join(findXsnap(), 'moddable', 'xs');
  const common = [
    '-std=gnu11', '-O2', '-g', ...CPU, '-ffunction-sections', '-fdata-sections',
    ...XS_DEFINES,
    `-I${path.join(xs, 'includes')}`, `-I${path.join(xs, 'platforms')}`, `-I${path.join(xs, 'sources')}`,
    `-I${HOST_DIR}`, `-I${SHARED_HOST_DIR}`, `-I${QEMU_DIR}`, `-I${NATIVE_DIR}`,
  ];
  const xsFlags = [...common, '-w', '-fwrapv'];
  const ownFlags = [...common, '-Wall', '-Wextra', '-Wno-unused-parameter', '-Wno-missing-field-initializers'];
  const units = [];
  const add = (group, base, file, flags) => {
    const rel = path.relative(base, file).split(path.sep).join('__').replace(/\.c$/, '.o');
    units.push({ source: file, object: path.join(OUT_DIR, 'obj', group, rel), flags });
  };
  const xsSources = path.join(xs, 'sources');
  for (const file of listC(xsSources, false)) if (path.basename(file) !== 'xsSnapshot.c') add('xs', xsSources, file, xsFlags);
  // the region size is a setting of m4_memory.c alone
  for (const file of listC(HOST_DIR, false)) add('host', HOST_DIR, file, path.basename(file) === 'm4_memory.c' ? [...ownFlags, `-DM4_XS_REGION_BYTES=${XS_REGION_BYTES}`] : ownFlags);
  for (const name of ['startup.c', 'semihost.c']) add('host', QEMU_DIR, path.join(QEMU_DIR, name), ownFlags);
  for (const file of listC(SHARED_HOST_DIR, false)) add('xs_host', SHARED_HOST_DIR, file, ownFlags);
  for (const file of listC(NATIVE_DIR, true)) {
    if (flavorDir === null) add('native', NATIVE_DIR, file, ownFlags);
    else units.push({ source: file, object: path.join(flavorDir, 'obj', path.relative(NATIVE_DIR, file).split(path.sep).join('__').replace(/\.c$/, '.o')), flags: [...ownFlags, ...nativeFlags] });
  }
  return { cc: CC, units, image: flavorDir === null ? IMAGE : path.join(flavorDir, 'tinyml-m4.elf') };
}

/** Builds the image when missing or stale; resolves to {image, compiled, total, linked, seconds}. */
export async function buildImage({ force = false, verbose = false, log = (line) => console.error(line) } = {}) {
  const started = performance.now();
  const p = plan();
  const IMAGE = p.image;
  fs.mkdirSync(path.dirname(IMAGE), { recursive: true });
  const version = `${CC}: ${(await run(CC, ['--version'])).output.split('\n')[0]}`;
  return withLock(OUT_DIR, async () => {
    const stale = [];
    for (const unit of p.units) {
      unit.command = JSON.stringify([version, ...unit.flags, unit.source]);
      if (force || !(await isFresh(unit, unit.command))) stale.push(unit);
    }
    const failures = [];
    await pool(stale, os.availableParallelism(), async (unit) => {
      const result = await compile(p, unit, unit.command, verbose, log);
      if (result.code !== 0) failures.push(result.output || `${CC} failed on ${unit.source}\n`);
      else if (result.output) log(result.output.trimEnd());
    });
    if (failures.length) throw new Error(`tinyml-m4: compilation failed\n${failures.join('')}`);
    const objects = p.units.map((unit) => unit.object);
    const linkArgs = [...CPU, '-nostartfiles', '-specs=nano.specs', '-specs=nosys.specs', '-Wl,--gc-sections',
      `-T${path.join(QEMU_DIR, 'link.ld')}`, `-Wl,-Map=${IMAGE}.map`, ...objects, '-lm'];
    const linkCommand = JSON.stringify([version, ...linkArgs]);
    const imageTime = await mtime(IMAGE);
    let relink = force || stale.length > 0 || imageTime === undefined || (await readText(`${IMAGE}.cmd`)) !== linkCommand;
    for (const object of objects) if (!relink && (await mtime(object)) > imageTime) relink = true;
    if (relink) {
      const tmp = tmpBeside(IMAGE);
      const args = [...linkArgs, '-o', tmp];
      if (verbose) log(`${CC} ${args.join(' ')}`);
      const result = await run(CC, args);
      // libnosys warns that its stubs (_close, _lseek...) always fail: the image never calls them
      const warnings = result.output.split('\n').filter((l) => l.trim() && !/is not implemented and will always fail|in function `_/.test(l));
      if (result.code !== 0) throw new Error(`tinyml-m4: link failed\n${result.output}`);
      if (warnings.length && verbose) log(warnings.join('\n'));
      fs.renameSync(tmp, IMAGE);
      fs.writeFileSync(`${IMAGE}.cmd`, linkCommand);
    }
    return { image: IMAGE, compiled: stale.length, total: p.units.length, linked: relink, seconds: (performance.now() - started) / 1000 };
  });
}

/** The image's path, building it first when missing or stale (a summary line on stderr when it had to). */
export async function ensureImage({ quiet = false } = {}) {
  const r = await buildImage({ log: quiet ? () => {} : (line) => console.error(line) });
  if (!quiet && (r.compiled || r.linked)) console.error(`tinyml-m4: compiled ${r.compiled}/${r.total} objects${r.linked ? ', linked' : ''} in ${r.seconds.toFixed(1)}s`);
  return r.image;
}

const XSC = path.join(OUT_DIR, 'tinyml-m4-xsc');
const XSC_SOURCE = path.join(HOST_DIR, 'compiler', 'm4_xsc.c');

/** Builds compiler/m4_xsc.c with the host gcc against the simulator's XS objects (built first when stale). */
async function ensureCompiler() {
  await ensureSim({ quiet: true });
  const sim = simPlan({ sanitize: false, compiler: { cc: process.env.CC || 'gcc', clang: false } });
  const xsUnits = sim.units.filter((u) => !u.own);
  const newest = Math.max(...(await Promise.all([XSC_SOURCE, ...xsUnits.map((u) => u.object)].map(mtime))));
  if ((await mtime(XSC)) >= newest) return XSC;
  const tmp = tmpBeside(XSC);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const r = await run(sim.cc, [...xsUnits[0].flags.filter((f) => f !== '-w'), '-Wall', '-Wextra', '-Wno-unused-parameter', '-o', tmp, XSC_SOURCE, ...xsUnits.map((u) => u.object), ...sim.libraries]);
  if (r.code !== 0) throw new Error(`tinyml-m4-xsc: build failed\n${r.output}`);
  fs.renameSync(tmp, XSC);
  return XSC;
}

/** Compiles a bundle (an ES module) to build/cortex-m/xs/NAME.xsb when the bundle or the compiler is newer; returns its path. */
export async function compileBundle(js) {
  const xsc = await ensureCompiler();
  const out = path.join(OUT_DIR, `${path.basename(js, '.js')}.xsb`);
  const outTime = await mtime(out);
  if (outTime !== undefined && outTime >= (await mtime(js)) && outTime >= (await mtime(xsc))) return out;
  const tmp = tmpBeside(out);
  const r = await run(xsc, [js, tmp]);
  if (r.code !== 0) throw new Error(`tinyml-m4: cannot compile ${js}\n${r.output}`);
  fs.renameSync(tmp, out);
  return out;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  try {
    const r = await buildImage({ force: args.includes('--force'), verbose: args.includes('--verbose') });
    console.log(`tinyml-m4: compiled ${r.compiled}/${r.total} objects${r.linked ? ', linked' : ''} in ${r.seconds.toFixed(1)}s -> ${path.relative(process.cwd(), r.image)}`);
  } catch (e) {
    console.error(e.message);
    process.exitCode = 1;
  }
}
