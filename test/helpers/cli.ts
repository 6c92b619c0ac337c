/** Runs the project's commands as a user would (node bin/tinyml.js ..., npm start ...), and any process, to its exit code. */
import { execFile, type ExecFileOptions } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const tinymlBin = join(repo, "bin", "tinyml.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `file` to its end: its exit code (1 when it could not start or was killed) and output. */
export function runProcess(file: string, args: string[], options: ExecFileOptions = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(file, args, { maxBuffer: 64 << 20, ...options, encoding: "utf8" }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export function tinyml(args: string[]): Promise<CliResult> {
  return runProcess(process.execPath, [tinymlBin, ...args]);
}

/** A TypeScript script of the repo run with tsx (`node --import=tsx FILE ...`), from the repo folder; out is stdout then stderr. */
export async function runScript(args: string[]): Promise<CliResult & { out: string }> {
  const r = await runProcess(process.execPath, ["--import=tsx", ...args], { cwd: repo });
  return { ...r, out: r.stdout + r.stderr };
}

/** `npm start -- ...args` (src/cli/start.ts), from the repo folder. */
export function npmStart(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return runProcess(process.execPath, ["--import=tsx", join(repo, "src", "cli", "start.ts"), ...args], { cwd: repo, env });
}
