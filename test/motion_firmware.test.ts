/** The motion firmware (firmware/motion) inside the XS simulator, against simulated chips measuring scripted motion. */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import test from "ava";
import { runInSim } from "./helpers/sim";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const resources = `resources=${join(repo, "models", "motion")}`;
const RUNNER = "hosts/sim/firmware_motion.ts";

function activities(stdout: string): string[] {
  return [...stdout.matchAll(/^activity: (\w+)/gm)].map((m) => m[1]!);
}

function windows(stdout: string): { label: string; fifo: number; samples: number; features: number; inference: number; script: string }[] {
  return [...stdout.matchAll(/^window \d+ t=[\d.]+s: (\w+) \d+% \| fifo ([\d.]+) ms \((\d+) samples, \d+ reads\) features ([\d.]+) ms inference ([\d.]+) ms \| script: (\S+)$/gm)].map((m) => ({
    label: m[1]!, fifo: Number(m[2]), samples: Number(m[3]), features: Number(m[4]), inference: Number(m[5]), script: m[6]!,
  }));
}

test("LIS3DH: still, then walking, then shaking, detected in order with every stage's latency", async (t) => {
  const r = await runInSim(RUNNER, [resources, "chip=lis3dh", "script=still:6,walking:6,shaking:6", "seed=1"]);
  t.is(r.code, 0, r.stderr + r.stdout);
  t.regex(r.stdout, /^found LIS3DH at 0x18$/m);
  t.regex(r.stdout, /^model: 3072 bytes, 4 ops, arena \d+ bytes, 516 MACs$/m);
  t.deepEqual(activities(r.stdout), ["still", "walking", "shaking"], r.stdout);
  const w = windows(r.stdout);
  t.is(w.length, 17, r.stdout); // 18 s: the first window at 2 s, then one a second
  for (const x of w) {
    t.true(x.fifo > 0 && x.features > 0 && x.inference >= 0, JSON.stringify(x));
    // Windows entirely inside one segment get its label.
    if (!x.script.includes("->")) t.is(x.label, x.script, JSON.stringify(x));
  }
  t.is(w[0]!.samples, 50);
  t.true(w.slice(1).every((x) => x.samples === 25));
  t.regex(r.stdout, /^done: 18\.0 s simulated, 450 samples converted; I2C \d+ bytes/m);
});

test("MPU-6050: still, running, walking, shaking", async (t) => {
  const r = await runInSim(RUNNER, [resources, "chip=mpu6050", "script=still:5,running:8,walking:8,shaking:5", "seed=3"]);
  t.is(r.code, 0, r.stderr + r.stdout);
  t.regex(r.stdout, /^found MPU6050 at 0x68$/m);
  t.deepEqual(activities(r.stdout), ["still", "running", "walking", "shaking"], r.stdout);
  for (const x of windows(r.stdout)) if (!x.script.includes("->")) t.is(x.label, x.script, JSON.stringify(x));
});

test("bus faults: a NACK and a stuck bus are reported, no window spans lost samples, detection resumes", async (t) => {
  const r = await runInSim(RUNNER, [resources, "chip=lis3dh", "script=still:6,walking:10", "nack=4", "stuck=9:11"]);
  t.is(r.code, 0, r.stderr + r.stdout);
  // The SDK's I2C (and its stand-in) says "read failed" / "write failed" for both: IO to the driver.
  const errors = r.stdout.match(/^sensor error IO: .*(read|write) failed.*window restarted$/gm) ?? [];
  t.is(errors.length, 2, `the NACK once, the stuck bus once while it lasts: ${r.stdout}`);
  // 2 s stuck: the chip's 32-sample FIFO (1.28 s) overflowed meanwhile; the driver says so.
  t.regex(r.stdout, /^fifo overrun: samples were lost; window restarted$/m);
  t.regex(r.stdout, /^sensor ok again after 1 failed poll$/m);
  t.regex(r.stdout, /^sensor ok again after 8 failed polls$/m);
  t.deepEqual(activities(r.stdout), ["still", "walking"], r.stdout);
  // The last good read was at 8.75 s (polls every 250 ms); at 11 s the FIFO holds the 32 newest samples (9.72-11 s).
  // The next window must start after the gap, so it ends at 9.72 + 2 = 11.72 s or later.
  const after = [...r.stdout.matchAll(/^window \d+ t=([\d.]+)s/gm)].map((m) => Number(m[1])).filter((s) => s > 9);
  t.true(after.length > 0 && after[0]! >= 11.6, `first window after the fault ends at ${after[0]} s`);
});

test("no chip on the bus: the firmware says so and stops", async (t) => {
  const r = await runInSim(RUNNER, [resources, "chip=none", "sensor=lis3dh"]);
  t.is(r.code, 1, r.stdout);
  t.regex(r.stdout, /no accelerometer found \(lis3dh\)/);
});

test("bad settings: the firmware says what is wrong and does not start", async (t) => {
  let r = await runInSim(RUNNER, [resources, "chip=lis3dh", "poll=soon"]);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.regex(r.stdout, /^motion firmware not started: poll NaN ms: a FIFO poll interval in \(0, 60000\]$/m);
  r = await runInSim(RUNNER, [resources, "chip=lis3dh", "sensor=bmi160"]);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.regex(r.stdout, /^sensor=bmi160: auto, lis3dh or mpu6050$/m);
  t.notRegex(r.stderr, /Uncaught/);
});

test("real time: the firmware's own Timer wiring drains the FIFO and classifies", async (t) => {
  const r = await runInSim(RUNNER, [resources, "chip=mpu6050", "script=shaking:10", "realtime=1", "seconds=3.4"]);
  t.is(r.code, 0, r.stderr + r.stdout);
  t.regex(r.stdout, /in real time/);
  const w = windows(r.stdout);
  t.true(w.length >= 1, r.stdout);
  t.is(w[0]!.label, "shaking");
});
