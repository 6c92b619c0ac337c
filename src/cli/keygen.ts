/** `tinyml keygen --out NAME [--force]`: an Ed25519 key pair for signing updates (NAME.key, secret; NAME.pub, public). */
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { publicKeyOf } from "../lifecycle/crypto";
import { CommandError, formatKey, hex, runCommand } from "./lifecycle_common";

export const KEYGEN_USAGE = `  tinyml keygen --out NAME [--force]
      Makes an Ed25519 key pair: NAME.key (the secret signing key, mode 0600: keep it off devices)
      and NAME.pub (the public key devices trust), each 64 hex digits between BEGIN/END lines that
      say which key it is (pack and verify refuse the other one). Refuses to overwrite either
      file without --force.`;

export function keygen(args: string[]): Promise<number> {
  return runCommand(KEYGEN_USAGE, () => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: "string", short: "o" }, force: { type: "boolean" } } });
    if (positionals.length > 0) throw new CommandError(`keygen takes no positional arguments (got '${positionals[0]}')`, 2);
    if (values.out === undefined || values.out === "") throw new CommandError("keygen needs --out NAME", 2);
    const keyPath = `${values.out}.key`, pubPath = `${values.out}.pub`;
    if (values.force !== true) {
      for (const p of [keyPath, pubPath]) if (existsSync(p)) throw new CommandError(`'${p}' exists; use --force to overwrite it`);
    }
    const secret = new Uint8Array(randomBytes(32));
    const pub = publicKeyOf(secret);
    try {
      writeFileSync(keyPath, formatKey("secret", secret), { mode: 0o600 });
      writeFileSync(pubPath, formatKey("public", pub));
    } catch (e) {
      throw new CommandError(`cannot write the key files: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    process.stdout.write(`wrote ${keyPath} (secret) and ${pubPath} (public key ${hex(pub)})\n`);
  });
}
