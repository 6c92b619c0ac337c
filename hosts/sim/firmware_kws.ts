/**
 * Runs the keyword spotting firmware (firmware/kws/main.ts) inside tinyml-sim: the simulated
 * embedded:io/audio/in plays the WAV files given as arguments, the firmware prints what it hears,
 * and when the playlist has been played the run prints a summary and exits 0. Arguments: see
 * ./firmware_kws_setup.ts, e.g.
 *
 *   build/sim/tinyml-sim build/sim-bundles/firmware_kws.js resources=../shared/testdata/models \
 *       ../shared/testdata/audio/yes_1000ms.wav ../shared/testdata/audio/no_1000ms.wav
 */
import { playlist } from "./firmware_kws_setup";
import { kws } from "../../firmware/kws/main";
import { print, sim } from "./globals";
import { simulatedOverruns } from "./modules/embedded_io/audio/in";

if (kws === null) sim.exit(1);
playlist.end = () => {
  kws.stop();
  print(`done: ${kws.summary()}`);
  const lost = simulatedOverruns();
  if (lost > 0) print(`audio lost: ${lost} samples (${(lost / 16).toFixed(0)} ms): the firmware fell behind the simulated microphone (try a lower speed=)`);
  sim.gc();
  const m = sim.memory();
  print(`XS memory: slots ${m.slotUsed} B in use (peak ${m.slotPeak} B), chunks ${m.chunkUsed} B in use (peak ${m.chunkPeak} B)`);
  sim.exit(0);
};
