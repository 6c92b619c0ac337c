// tinyml-xs: builds the Cortex-M4 LSTM image (hosts/cortex-m/qemu/lstm_main.c): native/kernels/lstm.c
// linked twice, with the Arm DSP path and compiled with TINYML_NO_DSP under another name, so that one
// image compares the two and counts the instructions of each (see lstm_main.c).
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

/** Builds build/cortex-m/lstm/lstm.elf (for QEMU's mps2-an386, a Cortex-M4F); resolves to its path. */
export async function buildLstmImage(out = path.join(ROOT, 'build', 'cortex-m', 'lstm')) {
  fs.mkdirSync(out, { recursive: true });
  const obj = (name) => path.join(out, `${name}.o`);
  const renamed = ['-DTINYML_NO_DSP', '-Dtinyml_lstm_int8=tinyml_lstm_int8_portable', '-Dtinyml_lstm_int8_validate=tinyml_lstm_int8_validate_portable'];
  await Promise.all([
    run('arm-none-eabi-gcc', [...CFLAGS, '-c', path.join(KERNELS_DIR, 'lstm.c'), '-o', obj('lstm_dsp')]),
    run('arm-none-eabi-gcc', [...CFLAGS, ...renamed, '-c', path.join(KERNELS_DIR, 'lstm.c'), '-o', obj('lstm_portable')]),
    ...['startup', 'semihost', 'lstm_main'].map((f) => run('arm-none-eabi-gcc', [...CFLAGS, '-c', path.join(QEMU_DIR, `${f}.c`), '-o', obj(f)])),
  ]);
  const elf = path.join(out, 'lstm.elf');
  await run('arm-none-eabi-gcc', [...M4, '-mthumb', '-nostartfiles', '-specs=nano.specs', '-specs=nosys.specs', '-Wl,--gc-sections', `-T${path.join(QEMU_DIR, 'link.ld')}`,
    '-o', elf, obj('startup'), obj('semihost'), obj('lstm_main'), obj('lstm_dsp'), obj('lstm_portable'), '-lgcc']);
  return elf;
}
