/**
 * First half of the keyword spotting runner (hosts/sim/firmware_kws.ts), evaluated before the
 * firmware: checks the files, and sets what the simulated microphone plays. A separate module so
 * that it runs before firmware/kws/main.ts creates its AudioIn (ES modules run in import order).
 *
 * Arguments (after the bundle): WAV files to play, in order, and `key=value` settings:
 *   resources=DIR   the directory holding audio_preprocessor_int8.tflite and micro_speech_quantized.tflite
 *   speed=N|max     N times real time (default 1); max: as fast as the firmware consumes
 *   gap=MS          padding before, between and after the clips (default 1000)
 *   padding=noise|zero   quiet noise (default, about the level of TFLM's silence clip) or digital zeros
 *   platform=lin|esp32   whose audio input buffering to follow (default lin; see modules/embedded_io/audio/in.ts)
 *   inferenceEvery=N, preprocessor=NAME, model=NAME   passed on to the firmware (mc/config)
 */
import { print, sim } from "./globals";
import { simulateAudioInput } from "./modules/embedded_io/audio/in";
import config from "./modules/mc/config";

const WHERE =
  "The keyword spotting demo needs TFLM's micro_speech files, which this project does not ship: " +
  "models/audio_preprocessor_int8.tflite and models/micro_speech_quantized.tflite (pass their directory as resources=DIR) " +
  "and 16 kHz mono 16-bit WAV files such as audio/yes_1000ms.wav. They are in ../shared/testdata (or $TINYML_TESTDATA); " +
  "they come from https://github.com/tensorflow/tflite-micro, folders tensorflow/lite/micro/examples/micro_speech/models and .../micro_speech/testdata (Apache-2.0).";

function fail(message: string): never {
  sim.stderr(`firmware_kws: ${message}\n${WHERE}\n`);
  sim.exit(2);
}

function readable(path: string): boolean {
  try {
    sim.readFile(path);
    return true;
  } catch {
    return false;
  }
}

const dir = config.resources === undefined ? undefined : String(config.resources);
if (dir === undefined) fail("no resources=DIR argument (the directory of the two .tflite models)");
for (const name of [String(config.preprocessor ?? "audio_preprocessor_int8.tflite"), String(config.model ?? "micro_speech_quantized.tflite")]) {
  if (!readable(`${dir}/${name}`)) fail(`cannot read ${dir}/${name}`);
}
const clips = sim.args.filter((a) => a.indexOf("=") < 0);
if (clips.length === 0) fail("no WAV files to play");
for (const c of clips) if (!readable(c)) fail(`cannot read ${c}`);

const speedArg = String(config.speed ?? "1");
const speed = speedArg === "max" ? Infinity : Number(speedArg);
if (!(speed > 0)) fail(`speed=${speedArg}: a positive number or max`);
const gap = Number(config.gap ?? 1000);
if (!(gap >= 0)) fail(`gap=${String(config.gap)}: milliseconds >= 0`);
const padding = String(config.padding ?? "noise");
if (padding !== "noise" && padding !== "zero") fail(`padding=${padding}: noise or zero`);

const platform = String(config.platform ?? "lin");
if (platform !== "lin" && platform !== "esp32") fail(`platform=${platform}: lin or esp32`);

/** What to do when the playlist has been played and read (the runner sets it). */
export const playlist = { end: (): void => sim.exit(0) };

simulateAudioInput({
  clips,
  platform,
  gapMs: gap,
  padding,
  speed,
  onClip: (c) => print(`clip ${c.index + 1}/${clips.length} ${c.path}: ${c.startMs} to ${c.endMs} ms`),
  onEnd: () => playlist.end(),
});
print(`tinyml-sim microphone (${platform} audio input): ${clips.length} WAV file${clips.length === 1 ? "" : "s"}, ${gap} ms of ${padding === "zero" ? "digital silence" : "quiet noise"} around each, ${speed === Infinity ? "as fast as the firmware reads" : speed === 1 ? "in real time" : `${speed}x real time`}`);
