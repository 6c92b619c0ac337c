/**
 * The differential fuzzer (Node only): every case of every model runs on Node (TypeScript kernels)
 * and inside tinyml-sim (the XS engine with the native C kernels); both must give the same outcome
 * (the same output bytes, or a typed error with the same code), never an untyped error, a crash or
 * a hang. Each case has a time limit: a worker that reports nothing for that long is killed, the
 * case counts as a timeout, and a new worker goes on from the next case.
 */
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForSim } from "../../hosts/sim/bundle.mjs";
import { ensureSim } from "../../hosts/sim/build.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface FuzzModel {
  name: string;
  path: string;
  cases: number;
}

export interface FuzzOptions {
  models: FuzzModel[];
  seed: number;
  /** A case taking longer than this (on either host) is a timeout. */
  caseTimeoutMs: number;
  /** Cases per worker process. */
  chunk?: number;
  /** Run the simulator's ASan + UBSan build. */
  sanitize?: boolean;
  log?: (line: string) => void;
}

export interface ModelTally {
  model: string;
  cases: number;
  /** Cases that loaded and ran on both hosts, with the same output bytes. */
  ran: number;
  /** Typed errors (the same on both hosts), by code. */
  typed: Record<string, number>;
  untyped: number;
  mismatches: number;
  timeouts: number;
  crashes: number;
  /** Cases whose worker process died once and which gave an outcome when run again alone. */
  retried: string[];
  /** A few failing cases, for the log. */
  failures: string[];
}

type Outcomes = Map<number, string>;

/** Runs cases [start, end) in `command`, restarting after a hang or a crash. */
async function runWorker(command: string, args: (start: number, end: number) => string[], start: number, end: number, timeoutMs: number): Promise<Outcomes> {
  const out: Outcomes = new Map();
  let next = start;
  while (next < end) {
    next = await new Promise<number>((done) => {
      const child = spawn(command, args(next, end), { cwd: repo, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ASAN_OPTIONS: "abort_on_error=0:halt_on_error=1", UBSAN_OPTIONS: "halt_on_error=1:print_stacktrace=1" } });
      let current = -1, lastDone = -1, buffer = "", tail = "";
      let timer: NodeJS.Timeout | null = null;
      const arm = () => {
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(() => {
          out.set(current, `TIMEOUT over ${timeoutMs} ms`);
          child.kill("SIGKILL");
        }, timeoutMs);
      };
      child.stderr.setEncoding("utf8");
      child.stderr.on("data", (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          const m = /^(START|CASE) (\d+)(?: (.*))?$/.exec(line);
          if (m === null) {
            tail = `${tail}${line}\n`.slice(-2000);
            continue;
          }
          const i = Number(m[2]);
          if (m[1] === "START") {
            current = i;
            arm();
          } else {
            out.set(i, m[3]!);
            lastDone = i;
            current = -1;
            if (timer !== null) clearTimeout(timer);
          }
        }
      });
      child.on("close", (code, signal) => {
        if (timer !== null) clearTimeout(timer);
        if (current >= 0 && !out.has(current)) out.set(current, `CRASH ${signal ?? code}: ${tail.trim().split("\n").slice(-3).join(" | ")}`);
        if (current < 0 && code !== 0) {
          // Died between cases or at exit (e.g. a sanitizer's leak report): blamed on the last case it finished.
          out.set(lastDone >= 0 ? lastDone : next, `CRASH ${signal ?? code} after the case: ${tail.trim().split("\n").slice(-3).join(" | ")}`);
        }
        let resume = next;
        while (out.has(resume) && resume < end) resume++;
        done(resume);
      });
    });
  }
  return out;
}

const kind = (outcome: string) => outcome.split(" ")[0]!;

/**
 * runWorker, then each case whose worker died (CRASH) once more in a fresh worker: a case that
 * crashes again is a crash; one that then gives an outcome was a worker lost to its environment
 * (counted in `retried`, with the retry's outcome).
 */
async function runWithRetry(command: string, args: (start: number, end: number) => string[], start: number, end: number, timeoutMs: number, retried: number[]): Promise<Outcomes> {
  const out = await runWorker(command, args, start, end, timeoutMs);
  for (const [i, outcome] of out) {
    if (kind(outcome) !== "CRASH") continue;
    const again = (await runWorker(command, args, i, i + 1, timeoutMs)).get(i) ?? outcome;
    if (kind(again) !== "CRASH") {
      out.set(i, again);
      retried.push(i);
    }
  }
  return out;
}

/** Fuzzes every model; resolves with one tally per model. */
export async function differentialFuzz(o: FuzzOptions): Promise<ModelTally[]> {
  const binary = await ensureSim({ sanitize: o.sanitize === true, quiet: true });
  const bundle = await bundleForSim("bench/fuzz/sim_worker.ts");
  const chunk = o.chunk ?? 500;
  const tallies: ModelTally[] = [];
  for (const model of o.models) {
    const tally: ModelTally = { model: model.name, cases: model.cases, ran: 0, typed: {}, untyped: 0, mismatches: 0, timeouts: 0, crashes: 0, retried: [], failures: [] };
    const fail = (line: string) => {
      if (tally.failures.length < 10) tally.failures.push(line);
    };
    for (let start = 0; start < model.cases; start += chunk) {
      const end = Math.min(model.cases, start + chunk);
      const seedArgs = (s: number, e: number) => [model.path, String(o.seed), String(s), String(e)];
      const nodeRetried: number[] = [], simRetried: number[] = [];
      const [onNode, inSim] = await Promise.all([
        runWithRetry(process.execPath, (s, e) => ["--import", "tsx", "bench/fuzz/node_worker.ts", ...seedArgs(s, e)], start, end, o.caseTimeoutMs, nodeRetried),
        runWithRetry(binary, (s, e) => [bundle, ...seedArgs(s, e)], start, end, o.caseTimeoutMs, simRetried),
      ]);
      for (const i of nodeRetried) tally.retried.push(`case ${i} on Node`);
      for (const i of simRetried) tally.retried.push(`case ${i} in XS`);
      for (let i = start; i < end; i++) {
        const a = onNode.get(i) ?? "MISSING", b = inSim.get(i) ?? "MISSING";
        const at = `${model.name} case ${i}`;
        if (kind(a) === "TIMEOUT" || kind(b) === "TIMEOUT") {
          tally.timeouts++;
          fail(`${at}: node ${a} | sim ${b}`);
        } else if (kind(a) === "CRASH" || kind(b) === "CRASH" || kind(a) === "MISSING" || kind(b) === "MISSING") {
          tally.crashes++;
          fail(`${at}: node ${a} | sim ${b}`);
        } else if (kind(a) === "UNTYPED" || kind(b) === "UNTYPED") {
          tally.untyped++;
          fail(`${at}: node ${a} | sim ${b}`);
        } else if (a !== b) {
          tally.mismatches++;
          fail(`${at}: node ${a} | sim ${b}`);
        } else if (kind(a) === "ok") tally.ran++;
        else {
          const code = a.split(" ")[1] ?? kind(a);
          tally.typed[code] = (tally.typed[code] ?? 0) + 1;
        }
      }
      o.log?.(`${model.name}: ${end}/${model.cases} cases, ${tally.ran} ran, ${tally.untyped} untyped, ${tally.mismatches} mismatches, ${tally.timeouts} timeouts, ${tally.crashes} crashes`);
    }
    tallies.push(tally);
  }
  return tallies;
}
