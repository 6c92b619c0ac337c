/**
 * Runs the motion firmware (firmware/motion/main.ts) inside tinyml-sim against simulated chips:
 * a LIS3DH or an MPU-6050 on the simulated I2C bus ("embedded:io/i2c"), measuring a scripted
 * motion sequence, for a given simulated time, then exits. Arguments (key=value, also seen by the
 * firmware as its mc/config):
 *
 *   resources=DIR        where Resource finds motion.tflite (e.g. REPO/models/motion)
 *   chip=lis3dh|mpu6050|none  the chip to attach (default lis3dh; at 0x18 / 0x68, or address=...)
 *   script=still:6,walking:6,shaking:6   activities and seconds (default: that)
 *   seconds=N            simulated time to run (default: the script's length)
 *   seed=N               the motion generator's seed (default 1)
 *   realtime=1           run on the real clock and the sim's Timer (default: virtual time, as
 *                        fast as the machine goes; the chip's clock is then virtual too)
 *   nack=S               fault: the transfer after S seconds (virtual time) is not acknowledged
 *   stuck=S1:S2          fault: the bus is stuck from S1 to S2 seconds (virtual time)
 *   sensor=..., poll=... the firmware's own settings (see firmware/motion/main.ts)
 *
 * Each window line gets the script's true activity appended ("script: walking", or
 * "script: still->walking" for a window across a change).
 */
import { print, sim } from "./globals";
import config from "./modules/mc/config";
import { simBus } from "./modules/embedded_io/i2c";
import { SimLIS3DH } from "./devices/lis3dh";
import { SimMPU6050 } from "./devices/mpu6050";
import { MotionSource, parseScript } from "./devices/motion_source";
import main from "../../firmware/motion/main";

const script = parseScript(String(config.script ?? "still:6,walking:6,shaking:6"));
const source = new MotionSource(script, Number(config.seed ?? 1));
const seconds = Number(config.seconds ?? source.duration);
const realtime = Number(config.realtime ?? 0) === 1;
const chipName = String(config.chip ?? "lis3dh").toLowerCase();

let virtualNow = 0;
const start = sim.now();
const clock = realtime ? () => sim.now() - start : () => virtualNow;
const bus = simBus(Number(config.port ?? 0));
const chip = chipName === "mpu6050" ? new SimMPU6050({ clock, source }) : new SimLIS3DH({ clock, source });
const address = config.address !== undefined ? Number(config.address) : chipName === "mpu6050" ? 0x68 : 0x18;
if (chipName !== "none") bus.attach(address, chip);
bus.logLimit = 1000;

print(`simulated ${chipName === "none" ? "bus without a chip" : chipName === "mpu6050" ? "MPU-6050" : "LIS3DH"} at 0x${address.toString(16)}; script: ${script.map((s) => `${s.activity} ${s.seconds} s`).join(", ")}; ${seconds} s ${realtime ? "in real time" : "of virtual time"}`);

function truth(line: string): string {
  const m = /t=(\d+(?:\.\d+)?)s/.exec(line);
  if (m === null || !line.startsWith("window")) return line;
  const end = Number(m[1]);
  const first = source.activityAt(Math.max(0, end - 2 + 0.04)), last = source.activityAt(end);
  return `${line} | script: ${first === last ? first : `${first}->${last}`}`;
}

const nackAt = config.nack === undefined ? Infinity : Number(config.nack) * 1000;
const [stuckFrom, stuckTo] = config.stuck === undefined ? [Infinity, Infinity] : String(config.stuck).split(":").map((v) => Number(v) * 1000);
let nacked = false;
function faults(): void {
  if (!nacked && virtualNow >= nackAt) {
    bus.nackNext(1, address);
    nacked = true;
  }
  bus.stuck = virtualNow >= stuckFrom! && virtualNow < stuckTo!;
}

let finished = false;
function finish(): void {
  if (finished) return;
  finished = true;
  print(`done: ${(clock() / 1000).toFixed(1)} s simulated, ${chip.samples} samples converted; I2C ${bus.bytes} bytes, ${(bus.busMicroseconds / 1000).toFixed(1)} ms of bus time at 400 kHz`);
  sim.exit(0);
}

const app = main({
  log: (line) => print(truth(line)),
  micros: () => sim.now() * 1000,
  ticks: clock,
  ...(realtime
    ? {}
    : {
        repeat: (tick: () => void, ms: number) => {
          let stopped = false;
          Promise.resolve().then(() => {
            while (!stopped && virtualNow + ms <= seconds * 1000) {
              virtualNow += ms;
              faults();
              tick();
            }
            finish();
          });
          return { stop: () => { stopped = true; } };
        },
      }),
  onDone: finish,
});
if (app === null) {
  print("no accelerometer: stopping");
  sim.exit(1);
}
if (realtime) (globalThis as unknown as { setTimeout(f: () => void, ms: number): number }).setTimeout(finish, seconds * 1000);
