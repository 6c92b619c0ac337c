/** What the keygen / pack / verify commands share: key files, and turning failures into exit codes. */
import { readFileSync } from "node:fs";
import { ModelError } from "../errors";
import { UpdateError } from "../lifecycle/update_error";

/** A failure the user caused: printed without a stack trace; exit code 2 for usage errors, 1 otherwise. */
export class CommandError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** Runs a command; returns its exit code, printing `tinyml: message` (and the usage for code 2) on failure. */
export async function runCommand(usage: string, fn: () => Promise<void> | void): Promise<number> {
  try {
    await fn();
    return 0;
  } catch (e) {
    if (e instanceof CommandError) {
      process.stderr.write(`tinyml: ${e.message}\n${e.exitCode === 2 ? `${usage}\n` : ""}`);
      return e.exitCode;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`tinyml: ${e.message}\n${usage}\n`);
      return 2;
    }
    if (e instanceof UpdateError || e instanceof ModelError) {
      process.stderr.write(`tinyml: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

export function readBytes(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new CommandError(`cannot read ${what} '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** A key file: 64 hex digits (32 bytes), surrounding whitespace ignored. */
export function readKey(path: string, what: string): Uint8Array {
  const text = Buffer.from(readBytes(path, what)).toString("utf8").trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new CommandError(`${what} '${path}' is not a key file (64 hex digits)`);
  return new Uint8Array(Buffer.from(text, "hex"));
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
