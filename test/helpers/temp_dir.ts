/**
 * Temporary directories for tests and benches: made under the system's temporary directory and
 * removed when the process ends (each ava test file runs in a process of its own), passed or not,
 * so repeated runs do not fill /tmp. TINYML_KEEP_TEMP=1 keeps them (and prints each one's path) to
 * look at what a test or bench left there.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];
let hooked = false;

/** A fresh directory named `prefix` + random characters, removed at process exit. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.env.TINYML_KEEP_TEMP === "1") {
    console.log(`kept: ${dir}`);
    return dir;
  }
  made.push(dir);
  if (!hooked) {
    hooked = true;
    process.on("exit", () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}
