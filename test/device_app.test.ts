/**
 * The example device app (hosts/esp32/main.ts, the one mcconfig builds) runs unchanged in
 * tinyml-sim: its Moddable imports (timer, time, Resource, instrumentation, mc/config,
 * embedded:io/analog) resolve to the stand-ins in hosts/sim/modules. A few timer ticks, then the
 * traced lines are checked against sin(x) for the simulated analog sawtooth.
 */
import test from "ava";
import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForSim } from "../hosts/sim/bundle.mjs";
import { ensureSim } from "../hosts/sim/build.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function run(entry: string, name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return (async () => {
    const binary = await ensureSim({ quiet: true });
    const bundle = await bundleForSim(entry, name);
    return new Promise((done) => {
      execFile(binary, [bundle, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1;
        done({ code, stdout, stderr });
      });
    });
  })();
}

for (const [host, name] of [["hosts/esp32/main.ts", "device_app_esp32"], ["hosts/cortex-m/main.ts", "device_app_cortex_m"]] as const) {
  test(`${host} runs in the simulator and traces class, confidence and latency`, async (t) => {
    const samples = 6;
    const r = await run(host, name, [`resources=${repo}/models/sine`, `samples=${samples}`, "interval=5"]);
    t.is(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n");
    t.regex(lines[0] ?? "", /^model: 2576 bytes, 3 ops, arena \d+ bytes, \d+ MACs$/);
    t.regex(lines[1] ?? "", /^invoke: [\d.]+ us \(mean of \d+\)$/);
    t.regex(lines[2] ?? "", /^kernels: native C for .*fullyConnectedInt8/);
    t.regex(lines[3] ?? "", /^analog pin \d+, 12 bits; XS slots \d+ B, chunks \d+ B, stack \d+ B$/);
    const sampled = lines.filter((l) => l.startsWith("sample "));
    t.is(sampled.length, samples);
    sampled.forEach((line, i) => {
      const m = /^sample (\d+): x=(-?[\d.]+) class=(positive|negative) confidence=([\d.]+) value=(-?[\d.]+) latency=(\d+)ms$/.exec(line);
      if (m === null) return t.fail(`bad line: ${line}`);
      t.is(Number(m[1]), i + 1);
      const x = Number(m[2]);
      t.true(Math.abs(x - (i / 16) * 2 * Math.PI) < 1e-3, `sawtooth step ${i}: x=${x}`);
      const value = Number(m[5]);
      t.true(Math.abs(value - Math.sin(x)) < 0.1, `sin(${x}) ~ ${value}`);
      t.is(m[3], value >= 0 ? "positive" : "negative");
      t.true(Math.abs(Number(m[4]) - Math.min(1, Math.abs(value))) < 2e-3);
    });
  });
}
