/** Types for hosts/cortex-m/qemu/lstm_image.mjs (the Cortex-M4 LSTM image). */

/** Builds the image (build/cortex-m/lstm/lstm.elf); resolves to its path. */
export function buildLstmImage(): Promise<string>;
