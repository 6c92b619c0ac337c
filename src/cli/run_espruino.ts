/**
 * `tinyml run --host espruino`, the Espruino golden test and bench/espruino_models.ts: runs a job in
 * the Espruino binary named by $ESPRUINO (Espruino built for Linux, hosts/espruino/README.md), in a
 * fresh directory (its Storage is the file espruino.flash there), and reads back what
 * hosts/espruino/run_model.ts printed.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface EspruinoJob {
  model: string;
  /** Each run feeds its input files (one per graph input, `invocations` consecutive inputs each) to the interpreter, reset first. */
  runs: { inputs: string[]; invocations: number }[];
  /** "storage": runtime and model in Storage (flash), as on a board; "ram": in RAM, pretokenised (faster). */
  load: "storage" | "ram";
  profile: boolean;
  /** Also measure the CPU seconds (user + system) the Espruino process used (run under bash's `times`). */
  cpu?: boolean;
  /**
   * The Espruino that writes the runtime and the model into Storage before a "storage" job, in a
   * process of its own (as a board gets them from the IDE): default, the job's binary. A build with
   * few fixed variables cannot hold the runtime's text in RAM to write it.
   */
  uploader?: string;
}

export interface EspruinoStats {
  load: string;
  version: string;
  /** Bytes per Espruino variable in this build. */
  blocksize: number;
  varsAtStart: number;
  /** Variables the runtime took once loaded. */
  varsRuntime: number;
  /** Variables the model's interpreter took (its arena, op state, views). */
  varsModel: number;
  /** Variables in use after the last invoke, counted from the start. */
  varsAfterInvoke: number;
  arenaBytes: number;
  msPerInvoke: number;
  profile: { op: string; ms: number; macs: number }[];
}

export interface EspruinoResult {
  /** outputs[run][output]: the bytes of all the run's invocations. */
  outputs: Uint8Array[][];
  stats: EspruinoStats | null;
  /** The typed error the runtime raised (loading the model, or a bad input file). */
  error: { name: string; code?: string; message: string } | null;
  /** CPU seconds of the Espruino process, when the job asked. */
  cpuSeconds?: number;
  /** Espruino ran out of variables at some point (it says so on its console and goes on as it can). */
  outOfMemory: boolean;
}

/** The Espruino binary ($ESPRUINO), or null when it is not set. */
export function espruinoBinary(): string | null {
  const e = process.env.ESPRUINO;
  return e === undefined || e === "" ? null : e;
}

/** Runs the job in Espruino. Rejects when the binary is missing or fails without the runner's report. */
export async function runOnEspruino(job: EspruinoJob, binary = espruinoBinary()): Promise<EspruinoResult> {
  if (binary === null) throw new Error("--host espruino needs $ESPRUINO: the path of Espruino built for Linux (hosts/espruino/README.md)");
  if (!existsSync(binary)) throw new Error(`$ESPRUINO: no such file '${binary}'`);
  const { ensureEspruinoBundles } = await import("../../hosts/espruino/bundle.mjs");
  const { runtime, runner } = await ensureEspruinoBundles();
  const dir = mkdtempSync(join(tmpdir(), "tinyml-espruino-"));
  try {
    if (job.load === "storage") {
      const put = (name: string, path: string) => `require("Storage").write(${JSON.stringify(name)}, require("fs").readFileSync(${JSON.stringify(path)}));`;
      writeFileSync(join(dir, "upload.js"), `${put("tinyml.js", runtime)}\n${put("model.tflite", resolve(job.model))}\nprint("TINYML-UPLOADED");\n`);
      const uploaded = await new Promise<string>((done) => execFile(job.uploader ?? binary, ["upload.js"], { cwd: dir }, (_err, out) => done(out)));
      if (!uploaded.includes("TINYML-UPLOADED")) throw new Error(`espruino: could not write the runtime and the model into Storage: ${uploaded.split(/\r?\n/).filter((l) => /Error|Memory/i.test(l)).join("; ")}`);
    }
    const full = { runtime, model: resolve(job.model), runs: job.runs.map((r) => ({ inputs: r.inputs.map((f) => resolve(f)), invocations: r.invocations })), load: job.load, profile: job.profile };
    // From Storage, the runtime is evaluated here at the top level, as a board's boot code should (hosts/espruino/load_runtime.ts).
    const topLevel = job.load === "storage" ? `JOB.varsAtStart = process.memory().usage;\neval(require("Storage").read("tinyml.js"));\n` : "";
    writeFileSync(join(dir, "job.js"), `var JOB = ${JSON.stringify(full)};\n${topLevel}${await readFile(runner, "utf8")}\n`);
    // bash's `times` prints its own and then its children's user and system time.
    const [file, args] = job.cpu === true ? ["bash", ["-c", '"$0" job.js; times', binary]] : [binary, ["job.js"]];
    const stdout = await new Promise<string>((done, fail) => {
      execFile(file, args, { cwd: dir, maxBuffer: 256 << 20 }, (err, out, stderr) => {
        if (err !== null && !out.includes("TINYML-")) fail(new Error(`espruino failed: ${stderr.trim() || err.message}`));
        else done(out);
      });
    });
    const result = parseReport(stdout, job.runs.length);
    if (job.cpu === true) {
      const t = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(stdout);
      if (t === null) throw new Error("espruino: no CPU times printed");
      result.cpuSeconds = Number(t[1]) * 60 + Number(t[2]) + Number(t[3]) * 60 + Number(t[4]);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads the runner's TINYML-* lines; anything else Espruino printed (its banner, an uncaught error) is kept for the message. */
export function parseReport(stdout: string, runs: number): EspruinoResult {
  const outputs: Uint8Array[][] = Array.from({ length: runs }, () => []);
  let stats: EspruinoStats | null = null;
  let error: EspruinoResult["error"] = null;
  for (const line of stdout.split(/\r?\n/)) {
    const out = /^TINYML-OUT (\d+) (\d+) ([0-9a-f]*)$/.exec(line);
    if (out !== null) outputs[Number(out[1])]![Number(out[2])] = Uint8Array.from(Buffer.from(out[3]!, "hex"));
    else if (line.startsWith("TINYML-STATS ")) stats = JSON.parse(line.slice(13)) as EspruinoStats;
    else if (line.startsWith("TINYML-ERROR ")) error = JSON.parse(line.slice(13)) as EspruinoResult["error"];
  }
  const outOfMemory = /out of memory/i.test(stdout);
  if (stats === null && error === null) {
    const said = stdout.split(/\r?\n/).filter((l) => /Uncaught|Error|Memory/i.test(l)).join("; ");
    if (outOfMemory) return { outputs, stats, error: { name: "Error", message: `out of memory: ${said}` }, outOfMemory };
    throw new Error(`espruino stopped without a report${said ? `: ${said}` : ""}`);
  }
  return { outputs, stats, error, outOfMemory };
}

/**
 * `tinyml run --host espruino`: writes the outputs, prints the profile on stderr. Resolves to an
 * error message (one that names $ESPRUINO when it is unset), or null when the outputs were written.
 */
export async function runEspruinoCommand(job: { model: string; inputs: string[]; outputs: string[]; invocations: number; profile: boolean }): Promise<string | null> {
  let r: EspruinoResult;
  try {
    r = await runOnEspruino({ model: job.model, runs: [{ inputs: job.inputs, invocations: job.invocations }], load: "ram", profile: job.profile });
  } catch (e) {
    return (e as Error).message;
  }
  if (r.error !== null) return `${job.model}: ${r.error.message}`;
  for (let i = 0; i < job.outputs.length; i++) {
    try {
      writeFileSync(job.outputs[i]!, r.outputs[0]![i]!);
    } catch (e) {
      return `cannot write output ${i} '${job.outputs[i]}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
  }
  if (job.profile && r.stats !== null) {
    process.stderr.write(`profile inside Espruino ${r.stats.version} (${job.invocations} invocation${job.invocations > 1 ? "s" : ""}, ${r.stats.msPerInvoke.toFixed(1)} ms each):\n`);
    r.stats.profile.forEach((p, j) => process.stderr.write(`  ${String(j).padStart(3)} ${p.op.padEnd(20)} ${p.ms.toFixed(3).padStart(9)} ms  ${String(p.macs).padStart(11)} MACs\n`));
  }
  return null;
}
