/**
 * Runs jobs on the Cortex-M4 XS image (Node side): sizes the XS machine with creationFor(model),
 * writes the job file, starts qemu-system-arm with semihosting (and the cm4count plugin when asked),
 * and collects the counts, the stats and the exit status. Used by `tinyml run --host cortex-m4`,
 * the tests and bench/cortex_m_models.ts.
 */
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Model } from "../../../../src/index";
import { creationFor } from "../../../../src/device/creation";
import type { Creation } from "../../../../src/device/creation";
import { bundleForSim } from "../../../sim/bundle.mjs";
import { tmpBeside } from "../../../tmp_name.mjs";
import { MACHINE, SLOT_BYTES, XS_REGION_BYTES, compileBundle, ensureImage } from "./build.mjs";
import type { RunJob, RunStats } from "./run_model";
import type { M4Memory } from "./globals";

const HERE = dirname(fileURLToPath(import.meta.url));

/** Exit statuses of the image (m4.h). */
export const M4_EXIT = { error: 1, badJob: 2, memoryFull: 3, fatal: 4, watchdog: 5 } as const;

/** Instructions per watchdog period (m4_watchdog.c: 65536 SysTick ticks of 40 instructions under -icount shift=0). */
export const WATCHDOG_PERIOD_INSTRUCTIONS = 65536 * 40;
/** Default instruction limit: 4000 periods, about 10.5 G instructions (the largest model's run takes well under 1 G). */
export const DEFAULT_WATCHDOG_PERIODS = 4000;

export function imageToolsMissing(): string | null {
  const have = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
  const missing = ["arm-none-eabi-gcc", "qemu-system-arm"].filter((c) => !have(c));
  return missing.length ? `${missing.join(" and ")} not installed (Debian: gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)` : null;
}

export interface ImageRun {
  code: number;
  stdout: string;
  stderr: string;
  /** cm4count regions in order: instructions and estimated cycles. */
  regions: { insns: number; cycles: number }[];
  stats: RunStats | null;
  creation: Creation | null;
}

export interface ImageJob {
  /** Host path of the .tflite; "" for a probe of the bundle alone. */
  model: string;
  inputs: string[];
  outputs: string[];
  invocations?: number;
  kernels?: RunJob["kernels"];
  count?: RunJob["count"];
  /** Path of a cm4count plugin (libcm4count.so): counts the regions. */
  plugin?: string;
  /** Clear the op state before every invocation (independent cases of a stateful model in one run). */
  resetEachInvocation?: boolean;
  /** Instruction limit in periods of WATCHDOG_PERIOD_INSTRUCTIONS. */
  watchdogPeriods?: number;
  /** The XS memory configured for this run, at most XS_REGION_BYTES (the default). */
  regionBytes?: number;
  /** Host path of a compiled plan of the model (tinyml compile) to run it with. */
  plan?: string;
}

function qemu(elf: string, cwd: string, plugin: string | undefined, symbols: { start: string; stop: string } | null): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ["-M", MACHINE, "-nographic", "-monitor", "none", "-serial", "none", "-icount", "shift=0", "-semihosting-config", "enable=on,target=native"];
  if (plugin !== undefined && symbols !== null) args.push("-plugin", `${plugin},start=${symbols.start},stop=${symbols.stop}`);
  args.push("-kernel", elf);
  return new Promise((done) => {
    execFile("qemu-system-arm", args, { cwd, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1;
      done({ code, stdout, stderr });
    });
  });
}

const symbolCache = new Map<string, { start: string; stop: string }>();
function markers(elf: string): { start: string; stop: string } {
  const key = `${elf}@${statSync(elf).mtimeMs}`;
  let s = symbolCache.get(key);
  if (s === undefined) {
    const out = spawnSync("arm-none-eabi-nm", [elf], { encoding: "utf8" }).stdout;
    const find = (name: string) => {
      const line = out.split("\n").find((l) => l.trim().split(/\s+/)[2] === name);
      if (line === undefined) throw new Error(`${name}: not in ${elf}`);
      return `0x${line.trim().split(/\s+/)[0]}`;
    };
    s = { start: find("bench_start"), stop: find("bench_stop") };
    symbolCache.set(key, s);
  }
  return s;
}

/** The byte code the image runs: run_model.ts bundled (build/sim-bundles/m4_run_model.js), compiled to build/cortex-m/xs/m4_run_model.xsb. */
export async function imageBundle(): Promise<string> {
  return compileBundle(await bundleForSim(join(HERE, "run_model.ts"), "m4_run_model"));
}

async function runJob(elf: string, bundle: string, creation: { chunk: number; heap: number; stack: number }, job: RunJob, opts: ImageJob): Promise<Omit<ImageRun, "creation">> {
  const dir = mkdtempSync(join(tmpdir(), "tinyml-m4-"));
  try {
    const stats = join(dir, "stats.json");
    const text = [
      `chunk ${creation.chunk}`,
      `heap ${creation.heap}`,
      `stack ${creation.stack}`,
      `watchdog ${opts.watchdogPeriods ?? DEFAULT_WATCHDOG_PERIODS}`,
      `region ${opts.regionBytes ?? 0}`,
      `bundle ${bundle}`,
      JSON.stringify({ ...job, stats }),
      "",
    ].join("\n");
    writeFileSync(join(dir, "tinyml-m4-job.txt"), text);
    const r = await qemu(elf, dir, opts.plugin, opts.plugin === undefined ? null : markers(elf));
    const regions = [...r.stderr.matchAll(/^CM4COUNT region=\d+ insns=(\d+) cyc_est=(\d+)/gm)].map((m) => ({ insns: Number(m[1]), cycles: Number(m[2]) }));
    const stderr = r.stderr.replace(/^CM4COUNT.*\n?/gm, "");
    return { code: r.code, stdout: r.stdout, stderr, regions, stats: existsSync(stats) ? (JSON.parse(readFileSync(stats, "utf8")) as RunStats) : null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a job that is not sized for a model (the probes, compiles): half the region for chunks, a quarter for slots. */
function runUnsized(elf: string, bundle: string, job: Partial<RunJob>): Promise<Omit<ImageRun, "creation">> {
  const full: RunJob = { model: "", inputs: [], outputs: [], invocations: 1, kernels: "auto", count: "none", resetEachInvocation: false, maxArenaBytes: 0, stats: "", ...job };
  return runJob(elf, bundle, { chunk: XS_REGION_BYTES / 2, heap: XS_REGION_BYTES / 4 / SLOT_BYTES, stack: 2048 }, full, { model: full.model, inputs: [], outputs: [] });
}

/** What the bundle alone holds in XS once loaded (measured on the image, cached per bundle). */
export async function bundleFootprint(): Promise<M4Memory> {
  const elf = await ensureImage({ quiet: true });
  const bundle = await imageBundle();
  const cache = join(dirname(elf), "bundle-footprint.json");
  const stamp = `${statSync(bundle).mtimeMs}:${statSync(elf).mtimeMs}`;
  if (existsSync(cache)) {
    const c = JSON.parse(readFileSync(cache, "utf8")) as { stamp: string; afterLoad: M4Memory };
    if (c.stamp === stamp) return c.afterLoad;
  }
  const r = await runUnsized(elf, bundle, {});
  if (r.code !== 0 || r.stats === null) throw new Error(`tinyml-m4: the bundle probe failed (exit ${r.code})\n${r.stderr}${r.stdout}`);
  const tmp = tmpBeside(cache);
  writeFileSync(tmp, JSON.stringify({ stamp, afterLoad: r.stats.afterLoad }));
  renameSync(tmp, cache);
  return r.stats.afterLoad;
}

/**
 * The arena a model needs on the image: Interpreter.plan(model) run there (cached per model bytes,
 * kernel choice, bundle and image), where the native kernels' Arm DSP paths ask for work buffers
 * that this host's plan does not have. A model the image cannot plan gives null (the run then
 * reports the error itself).
 */
export async function imageArenaBytes(modelPath: string, kernels: RunJob["kernels"] = "auto"): Promise<number | null> {
  const elf = await ensureImage({ quiet: true });
  const bundle = await imageBundle();
  const cache = join(dirname(elf), "arena-probes.json");
  const stamp = `${statSync(bundle).mtimeMs}:${statSync(elf).mtimeMs}`;
  const key = `${createHash("sha256").update(readFileSync(modelPath)).digest("hex")}:${JSON.stringify(kernels)}`;
  let probes: { stamp: string; arenas: Record<string, number | null> } = { stamp, arenas: {} };
  if (existsSync(cache)) {
    const c = JSON.parse(readFileSync(cache, "utf8")) as typeof probes;
    if (c.stamp === stamp) probes = c;
  }
  if (key in probes.arenas) return probes.arenas[key]!;
  const r = await runUnsized(elf, bundle, { model: resolve(modelPath), kernels, planOnly: true });
  const arena = r.code === 0 && r.stats !== null ? r.stats.arenaBytes : null;
  // read again before writing: parallel runs (test workers) probe other models
  if (existsSync(cache)) {
    const c = JSON.parse(readFileSync(cache, "utf8")) as typeof probes;
    if (c.stamp === stamp) probes = { stamp, arenas: { ...c.arenas, ...probes.arenas } };
  }
  probes.arenas[key] = arena;
  const tmp = tmpBeside(cache);
  writeFileSync(tmp, JSON.stringify(probes));
  renameSync(tmp, cache);
  return arena;
}

/** `tinyml compile --host cortex-m4`: the image compiles the model (compilePlan with its kernels) into `out`; resolves to an error message or null. */
export async function compileOnImage(modelPath: string, out: string, kernels: RunJob["kernels"] = "auto"): Promise<string | null> {
  const elf = await ensureImage({ quiet: true });
  const bundle = await imageBundle();
  const r = await runUnsized(elf, bundle, { model: resolve(modelPath), kernels, compileTo: resolve(out) });
  return r.code === 0 ? null : r.stderr.trim() || `the image exited with status ${r.code}`;
}

/**
 * The XS creation for a model on the image: creationFor(model) with 16-byte slots, the bundle and
 * the job's files as the app's share, and the arena as the image plans it (imageArenaBytes) where known.
 */
export function imageCreation(model: Model, footprint: M4Memory, fileBytes: number, arenaBytes: number | null = null): Creation {
  return creationFor(model, {
    slotBytes: SLOT_BYTES,
    base: { chunkBytes: footprint.chunkUsed + fileBytes + 16384, slots: Math.ceil(footprint.slotUsed / SLOT_BYTES) + 1024 },
    ...(arenaBytes === null ? {} : { arenaBytes }),
  });
}

/** Runs one job on the image (building the image and the bundle first when stale). */
export async function runOnImage(opts: ImageJob): Promise<ImageRun> {
  const elf = await ensureImage({ quiet: true });
  const bundle = await imageBundle();
  const footprint = await bundleFootprint();
  const model = Model.from(new Uint8Array(readFileSync(opts.model)));
  const n = opts.invocations ?? 1;
  let fileBytes = 0;
  for (const f of opts.inputs) fileBytes += statSync(f).size;
  for (const t of model.outputs) {
    const spec = model.tensor(t);
    fileBytes += spec.shape.reduce((a, b) => a * b, 1) * 4 * n; // an upper bound: 4 bytes per element
  }
  const creation = imageCreation(model, footprint, fileBytes, await imageArenaBytes(opts.model, opts.kernels ?? "auto"));
  // the arena must fit what the region leaves once the slots, the stack and the rest of the chunk budget are placed
  const region = opts.regionBytes ?? XS_REGION_BYTES;
  const maxArenaBytes = region - (creation.heap.initial + creation.stack) * SLOT_BYTES - (creation.chunk.initial - creation.parts.arenaBytes) - 1024;
  const job: RunJob = {
    model: resolve(opts.model),
    inputs: opts.inputs.map((f) => resolve(f)),
    outputs: opts.outputs.map((f) => resolve(f)),
    invocations: n,
    kernels: opts.kernels ?? "auto",
    count: opts.count ?? "none",
    resetEachInvocation: opts.resetEachInvocation === true,
    maxArenaBytes,
    stats: "",
    ...(opts.plan === undefined ? {} : { plan: resolve(opts.plan) }),
  };
  const r = await runJob(elf, bundle, { chunk: creation.chunk.initial, heap: creation.heap.initial, stack: creation.stack }, job, opts);
  return { ...r, creation };
}
