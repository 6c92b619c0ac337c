/**
 * The key=value settings `npm start` passes to the simulator's runners, checked on Node before
 * the simulator starts: an unknown key or a bad value is one line naming it (exit 2), never a
 * setting silently ignored or an exception inside XS.
 */
import { existsSync, statSync } from "node:fs";
import { ACTIVITIES } from "../../hosts/sim/devices/motion_source";

/** Returns null when the value is acceptable, else what it should be. */
type Check = (value: string) => string | null;

const number = (v: string): number => (v.trim() === "" ? NaN : Number(v));
const positive: Check = (v) => (number(v) > 0 && Number.isFinite(number(v)) ? null : "a number > 0");
const nonNegative: Check = (v) => (number(v) >= 0 && Number.isFinite(number(v)) ? null : "a number >= 0");
const integer = (min: number, max = Number.MAX_SAFE_INTEGER): Check => (v) => (Number.isInteger(number(v)) && number(v) >= min && number(v) <= max ? null : `an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}`);
const oneOf = (...values: string[]): Check => (v) => (values.includes(v.toLowerCase()) ? null : values.join(" or "));
const file: Check = (v) => (existsSync(v) && statSync(v).isFile() ? null : "a file that exists");
const directory: Check = (v) => (existsSync(v) && statSync(v).isDirectory() ? null : "a directory that exists");
const nonEmpty: Check = (v) => (v !== "" ? null : "not empty");
const files: Check = (v) => (v.split(",").every((f) => f !== "" && existsSync(f)) ? null : "files that exist, separated by commas");
const script: Check = (v) =>
  v.split(",").every((part) => {
    const [activity, seconds, extra] = part.split(":");
    return extra === undefined && (ACTIVITIES as readonly string[]).includes(activity ?? "") && positive(seconds ?? "") === null;
  })
    ? null
    : `ACTIVITY:SECONDS[,...] with ACTIVITY one of ${ACTIVITIES.join(", ")} and SECONDS > 0`;
const interval: Check = (v) => {
  const [a, b, extra] = v.split(":");
  return extra === undefined && nonNegative(a ?? "") === null && nonNegative(b ?? "") === null && number(a!) < number(b!) ? null : "S1:S2 with 0 <= S1 < S2 (seconds)";
};

/** The motion firmware's runner (hosts/sim/firmware_motion.ts) and the firmware's own settings (firmware/motion/main.ts). */
const MOTION: Record<string, Check> = {
  resources: directory, chip: oneOf("lis3dh", "mpu6050", "none"), script, seconds: positive, seed: integer(0), realtime: oneOf("0", "1"),
  nack: nonNegative, stuck: interval, port: integer(0), store: nonEmpty, trusted: file, update: files, updateAt: nonNegative,
  sensor: oneOf("auto", "lis3dh", "mpu6050"), sda: integer(0), scl: integer(0), hz: integer(1), address: integer(0, 127), poll: positive, windows: integer(0),
};

/** The keyword spotting runner (hosts/sim/firmware_kws_setup.ts) and firmware/kws/main.ts. */
const KWS: Record<string, Check> = {
  resources: directory, speed: (v) => (v === "max" ? null : positive(v) === null ? null : "a number > 0 or max"), gap: nonNegative, padding: oneOf("noise", "zero"),
  inferenceEvery: integer(1), preprocessor: nonEmpty, model: nonEmpty, wav: file,
};

export const DEMO_SETTINGS: Record<"motion" | "kws" | "none", Record<string, Check>> = { motion: MOTION, kws: KWS, none: {} };

/** Checks key=value settings against a demo's; returns the first problem, in one line, or null. */
export function settingsProblem(demo: keyof typeof DEMO_SETTINGS, settings: string[]): string | null {
  const known = DEMO_SETTINGS[demo];
  for (const s of settings) {
    const at = s.indexOf("=");
    const key = s.slice(0, at), value = s.slice(at + 1);
    const check = Object.hasOwn(known, key) ? known[key]! : null;
    if (check === null) {
      const keys = Object.keys(known);
      return keys.length === 0 ? `this demo takes no settings (got ${key}=)` : `unknown setting ${key}= (this demo takes: ${keys.join(", ")})`;
    }
    const want = check(value);
    if (want !== null) return `${key}=${value}: expected ${want}`;
  }
  return null;
}
