/** `tinyml verify UPDATE --pub NAME.pub [--pub ...] [--max-arena BYTES]`: every check a device makes, on Node. Exit 0 only for a good update. */
import { parseArgs } from "node:util";
import { checkUpdate } from "../lifecycle/update";
import { runSelfTest, validateModel } from "../lifecycle/validate";
import { UpdateError } from "../lifecycle/update_error";
import { CommandError, hex, readBytes, readKey, runCommand } from "./lifecycle_common";

export const VERIFY_USAGE = `  tinyml verify UPDATE --pub NAME.pub [--pub NAME2.pub ...] [--max-arena BYTES]
      Checks an update as a device would: header, length, the Ed25519 signature of the header
      against the given public keys, the SHA-256 of the model and of the self-test pair against
      the signed header's, the model loads and every op is supported, the arena fits
      (--max-arena), and the self-test gives the expected output. Exit 0 only if all pass.`;

export function verify(args: string[]): Promise<number> {
  return runCommand(VERIFY_USAGE, () => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { pub: { type: "string", multiple: true }, "max-arena": { type: "string" } } });
    if (positionals.length !== 1) throw new CommandError("verify takes one UPDATE", 2);
    if (values.pub === undefined || values.pub.length === 0) throw new CommandError("verify needs --pub NAME.pub", 2);
    const maxArena = values["max-arena"] === undefined ? undefined : Number(values["max-arena"]);
    if (maxArena !== undefined && !(Number.isInteger(maxArena) && maxArena >= 0)) throw new CommandError(`--max-arena must be a byte count, not '${values["max-arena"]}'`, 2);
    const path = positionals[0]!;
    const bytes = readBytes(path, "update");
    const keys = values.pub.map((p) => readKey(p, "public"));
    const ok = (what: string) => process.stdout.write(`ok   ${what}\n`);
    try {
      const c = checkUpdate(bytes, keys);
      const h = c.header;
      ok(`header: model '${h.modelId}' version ${h.modelVersion}${h.allowDowngrade ? " (downgrade allowed)" : ""}, format ${h.format}`);
      ok(`length: ${bytes.length} bytes (model ${h.modelLength}, self-test ${h.selfTestInputLength} + ${h.selfTestOutputLength})`);
      ok(`Ed25519 signature of the header by ${values.pub[c.keyIndex]} (${hex(keys[c.keyIndex]!)})`);
      ok(`SHA-256 of the model: ${hex(h.modelSha256)}`);
      ok(`SHA-256 of the self-test pair: ${hex(h.selfTestSha256)}`);
      const { model, plan } = validateModel(c.model, { input: c.selfTestInput.length, output: c.selfTestOutput.length }, { maxArenaBytes: maxArena });
      ok(`model loads: ${model.operators.length} ops, all supported; arena ${plan.arenaBytes} bytes${maxArena === undefined ? "" : ` (budget ${maxArena})`}`);
      const r = runSelfTest(model, c.selfTestInput, c.selfTestOutput);
      if (!r.passed) throw new UpdateError("SELFTEST_FAILED", r.detail);
      ok(`self-test: the output matches, ${c.selfTestOutput.length} bytes bit-exact`);
    } catch (e) {
      if (e instanceof UpdateError) {
        process.stdout.write(`FAIL ${e.message}\n`);
        throw new CommandError(`${path} is not a good update (${e.code})`);
      }
      throw e;
    }
    process.stdout.write(`${path}: good update\n`);
  });
}
