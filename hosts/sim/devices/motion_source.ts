/**
 * Generated accelerometer motion for the simulated chips and for training the motion model
 * (models/motion/make.ts): still, walking, running and shaking, each with its parameters (device
 * orientation, cadence, amplitudes, harmonics, wobble, noise) drawn from a seeded generator, so
 * the same seed always gives the same motion. Values are the specific force a chip measures, in
 * m/s², in the device frame: gravity included (a chip lying still reads +9.81 on its up axis).
 *
 * The models are simple and physically plausible rather than recorded: a walking step is a
 * 0.15-0.45 g vertical oscillation at 1.5-2.2 steps/s with a second harmonic, a fore-aft component
 * and a lateral sway at half the step rate; running is a 0.7-1.6 g oscillation at 2.3-3.2 steps/s
 * with harmonics (heel strike); shaking is a 0.8-2.5 g oscillation at 3.5-7 Hz along a direction
 * fixed to the device; still is gravity with a tremor of a few mg. The device body wobbles
 * (rotates) a few degrees with the motion, which moves gravity between the axes, and every axis
 * gets Gaussian noise of 0.01-0.03 g. No dependency on any host (runs on XS and on Node).
 */
import { STANDARD_GRAVITY } from "../../../src/drivers/accelerometer";
import { rng } from "../random";

export const ACTIVITIES = ["still", "walking", "running", "shaking"] as const;
export type Activity = (typeof ACTIVITIES)[number];

export interface Segment {
  activity: Activity;
  seconds: number;
}

const G = STANDARD_GRAVITY;
const TAU = 2 * Math.PI;

/** A uniform in [0, 1) that depends only on (seed, i, j): noise that is the same whatever the order of calls. */
function hash01(seed: number, i: number, j: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(j + 0x27d4eb2f, 0x165667b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return ((h >>> 0) + 0.5) / 4294967296;
}

function gaussian(seed: number, i: number, j: number): number {
  const u = hash01(seed, i, 2 * j), v = hash01(seed, i, 2 * j + 1);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(TAU * v);
}

/** Rotates v about the unit axis k by angle a (Rodrigues), in place. */
function rotate(v: Float64Array, k: Float64Array, a: number): void {
  const c = Math.cos(a), s = Math.sin(a);
  const dot = k[0]! * v[0]! + k[1]! * v[1]! + k[2]! * v[2]!;
  const x = v[0]!, y = v[1]!, z = v[2]!;
  v[0] = x * c + (k[1]! * z - k[2]! * y) * s + k[0]! * dot * (1 - c);
  v[1] = y * c + (k[2]! * x - k[0]! * z) * s + k[1]! * dot * (1 - c);
  v[2] = z * c + (k[0]! * y - k[1]! * x) * s + k[2]! * dot * (1 - c);
}

function unitVector(r: () => number): Float64Array {
  // Uniform on the sphere.
  const z = r() * 2 - 1, a = r() * TAU, s = Math.sqrt(1 - z * z);
  return Float64Array.of(s * Math.cos(a), s * Math.sin(a), z);
}

const between = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r();

/** One activity with its own randomly drawn parameters. `at(t, out)` writes the reading at time t (s). */
export class ActivityMotion {
  readonly activity: Activity;
  readonly seed: number;
  // Device orientation: world vector w -> device frame = rotate(rotate(rotate(w, zAxis, yaw), tiltAxis, tilt), wobbleAxis, wobble(t)).
  #yaw: number;
  #tiltAxis: Float64Array;
  #tilt: number;
  #wobbleAxis: Float64Array;
  #wobbleAmp: number;
  #wobbleFreq: number;
  #wobblePhase: number;
  #freq: number; // step or shake frequency, Hz
  #amp: number; // main amplitude, g
  #h2: number;
  #h3: number;
  #phases: Float64Array;
  #fwd: number;
  #lat: number;
  #shakeAxis: Float64Array;
  #modFreq: number;
  #modDepth: number;
  #noise: number;
  #v = new Float64Array(3);
  static readonly #Z = Float64Array.of(0, 0, 1);

  constructor(activity: Activity, seed: number) {
    this.activity = activity;
    this.seed = seed >>> 0;
    const r = rng(seed ^ 0x5bd1e995);
    this.#yaw = r() * TAU;
    this.#tiltAxis = unitVector(r);
    this.#tilt = Math.acos(1 - 2 * r()); // uniform orientation of the up axis
    this.#wobbleAxis = unitVector(r);
    this.#phases = Float64Array.from({ length: 6 }, () => r() * TAU);
    this.#shakeAxis = unitVector(r);
    this.#noise = between(r, 0.01, 0.03);
    this.#modFreq = between(r, 0.3, 1);
    this.#modDepth = between(r, 0.05, 0.3);
    this.#h2 = between(r, 0.2, 0.5);
    this.#h3 = between(r, 0.1, 0.3);
    switch (activity) {
      case "still":
        this.#freq = between(r, 8, 12);
        this.#amp = between(r, 0.0, 0.008);
        this.#fwd = this.#lat = 0;
        this.#wobbleAmp = between(r, 0.2, 2) * (Math.PI / 180);
        this.#wobbleFreq = between(r, 0.05, 0.3);
        break;
      case "walking":
        this.#freq = between(r, 1.5, 2.2);
        this.#amp = between(r, 0.15, 0.45);
        this.#fwd = between(r, 0.08, 0.25);
        this.#lat = between(r, 0.04, 0.15);
        this.#wobbleAmp = between(r, 3, 12) * (Math.PI / 180);
        this.#wobbleFreq = this.#freq / 2;
        break;
      case "running":
        this.#freq = between(r, 2.3, 3.2);
        this.#amp = between(r, 0.7, 1.6);
        this.#fwd = between(r, 0.25, 0.6);
        this.#lat = between(r, 0.1, 0.3);
        this.#wobbleAmp = between(r, 8, 25) * (Math.PI / 180);
        this.#wobbleFreq = this.#freq / 2;
        break;
      case "shaking":
        this.#freq = between(r, 3.5, 7);
        this.#amp = between(r, 0.8, 2.5);
        this.#fwd = this.#lat = 0;
        this.#wobbleAmp = between(r, 10, 30) * (Math.PI / 180);
        this.#wobbleFreq = this.#freq;
        break;
    }
    this.#wobblePhase = r() * TAU;
  }

  /** The reading at time `t` seconds, in m/s², into out[0..2]. */
  at(t: number, out: { [i: number]: number }): void {
    const p = this.#phases, v = this.#v, f = this.#freq;
    // Slow cadence drift: the phase of the gait wanders a little.
    const phase = TAU * f * t + 0.4 * Math.sin(TAU * 0.17 * t + p[5]!);
    let vertical = 0, forward = 0, lateral = 0;
    if (this.activity === "walking" || this.activity === "running") {
      vertical = this.#amp * (Math.sin(phase) + this.#h2 * Math.sin(2 * phase + p[0]!) + (this.activity === "running" ? this.#h3 * Math.sin(3 * phase + p[1]!) : 0));
      forward = this.#fwd * Math.sin(phase + p[2]!);
      lateral = this.#lat * Math.sin(phase / 2 + p[3]!);
    } else if (this.activity === "still") {
      vertical = this.#amp * Math.sin(phase);
    }
    // World frame specific force (gravity included), g.
    v[0] = forward;
    v[1] = lateral;
    v[2] = 1 + vertical;
    rotate(v, ActivityMotion.#Z, this.#yaw);
    rotate(v, this.#tiltAxis, this.#tilt);
    rotate(v, this.#wobbleAxis, this.#wobbleAmp * Math.sin(TAU * this.#wobbleFreq * t + this.#wobblePhase));
    if (this.activity === "shaking") {
      const m = this.#amp * (1 + this.#modDepth * Math.sin(TAU * this.#modFreq * t + p[4]!));
      const s = m * (Math.sin(phase) + 0.2 * this.#h2 * Math.sin(2 * phase + p[0]!));
      const k = this.#shakeAxis;
      v[0]! += k[0]! * s;
      v[1]! += k[1]! * s;
      v[2]! += k[2]! * s;
    }
    const tick = Math.round(t * 100000);
    for (let i = 0; i < 3; i++) out[i] = (v[i]! + this.#noise * gaussian(this.seed, tick, i)) * G;
  }
}

/** A scripted sequence of activities (each segment with its own parameters, from `seed`). */
export class MotionSource {
  readonly script: readonly Segment[];
  readonly duration: number;
  #starts: number[] = [];
  #motions: ActivityMotion[] = [];

  constructor(script: readonly Segment[], seed = 1) {
    if (script.length === 0) throw new Error("empty motion script");
    this.script = script;
    let t = 0;
    const r = rng(seed);
    for (const s of script) {
      if (!ACTIVITIES.includes(s.activity) || !(s.seconds > 0)) throw new Error(`bad motion segment ${JSON.stringify(s)}`);
      this.#starts.push(t);
      this.#motions.push(new ActivityMotion(s.activity, Math.floor(r() * 2 ** 32)));
      t += s.seconds;
    }
    this.duration = t;
  }

  #index(t: number): number {
    let i = 0;
    while (i + 1 < this.#starts.length && t >= this.#starts[i + 1]!) i++;
    return i;
  }

  /** The activity at time t (s); the last one continues after the script ends. */
  activityAt(t: number): Activity {
    return this.#motions[this.#index(t)]!.activity;
  }

  /** The reading at time t (s), m/s², into out[0..2]. */
  sample(t: number, out: { [i: number]: number }): void {
    this.#motions[this.#index(t)]!.at(t, out);
  }
}

/** Parses "still:6,walking:6,shaking:6" into segments. */
export function parseScript(text: string): Segment[] {
  return text.split(",").filter((s) => s !== "").map((part) => {
    const [activity, seconds] = part.split(":");
    return { activity: activity as Activity, seconds: Number(seconds) };
  });
}

/** Anything that gives a reading at a time (s): MotionSource, or a constant for tests. */
export interface AccelerationSource {
  sample(t: number, out: { [i: number]: number }): void;
}

/** A source that always reads the same vector (m/s²). */
export function constantSource(x: number, y: number, z: number): AccelerationSource {
  return {
    sample(_t, out) {
      out[0] = x;
      out[1] = y;
      out[2] = z;
    },
  };
}
