/**
 * The quiet noise tinyml-sim's microphone plays around its clips (a real microphone never gives
 * digital zeros): xorshift32 from a fixed seed, integers uniform in [-amplitude, amplitude], the same
 * sequence every run. src/cli/alsa_playlist.ts writes the same samples for the SDK's simulator, so
 * that the KWS firmware hears the same audio under mcsim as in tinyml-sim.
 */
export function quietNoise(amplitude: number): () => number {
  let seed = 0x2545f491;
  return () => {
    let x = seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    seed = x >>> 0;
    return (seed % (2 * amplitude + 1)) - amplitude;
  };
}
