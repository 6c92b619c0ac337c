// tinyml-xs: builds the Cortex-M4 LSTM image (hosts/cortex-m/qemu/lstm_main.c): native/kernels/lstm.c
// linked twice, with the Arm DSP path and compiled with TINYML_NO_DSP under another name, so that one
// image compares the two and counts the instructions of each (see lstm_main.c).
import { buildTwinImage } from './twin_image.mjs';

/** Builds build/cortex-m/lstm/lstm.elf (for QEMU's mps2-an386, a Cortex-M4F); resolves to its path. */
export function buildLstmImage() {
  return buildTwinImage({ name: 'lstm', main: 'lstm_main', sources: ['lstm'], renamed: ['tinyml_lstm_int8', 'tinyml_lstm_int8_validate'] });
}
