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

/** Which half of a key pair a key file holds: the two have distinct labels, so one is never taken for the other. */
export type KeyKind = "secret" | "public";

const keyLabel = (kind: KeyKind) => `TINYML-XS ED25519 ${kind === "secret" ? "SECRET" : "PUBLIC"} KEY`;

/** A key file's text: a PEM-like block, `-----BEGIN TINYML-XS ED25519 SECRET KEY-----`, 64 hex digits, the END line. */
export function formatKey(kind: KeyKind, key: Uint8Array): string {
  return `-----BEGIN ${keyLabel(kind)}-----\n${hex(key)}\n-----END ${keyLabel(kind)}-----\n`;
}

/** Reads a key file written by formatKey, refusing the other kind of key (and bare hex, which could be either). */
export function readKey(path: string, kind: KeyKind): Uint8Array {
  const what = `${kind} key`;
  const text = Buffer.from(readBytes(path, what)).toString("utf8").trim();
  const m = /^-----BEGIN ([A-Z0-9 -]+)-----\s+([0-9a-fA-F]{64})\s+-----END ([A-Z0-9 -]+)-----$/.exec(text);
  if (m === null) {
    if (/^[0-9a-fA-F]{64}$/.test(text)) throw new CommandError(`${what} '${path}' is bare hex, which could be either key of a pair; make a new pair with \`tinyml keygen\``);
    throw new CommandError(`${what} '${path}' is not a tinyml-xs key file`);
  }
  if (m[1] !== m[3]) throw new CommandError(`${what} '${path}' is not a tinyml-xs key file (BEGIN and END differ)`);
  const other: KeyKind = kind === "secret" ? "public" : "secret";
  if (m[1] === keyLabel(other)) throw new CommandError(`'${path}' holds a ${other} key; a ${what} is needed here`);
  if (m[1] !== keyLabel(kind)) throw new CommandError(`${what} '${path}' is a '${m[1]}', not a ${keyLabel(kind)}`);
  return new Uint8Array(Buffer.from(m[2]!, "hex"));
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
