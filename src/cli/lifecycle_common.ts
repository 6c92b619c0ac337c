/** What the keygen / pack / verify commands share: key files, and turning failures into exit codes. */
import { readFileSync } from "node:fs";
import { asCommandError, CommandError } from "./cli_failure";

export { CommandError };

/**
 * Runs a command: 0 when it succeeds; a known failure (bad arguments, model or update) is thrown
 * on as a CommandError, for the tinyml command to report (src/cli/cli_failure.ts).
 */
export async function runCommand(_usage: string, fn: () => Promise<void> | void): Promise<number> {
  try {
    await fn();
    return 0;
  } catch (e) {
    throw asCommandError(e) ?? e;
  }
}

export function readBytes(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new CommandError(`cannot read ${what} '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 1, { code: "CANNOT_READ" });
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
