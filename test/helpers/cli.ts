/** Runs the tinyml command line as a user would (node bin/tinyml.js ...). */
import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const tinymlBin = join(repo, "bin", "tinyml.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tinyml(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [tinymlBin, ...args], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1;
      done({ code, stdout, stderr });
    });
  });
}
