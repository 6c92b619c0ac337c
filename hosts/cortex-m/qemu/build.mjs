#!/usr/bin/env node
// Builds the tinyml-xs bare-metal test and benchmark images for QEMU's Cortex-M boards, and runs them.
//
//   node hosts/cortex-m/qemu/build.mjs [--run] [--seed N] [--count N] [--out DIR]
//
// Steps (outputs under build/cortex-m/, git-ignored):
//  1. golden layers: real layers of the test models (../shared/testdata, or $TINYML_TESTDATA) are
//     extracted by golden_layers.ts (the TypeScript runtime) into golden_layers.bin; skipped with a
//     notice when the test data is absent;
//  2. test vectors: gen.c, built with the host gcc from native/kernels/*.c (the portable path),
//     writes vectors.c: the checksums of the seeded random cases and of the benchmark layers, and
//     the golden layers with theirs;
//  3. images, with arm-none-eabi-gcc and newlib: test.elf and bench.elf for
//       m4           Cortex-M4F (mps2-an386), the Arm DSP kernels
//       m4-portable  the same CPU and flags with the DSP kernels compiled out (-DTINYML_NO_DSP)
//       m7           Cortex-M7 (mps2-an500), the Arm DSP kernels
//     and m0plus (Cortex-M0+, the portable kernels), compiled and linked only: QEMU has no
//     Cortex-M0+ board with enough memory;
//  4. the kernels alone for Xtensa lx106 (gcc-xtensa-lx106), compiled only, when it is installed;
//  5. the cm4count QEMU plugin (../shared/tools/cm4count, or $TINYML_CM4COUNT), with the host gcc.
//
// From tests and benchmarks:
//   import { buildImages, runImage, toolchain } from './hosts/cortex-m/qemu/build.mjs';

import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const QEMU_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(QEMU_DIR, '..', '..', '..');
const KERNELS_DIR = path.join(ROOT, 'native', 'kernels');
const SHARED = path.resolve(ROOT, '..', 'shared');

export const TARGETS = {
  m4: { machine: 'mps2-an386', flags: ['-mcpu=cortex-m4', '-mfpu=fpv4-sp-d16', '-mfloat-abi=hard'], run: true, dsp: true },
  'm4-portable': { machine: 'mps2-an386', flags: ['-mcpu=cortex-m4', '-mfpu=fpv4-sp-d16', '-mfloat-abi=hard', '-DTINYML_NO_DSP'], run: true, dsp: false },
  m7: { machine: 'mps2-an500', flags: ['-mcpu=cortex-m7', '-mfpu=fpv5-sp-d16', '-mfloat-abi=hard'], run: true, dsp: true },
  m0plus: { machine: null, flags: ['-mcpu=cortex-m0plus', '-mfloat-abi=soft'], run: false, dsp: false },
};

const OPT = process.env.TINYML_CM_OPT ?? '-O2';
const CFLAGS = ['-std=c99', OPT, '-g', '-mthumb', '-ffunction-sections', '-fdata-sections', '-Wall', '-Wextra', '-Werror'];

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** Which tools are installed. */
export function toolchain() {
  return {
    armGcc: have('arm-none-eabi-gcc'),
    qemu: have('qemu-system-arm'),
    xtensaGcc: have('xtensa-lx106-elf-gcc'),
    hostGcc: have('gcc'),
    testdata: fs.existsSync(path.join(process.env.TINYML_TESTDATA ?? path.join(SHARED, 'testdata'), 'golden', 'manifest.json')),
    cm4count: fs.existsSync(path.join(cm4countDir(), 'cm4count.c')),
  };
}

function cm4countDir() {
  return process.env.TINYML_CM4COUNT ?? path.join(SHARED, 'tools', 'cm4count');
}

function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 64 << 20, cwd: ROOT, ...options }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}\n${stderr}${stdout}`.slice(0, 8000)));
      else resolve({ stdout, stderr });
    });
  });
}

function kernelSources() {
  return fs.readdirSync(KERNELS_DIR).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(KERNELS_DIR, f));
}

/** Steps 1 and 2: build/<out>/vectors.c. */
async function makeVectors(out, { seed, count, log }) {
  const tools = toolchain();
  let golden = '-';
  if (tools.testdata) {
    golden = path.join(out, 'golden_layers.bin');
    const r = await run(process.execPath, ['--import', 'tsx', path.join(QEMU_DIR, 'golden_layers.ts'), golden]);
    log(r.stdout.trim());
  } else {
    log('cortex-m: no test data (../shared/testdata): the golden layers are left out');
  }
  const gen = path.join(out, 'host', 'gen');
  fs.mkdirSync(path.dirname(gen), { recursive: true });
  await run('gcc', ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', `-I${KERNELS_DIR}`, `-I${QEMU_DIR}`, '-o', gen,
    path.join(QEMU_DIR, 'gen.c'), path.join(QEMU_DIR, 'cases.c'), path.join(QEMU_DIR, 'cases_signal.c'), ...kernelSources()]);
  const vectors = path.join(out, 'vectors.c');
  const r = await run(gen, [String(seed), String(count), golden, vectors]);
  log(r.stderr.trim());
  return vectors;
}

async function compile(gcc, flags, src, obj) {
  fs.mkdirSync(path.dirname(obj), { recursive: true });
  await run(gcc, [...flags, '-c', src, '-o', obj]);
  return obj;
}

/** The .text bytes of objects (all .text* sections), with arm-none-eabi-size -A. */
export async function textBytes(objects, sizeTool = 'arm-none-eabi-size') {
  let total = 0;
  for (const obj of objects) {
    const { stdout } = await run(sizeTool, ['-A', obj]);
    for (const line of stdout.split('\n')) {
      const m = /^(\.text\S*)\s+(\d+)/.exec(line);
      if (m) total += Number(m[2]);
    }
  }
  return total;
}

/** Step 3 for one target: test.elf and bench.elf. */
async function buildTarget(out, name, vectors, t = TARGETS[name]) {
  const dir = path.join(out, name);
  const flags = [...CFLAGS, ...t.flags, `-I${KERNELS_DIR}`, `-I${QEMU_DIR}`];
  const kernels = await Promise.all(kernelSources().map((src) => compile('arm-none-eabi-gcc', flags, src, path.join(dir, 'kernels', path.basename(src, '.c') + '.o'))));
  const common = await Promise.all(['startup.c', 'semihost.c', 'cases.c', 'cases_signal.c', 'test_main.c', 'bench_main.c'].map((f) =>
    compile('arm-none-eabi-gcc', flags, path.join(QEMU_DIR, f), path.join(dir, f.replace(/\.c$/, '.o')))));
  const vec = await compile('arm-none-eabi-gcc', flags.filter((f) => f !== '-g'), vectors, path.join(dir, 'vectors.o'));
  const [startup, semihost, cases, casesSignal, testMain, benchMain] = common;
  const link = async (main, elf) => {
    await run('arm-none-eabi-gcc', [...t.flags.filter((f) => !f.startsWith('-D')), '-mthumb', '-nostartfiles', '-specs=nano.specs', '-specs=nosys.specs',
      '-Wl,--gc-sections', `-T${path.join(QEMU_DIR, 'link.ld')}`, `-Wl,-Map=${elf}.map`, '-o', elf,
      startup, semihost, cases, casesSignal, main, vec, ...kernels, '-lgcc']);
    return elf;
  };
  const [test, bench] = await Promise.all([link(testMain, path.join(dir, 'test.elf')), link(benchMain, path.join(dir, 'bench.elf'))]);
  return { name, machine: t.machine, dsp: t.dsp, run: t.run, test, bench, kernelObjects: kernels, kernelTextBytes: await textBytes(kernels) };
}

/** Step 4: the portable kernels for Xtensa lx106, compiled only. */
async function buildXtensa(out) {
  const dir = path.join(out, 'xtensa-lx106');
  const flags = ['-std=c99', '-O2', '-ffreestanding', '-mlongcalls', '-Wall', '-Wextra', '-Werror', '-ffunction-sections', `-I${KERNELS_DIR}`];
  const objects = await Promise.all(kernelSources().map((src) => compile('xtensa-lx106-elf-gcc', flags, src, path.join(dir, path.basename(src, '.c') + '.o'))));
  return { objects, kernelTextBytes: await textBytes(objects, 'xtensa-lx106-elf-size') };
}

/** Step 5: build/<out>/libcm4count.so. */
export async function buildPlugin(out = path.join(ROOT, 'build', 'cortex-m')) {
  const so = path.join(out, 'libcm4count.so');
  fs.mkdirSync(out, { recursive: true });
  await run('gcc', ['-O2', '-shared', '-fPIC', '-fvisibility=hidden', '-Wall', `-I${cm4countDir()}`, '-o', so, path.join(cm4countDir(), 'cm4count.c')]);
  return so;
}

/**
 * Builds everything into `out` (default build/cortex-m/images). Resolves to
 * { targets: { m4, 'm4-portable', m7, m0plus }, xtensa: {objects, kernelTextBytes} | null, vectors }.
 * `extra`: more targets by name, as TARGETS's (e.g. the M4 with kernel variants left out, -DTINYML_VARIANT_<NAME>=0).
 */
export async function buildImages({ out = path.join(ROOT, 'build', 'cortex-m', 'images'), seed = 1, count = 600, log = () => {}, targets = Object.keys(TARGETS), extra = {} } = {}) {
  fs.mkdirSync(out, { recursive: true });
  const vectors = await makeVectors(out, { seed, count, log });
  const built = {};
  const all = [...targets.map((name) => [name, TARGETS[name]]), ...Object.entries(extra)];
  for (const r of await Promise.all(all.map(([name, t]) => buildTarget(out, name, vectors, t)))) built[r.name] = r;
  const xtensa = toolchain().xtensaGcc ? await buildXtensa(out) : null;
  return { targets: built, xtensa, vectors };
}

/** Address of a symbol in an ELF, with arm-none-eabi-nm. */
export async function symbol(elf, name) {
  const { stdout } = await run('arm-none-eabi-nm', [elf]);
  for (const line of stdout.split('\n')) {
    const [addr, , sym] = line.trim().split(/\s+/);
    if (sym === name) return `0x${addr}`;
  }
  throw new Error(`${name}: not in ${elf}`);
}

/**
 * Runs an image in qemu-system-arm with semihosting; with `plugin` (a cm4count .so), counts the
 * instructions between bench_start() and bench_stop(). Resolves to { code, stdout, stderr }.
 */
export async function runImage(elf, machine, { plugin = null, timeoutMs = 300000 } = {}) {
  const args = ['-M', machine, '-nographic', '-monitor', 'none', '-serial', 'none', '-semihosting-config', 'enable=on,target=native'];
  if (plugin !== null) {
    const start = await symbol(elf, 'bench_start');
    const stop = await symbol(elf, 'bench_stop');
    args.push('-plugin', `${plugin},start=${start},stop=${stop}`);
  }
  args.push('-kernel', elf);
  return new Promise((resolve) => {
    execFile('qemu-system-arm', args, { maxBuffer: 64 << 20, timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout, stderr, output: stdout + stderr });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const log = (s) => s && process.stderr.write(`${s}\n`);
  const tools = toolchain();
  if (!tools.armGcc) {
    log('arm-none-eabi-gcc is missing (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)');
    process.exit(2);
  }
  const res = await buildImages({ out: arg('--out', undefined), seed: Number(arg('--seed', 1)), count: Number(arg('--count', 600)), log });
  for (const t of Object.values(res.targets)) log(`${t.name}: ${path.relative(ROOT, t.test)}, ${path.relative(ROOT, t.bench)} (kernels .text ${t.kernelTextBytes} bytes)`);
  if (res.xtensa) log(`xtensa-lx106: kernels compiled (.text ${res.xtensa.kernelTextBytes} bytes)`);
  if (process.argv.includes('--run')) {
    let bad = 0;
    for (const t of Object.values(res.targets)) {
      if (!t.run) continue;
      const r = await runImage(t.test, t.machine);
      const summary = /SUMMARY .*/.exec(r.output)?.[0] ?? '(no summary)';
      log(`${t.name} (${t.machine}): exit ${r.code}, ${summary}`);
      if (r.code !== 0) {
        bad++;
        log(r.output.split('\n').filter((l) => l.startsWith('CHECK fail')).slice(0, 20).join('\n') + r.stderr);
      }
    }
    process.exit(bad ? 1 : 0);
  }
}
