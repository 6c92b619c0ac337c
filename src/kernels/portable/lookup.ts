/** Table lookup for int8 element-wise ops whose output depends on the input value alone (a 256-entry table built at prepare). */

/** output[i] = table[input[i] + 128]. */
export function lookupInt8(table: Int8Array, input: Int8Array, output: Int8Array): void {
  const n = output.length;
  for (let i = 0; i < n; i++) output[i] = table[input[i]! + 128]!;
}
