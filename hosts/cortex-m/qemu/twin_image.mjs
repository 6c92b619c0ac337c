// tinyml-xs: builds a Cortex-M4 "twin" image: kernel files of native/kernels linked twice, with their
// Arm DSP paths and compiled with TINYML_NO_DSP with their public functions renamed (name -> name_portable),
// beside a main that compares the two and counts the instructions of each (lstm_main.c, main_16x8.c).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const QEMU_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(QEMU_DIR, '..', '..', '..');
const KERNELS_DIR = path.join(ROOT, 'native', 'kernels');
const M4 = ['-mcpu=cortex-m4', '-mfpu=fpv4-sp-d16', '-mfloat-abi=hard'];
const CFLAGS = ['-std=c99', '-O2', '-mthumb', '-ffunction-sections', '-fdata-sections', '-Wall', '-Wextra', '-Werror', ...M4, `-I${KERNELS_DIR}`, `-I${QEMU_DIR}`];

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 16 << 20, cwd: ROOT }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} ${args.join(' ')}\n${stderr}`)) : resolve(stdout)));
  });
}

/**
 * Builds build/cortex-m/<name>/<name>.elf (QEMU's mps2-an386, a Cortex-M4F) from `main` (a C file of this
 * folder, without .c), the kernel `sources` (files of native/kernels, without .c) and the `renamed`
 * functions of their portable copies, and the `shared` files of native/kernels both copies call (linked once);
 * resolves to its path.
 */
export async function buildTwinImage({ name, main, sources, renamed, shared = [] }) {
  const out = path.join(ROOT, 'build', 'cortex-m', name);
  fs.mkdirSync(out, { recursive: true });
  const obj = (file) => path.join(out, `${file}.o`);
  const renames = ['-DTINYML_NO_DSP', ...renamed.map((f) => `-D${f}=${f}_portable`)];
  await Promise.all([
    ...sources.map((s) => run('arm-none-eabi-gcc', [...CFLAGS, '-c', path.join(KERNELS_DIR, `${s}.c`), '-o', obj(`${s}_dsp`)])),
    ...sources.map((s) => run('arm-none-eabi-gcc', [...CFLAGS, ...renames, '-c', path.join(KERNELS_DIR, `${s}.c`), '-o', obj(`${s}_portable`)])),
    ...shared.map((s) => run('arm-none-eabi-gcc', [...CFLAGS, '-c', path.join(KERNELS_DIR, `${s}.c`), '-o', obj(s)])),
    ...['startup', 'semihost', main].map((f) => run('arm-none-eabi-gcc', [...CFLAGS, '-c', path.join(QEMU_DIR, `${f}.c`), '-o', obj(f)])),
  ]);
  const elf = path.join(out, `${name}.elf`);
  await run('arm-none-eabi-gcc', [...M4, '-mthumb', '-nostartfiles', '-specs=nano.specs', '-specs=nosys.specs', '-Wl,--gc-sections', `-T${path.join(QEMU_DIR, 'link.ld')}`,
    '-o', elf, obj('startup'), obj('semihost'), obj(main), ...sources.flatMap((s) => [obj(`${s}_dsp`), obj(`${s}_portable`)]), ...shared.map(obj), '-lgcc']);
  return elf;
}
