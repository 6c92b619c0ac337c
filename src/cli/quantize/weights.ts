/**
 * Symmetric int8 weights as TFLite quantizes them: values in [-127, 127], zero point 0, one scale
 * (max |w| / 127) for the whole tensor or one per index along a channel dimension.
 */
export function quantizeSymmetric(values: ArrayLike<number>, shape: readonly number[], channelDim: number | null): { data: Int8Array; scales: number[] } {
  const channels = channelDim === null ? 1 : shape[channelDim]!;
  // Elements between two consecutive indices of the channel dimension.
  const inner = channelDim === null ? 1 : shape.slice(channelDim + 1).reduce((a, b) => a * b, 1);
  const channelOf = (i: number) => (channelDim === null ? 0 : Math.floor(i / inner) % channels);
  const maxAbs = new Array<number>(channels).fill(0);
  for (let i = 0; i < values.length; i++) maxAbs[channelOf(i)] = Math.max(maxAbs[channelOf(i)]!, Math.abs(values[i]!));
  const scales = maxAbs.map((m) => Math.fround(m > 0 ? m / 127 : 1));
  const data = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / scales[channelOf(i)]!)));
  return { data, scales };
}
