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
 * Model lifecycle (the firmware boots through a ModelStore, as a fielded device does):
 *
 *   store=IMAGE          boot from a ModelStore on a simulated NOR flash (16 x 4 KB sectors) kept in
 *                        the file IMAGE (blank when missing; saved at the end); while the store is
 *                        empty the firmware runs the model built into the app (the Resource)
 *   trusted=PUB          the raw 32-byte Ed25519 public key the device trusts (with store=)
 *   update=F1,F2,...     signed updates received while the firmware runs, one after the other, a
 *                        512-byte chunk per poll, from updateAt=S seconds (default 3); each is
 *                        verified, activated and self-tested, and the firmware switches to it
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
import { ModelStore, type StoreOptions } from "../../src/lifecycle/model_store";
import { SimFlash } from "../../src/lifecycle/sim_flash";
import { decodeTelemetry, Telemetry } from "../../src/lifecycle/telemetry";
import { UpdateReceiver } from "./update_receiver";

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

// ---- the model lifecycle: boot through the store, receive updates while running ----
const SECTOR = 4096, SECTORS = 16;
const imagePath = config.store === undefined ? null : String(config.store);
function loadFlash(path: string): SimFlash {
  try {
    const bytes = new Uint8Array(sim.readFile(path));
    if (bytes.length === SECTOR * SECTORS) return new SimFlash(SECTOR, SECTORS, bytes);
    print(`flash image ${path}: ${bytes.length} bytes, not ${SECTOR * SECTORS}; starting from a blank flash`);
  } catch {
    // no image yet: a blank (erased) flash
  }
  return new SimFlash(SECTOR, SECTORS);
}
const telemetry = new Telemetry();
let flash: SimFlash | null = null;
let store: ModelStore | null = null;
let storeOptions: StoreOptions | null = null;
let receiver: UpdateReceiver | null = null;
const updateAt = Number(config.updateAt ?? 3) * 1000;
if (imagePath !== null) {
  if (config.trusted === undefined) {
    sim.stderr("firmware_motion: store= needs trusted=PUB (the raw 32-byte Ed25519 public key)\n");
    sim.exit(2);
  }
  storeOptions = { trustedKeys: [new Uint8Array(sim.readFile(String(config.trusted)))], builtin: { modelId: "motion", modelVersion: 0 } };
  flash = loadFlash(imagePath);
  store = ModelStore.open(flash, storeOptions);
  for (const r of store.boot.rolledBack) print(`boot: rolled back '${r.modelId}' v${r.modelVersion} in slot ${r.slot}: ${r.reason}`);
  telemetry.recordRollback(store.boot.rolledBack.length);
  const a = store.active;
  print(a === null ? "boot: the model store is empty; running the model built into the app" : `boot: running '${a.modelId}' v${a.modelVersion} from flash slot ${a.slot} (read in place)`);
  telemetry.setModel(a === null ? "motion" : a.modelId, a === null ? 0 : a.modelVersion);
  const files = config.update === undefined ? [] : String(config.update).split(",").filter((f) => f !== "");
  receiver = new UpdateReceiver(store, files.map((f) => ({ label: `update ${f.split("/").pop()}`, bytes: new Uint8Array(sim.readFile(f)) })), {
    now: () => sim.now(),
    log: (line) => print(line),
    onActive: (active) => {
      app?.useModel(active.bytes, `'${active.modelId}' v${active.modelVersion} from flash slot ${active.slot}`);
      telemetry.setModel(active.modelId, active.modelVersion);
    },
    onRefused: (e) => {
      if (e.code === "SELFTEST_FAILED") telemetry.recordRollback();
    },
  });
}
function lifecycleTick(): void {
  if (receiver !== null && !receiver.done && clock() >= updateAt) receiver.step();
}

let finished = false;
function finish(): void {
  if (finished) return;
  finished = true;
  print(`done: ${(clock() / 1000).toFixed(1)} s simulated, ${chip.samples} samples converted; I2C ${bus.bytes} bytes, ${(bus.busMicroseconds / 1000).toFixed(1)} ms of bus time at 400 kHz`);
  if (store !== null && flash !== null && storeOptions !== null && imagePath !== null) {
    if (receiver !== null && !receiver.done) print("updates: the run ended before every update was received (a longer seconds= gives them time)");
    sim.writeFile(imagePath, flash.bytes);
    const reopened = ModelStore.open(flash.reboot(), storeOptions);
    const a = reopened.active;
    print(`reset: the store reopens from ${imagePath} with ${a === null ? "no model (the built-in one serves)" : `'${a.modelId}' v${a.modelVersion} active`}`);
    const record = telemetry.encode();
    const t = decodeTelemetry(record);
    print(`telemetry: ${record.length}-byte record: model '${t.modelId}' v${t.modelVersion}, ${t.inferences} inferences, ${t.errors} errors, ${t.rollbacks} rollbacks; latency µs min ${t.latency.minUs} mean ${t.latency.meanUs} max ${t.latency.maxUs}; classes ${t.classes.slice(0, 4).join(" ")}; confidence histogram ${t.confidence.join(" ")}`);
  }
  sim.exit(0);
}

const booted = store?.active ?? null;
const app = main({
  // The store's active model, read in place from flash; otherwise the firmware's built-in Resource.
  ...(booted === null ? {} : { model: booted.bytes }),
  onWindow: (best, confidence, inferenceMs) => telemetry.recordInference(inferenceMs, best, confidence),
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
              lifecycleTick();
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
const timers = globalThis as unknown as { setTimeout(f: () => void, ms: number): number; setInterval(f: () => void, ms: number): number };
if (realtime) timers.setTimeout(finish, seconds * 1000);
if (realtime && receiver !== null) timers.setInterval(lifecycleTick, 250);
