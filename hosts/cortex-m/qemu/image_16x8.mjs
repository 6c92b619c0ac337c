// tinyml-xs: builds the Cortex-M4 image of the 16x8 kernels (hosts/cortex-m/qemu/main_16x8.c): conv,
// depthwise and fully connected with int16 activations, each linked with and without its Arm DSP path
// (their validation shared with the int8 kernels': validate_16x8.c, conv_2d.c's tinyml_conv_window_validate and
// tinyml_buffer_ok, fully_connected.c's tinyml_fc_window_validate).
import { buildTwinImage } from './twin_image.mjs';

const KERNELS = ['conv_2d', 'depthwise_conv_2d', 'fully_connected'];

/** Builds build/cortex-m/kernels_16x8/kernels_16x8.elf (QEMU mps2-an386); resolves to its path. */
export function build16x8Image() {
  const renamed = KERNELS.flatMap((k) => [`tinyml_${k}_int16`, `tinyml_${k}_int16_validate`, `tinyml_${k}_int16_scratch_bytes`]);
  return buildTwinImage({ name: 'kernels_16x8', main: 'main_16x8', sources: KERNELS.map((k) => `${k}_16x8`), renamed, shared: ['validate_16x8', 'conv_2d', 'fully_connected'] });
}
