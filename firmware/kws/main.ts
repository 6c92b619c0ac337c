/**
 * Keyword spotting firmware (TFLM's micro_speech: "yes" / "no") for Moddable devices and tinyml-sim.
 * The pipeline is ./kws.ts; this entry supplies the two models as resources, the clock, the log and
 * the settings (manifest "config" on a device; `key=value` arguments in tinyml-sim):
 *
 *   preprocessor      resource name of TFLM's audio_preprocessor_int8.tflite (default that name)
 *   model             resource name of TFLM's micro_speech_quantized.tflite (default that name)
 *   inferenceEvery    run the classifier every N 20 ms frames (default 2)
 *
 * The models are TFLM's (tensorflow/tflite-micro, tensorflow/lite/micro/examples/micro_speech/models,
 * Apache-2.0); this project does not ship them: a device build lists them in its manifest's
 * "resources", tinyml-sim reads them from the `resources=DIR` directory.
 */
import Resource from "Resource";
import Time from "time";
import config from "mc/config";
import { startKeywordSpotting, type KwsApp } from "./kws";

/** ms; sub-millisecond where the host has Time.microseconds. */
const ticks = (): number => {
  const us = Time.microseconds;
  return us === undefined ? Time.ticks : us / 1000;
};

const log = (line: string): void => trace(line, "\n");

/** Starts keyword spotting, or says what is wrong (a missing model, a bad setting) and returns null: nothing is thrown at start. */
function start(): KwsApp | null {
  const preprocessor = String(config.preprocessor ?? "audio_preprocessor_int8.tflite");
  const model = String(config.model ?? "micro_speech_quantized.tflite");
  for (const name of [preprocessor, model]) {
    if (!Resource.exists(name)) {
      log(`keyword spotting needs the resource ${name}: TFLM's micro_speech models (tensorflow/tflite-micro, tensorflow/lite/micro/examples/micro_speech/models) listed in the manifest's "resources"; not started`);
      return null;
    }
  }
  try {
    return startKeywordSpotting({
      preprocessor: new Resource(preprocessor),
      model: new Resource(model),
      ticks,
      log,
      inferenceEvery: Number(config.inferenceEvery ?? 2),
    });
  } catch (e) {
    log(`keyword spotting not started: ${String((e as { message?: unknown } | null)?.message ?? e)}`);
    return null;
  }
}

export const kws = start();
