/**
 * Feeds the keyword spotting firmware under Moddable's desktop simulator (mcsim, `-p lin`) from WAV
 * files, through the SDK's own lin audio input (ALSA capture from the "default" device): writes
 * DIR/playlist.raw (the clips as 16 kHz mono 16-bit PCM, with 1 s of quiet noise before, between
 * and after them, as tinyml-sim's microphone plays them) and DIR/.asoundrc, which makes ALSA's
 * "default" device the "file" plugin reading playlist.raw. mcsim then runs with HOME=DIR (ALSA
 * reads ~/.asoundrc; mcsim copies the app to ~/.config/tech.moddable.mcsim, created here).
 *
 *   npx tsx src/cli/alsa_playlist.ts DIR yes_1000ms.wav no_1000ms.wav ...
 *
 * Node only (a maintainer's tool for the procedure in hosts/README.md).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseWav } from "../audio/wav";
import { quietNoise } from "../../hosts/sim/modules/embedded_io/audio/quiet_noise";

const [dirArg, ...clips] = process.argv.slice(2);
if (dirArg === undefined || clips.length === 0) {
  console.error("usage: npx tsx src/cli/alsa_playlist.ts DIR CLIP.wav [CLIP.wav ...]");
  process.exit(2);
}
const dir = resolve(dirArg);
const RATE = 16000;
const noise = quietNoise(4);
const gap = () => Int16Array.from({ length: RATE }, noise);
const parts: Int16Array[] = [gap()];
for (const clip of clips) {
  let wav;
  try {
    const b = readFileSync(clip);
    wav = parseWav(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  } catch (e) {
    console.error(`${clip}: ${(e as Error).message}`);
    process.exit(1);
  }
  if (wav.sampleRate !== RATE) {
    console.error(`${clip}: sampled at ${wav.sampleRate} Hz; the firmware listens at ${RATE} Hz`);
    process.exit(1);
  }
  parts.push(wav.samples, gap());
}
const samples = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
let at = 0;
for (const p of parts) {
  samples.set(p, at);
  at += p.length;
}
mkdirSync(join(dir, ".config", "tech.moddable.mcsim"), { recursive: true });
writeFileSync(join(dir, "playlist.raw"), new Uint8Array(samples.buffer));
writeFileSync(join(dir, ".asoundrc"), `pcm.!default {\n\ttype file\n\tslave.pcm "null"\n\tfile "/dev/null"\n\tinfile "${join(dir, "playlist.raw")}"\n\tformat "raw"\n}\n`);
console.log(`${join(dir, "playlist.raw")}: ${(samples.length / RATE).toFixed(2)} s (${clips.length} clip${clips.length === 1 ? "" : "s"}); run mcsim with HOME=${dir}`);
