/** models/motion: reproducible from its script, accurate on fresh motion, and its features behave. */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { Interpreter, Model } from "../src/index";
import { runScript } from "./helpers/cli";
import { MOTION_FEATURE_COUNT, MOTION_LABELS, MOTION_RATE_HZ, MOTION_WINDOW, MotionFeatures } from "../src/motion/features";
import { ActivityMotion } from "../hosts/sim/devices/motion_source";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function window(activity: (typeof MOTION_LABELS)[number], seed: number, t0 = 3): Float32Array {
  const m = new ActivityMotion(activity, seed);
  const xyz = new Float32Array(3 * MOTION_WINDOW);
  const a = new Float64Array(3);
  for (let i = 0; i < MOTION_WINDOW; i++) {
    m.at(t0 + i / MOTION_RATE_HZ, a);
    xyz.set(a, 3 * i);
  }
  return xyz;
}

test("models/motion is what models/motion/make.ts produces", async (t) => {
  const r = await runScript(["models/motion/make.ts", "--check"]);
  t.is(r.code, 0, r.out);
  t.regex(r.out, /files match/);
});

test("the motion model classifies fresh windows (seeds it was not trained or evaluated on)", (t) => {
  const it = new Interpreter(Model.from(readFileSync(join(repo, "models", "motion", "motion.tflite"))));
  const input = it.input(0), output = it.output(0);
  t.deepEqual(input.shape, [1, MOTION_FEATURE_COUNT]);
  t.deepEqual(output.shape, [1, MOTION_LABELS.length]);
  const fx = new MotionFeatures();
  const f = new Float32Array(MOTION_FEATURE_COUNT);
  let right = 0, total = 0;
  for (let k = 0; k < MOTION_LABELS.length; k++) {
    for (let s = 0; s < 50; s++) {
      fx.compute(window(MOTION_LABELS[k]!, 900_000 + 100 * k + s, 1 + s * 0.37), f);
      for (let i = 0; i < f.length; i++) input.data[i] = Math.max(-128, Math.min(127, Math.round(f[i]! / input.scale) + input.zeroPoint));
      it.invoke();
      let best = 0;
      for (let i = 1; i < output.data.length; i++) if (output.data[i]! > output.data[best]!) best = i;
      if (best === k) right++;
      total++;
    }
  }
  t.true(right / total >= 0.95, `accuracy ${right}/${total}`);
});

test("features: independent of the device's orientation, and a ring read equals the unrolled window", (t) => {
  const fx = new MotionFeatures();
  const xyz = window("walking", 12345);
  const a = fx.compute(xyz, new Float32Array(MOTION_FEATURE_COUNT));
  // The same motion with the device turned (x, y, z) -> (z, -x, y): a rotation.
  const turned = new Float32Array(xyz.length);
  for (let i = 0; i < MOTION_WINDOW; i++) turned.set([xyz[3 * i + 2]!, -xyz[3 * i]!, xyz[3 * i + 1]!], 3 * i);
  const b = fx.compute(turned, new Float32Array(MOTION_FEATURE_COUNT));
  for (let i = 0; i < MOTION_FEATURE_COUNT; i++) t.true(Math.abs(a[i]! - b[i]!) < 1e-5, `feature ${i}: ${a[i]} vs ${b[i]}`);
  // Rotate the window in a ring by 17 samples: reading from start 17 gives the same features.
  const ring = new Float32Array(xyz.length);
  for (let i = 0; i < MOTION_WINDOW; i++) ring.set(xyz.subarray(3 * i, 3 * i + 3), 3 * ((i + 17) % MOTION_WINDOW));
  const c = fx.compute(ring, new Float32Array(MOTION_FEATURE_COUNT), 17, MOTION_WINDOW);
  t.deepEqual(Array.from(c), Array.from(a));
  // Still reads about 1 g and little spread; shaking much more.
  const still = fx.compute(window("still", 1), new Float32Array(MOTION_FEATURE_COUNT));
  const shaking = fx.compute(window("shaking", 1), new Float32Array(MOTION_FEATURE_COUNT));
  t.true(Math.abs(still[0]! - 1) < 0.05, `still mean |a| ${still[0]} g`);
  t.true(shaking[1]! > still[1]! + 3, `std: shaking ${shaking[1]} still ${still[1]}`);
});
