/**
 * `tinyml pack MODEL --key NAME.key --version N --out UPDATE [--id ID] [--selftest-input IN.bin]
 * [--allow-downgrade]`: a signed update file (format: src/lifecycle/update.ts) carrying its
 * self-test pair, the expected output computed here by tinyml-xs itself.
 */
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { Interpreter } from "../interpreter/interpreter";
import { publicKeyOf, sha256 } from "../lifecycle/crypto";
import { packUpdate, parseUpdateHeader, UPDATE_FORMAT, validModelId } from "../lifecycle/update";
import { selfTestPair } from "../lifecycle/validate";
import { CommandError, hex, readBytes, readKey, runCommand } from "./lifecycle_common";
import { readModel } from "./tool_io";

export const PACK_USAGE = `  tinyml pack MODEL --key NAME.key --version N --out UPDATE [--id ID] [--selftest-input IN.bin]
             [--allow-downgrade]
      Signs MODEL into an update file for ModelStore: model id (default: the file name) and
      version, a self-test pair (IN.bin, raw bytes of every input tensor in order; default:
      deterministic seeded bytes) with the output tinyml-xs computes for it, and an Ed25519
      signature of the header, which holds the SHA-256 of the model and of the self-test pair.
      --allow-downgrade lets devices install it over a newer version.`;

export function pack(args: string[]): Promise<number> {
  return runCommand(PACK_USAGE, () => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        key: { type: "string", short: "k" },
        version: { type: "string" },
        out: { type: "string", short: "o" },
        id: { type: "string" },
        "selftest-input": { type: "string" },
        "allow-downgrade": { type: "boolean" },
      },
    });
    if (positionals.length !== 1) throw new CommandError("pack takes one MODEL", 2);
    if (values.key === undefined) throw new CommandError("pack needs --key NAME.key", 2);
    if (values.out === undefined) throw new CommandError("pack needs --out UPDATE", 2);
    const version = Number(values.version);
    if (values.version === undefined || !/^\d+$/.test(values.version) || version > 0xffffffff) throw new CommandError(`--version must be an integer from 0 to 4294967295, not '${values.version ?? ""}'`, 2);
    const path = positionals[0]!;
    const id = values.id ?? basename(path).replace(/\.tflite$/i, "").replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 32);
    if (!validModelId(id)) throw new CommandError(`model id '${id}' must be 1 to 32 characters of [A-Za-z0-9._-]`, 2);
    const { model: loaded, bytes: model } = readModel(path);
    const secret = readKey(values.key, "secret");
    const plan = Interpreter.plan(loaded); // a ModelError (unsupported ops...) stops here
    const input = values["selftest-input"] === undefined ? undefined : readBytes(values["selftest-input"], "self-test input");
    const pair = selfTestPair(model, input);
    const update = packUpdate({ model, modelId: id, modelVersion: version, allowDowngrade: values["allow-downgrade"] === true, selfTestInput: pair.input, selfTestOutput: pair.output, secretKey: secret });
    try {
      writeFileSync(values.out, update);
    } catch (e) {
      throw new CommandError(`cannot write '${values.out}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    process.stdout.write(
      `wrote ${values.out}: ${update.length} bytes, model '${id}' version ${version}${values["allow-downgrade"] === true ? " (downgrade allowed)" : ""}\n` +
        `  model ${model.length} bytes, SHA-256 ${hex(sha256(model))}, arena ${plan.arenaBytes} bytes\n` +
        `  self-test: ${pair.input.length} input bytes (${input === undefined ? "deterministic" : values["selftest-input"]}), ${pair.output.length} expected output bytes, SHA-256 ${hex(parseUpdateHeader(update).selfTestSha256)}\n` +
        `  header (format ${UPDATE_FORMAT}, binding both hashes) signed by public key ${hex(publicKeyOf(secret))}\n`,
    );
  });
}
