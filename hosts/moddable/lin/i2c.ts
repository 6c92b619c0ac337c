/**
 * "embedded:io/i2c" for the Moddable SDK's desktop simulator (mcsim, `-p lin`), which has no I2C:
 * tinyml-sim's stand-in (hosts/sim/modules/embedded_io/i2c.ts, written to the SDK's I2C contract)
 * with a simulated LIS3DH at 0x18 on port 0, measuring a scripted motion on the real clock, so the
 * motion firmware classifies under the SDK's own simulator. firmware/motion's manifest maps it in
 * for lin only; the manifest uses build/moddable/lin/i2c.js, this module bundled with what it
 * imports by `npm run build:moddable` (XS resolves relative imports against the module's name, so
 * the simulator's files cannot be listed one by one).
 *
 * Settings (manifest "config", or mcconfig arguments): motion (activities and seconds, default
 * "still:6,walking:8,running:8,shaking:8"; the last one lasts), seed (the motion generator's).
 */
import Time from "time";
import config from "mc/config";
import I2C, { simBus } from "../../sim/modules/embedded_io/i2c";
import { SimLIS3DH } from "../../sim/devices/lis3dh";
import { ACTIVITIES, MotionSource, parseScript, type Segment } from "../../sim/devices/motion_source";

const DEFAULT_MOTION = "still:6,walking:8,running:8,shaking:8";

function script(): Segment[] {
  const text = String(config.motion ?? DEFAULT_MOTION);
  const parsed = parseScript(text);
  const good = parsed.length > 0 && parsed.every((s) => (ACTIVITIES as readonly string[]).includes(s.activity) && s.seconds > 0);
  if (good) return parsed;
  trace(`motion=${text}: activity:seconds pairs (${ACTIVITIES.join(", ")}), e.g. ${DEFAULT_MOTION}; using that\n`);
  return parseScript(DEFAULT_MOTION);
}

const segments = script();
const seed = Number(config.seed ?? 1);
const source = new MotionSource(segments, Number.isFinite(seed) ? seed : 1);
const start = Time.ticks;
const bus = simBus(0);
bus.logging = false;
bus.attach(0x18, new SimLIS3DH({ clock: () => Time.ticks - start, source }));
trace(`lin has no I2C: a simulated LIS3DH at 0x18 measures ${segments.map((s) => `${s.activity} ${s.seconds} s`).join(", ")}\n`);

export default I2C;
