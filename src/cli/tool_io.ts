/**
 * What the model tools (run, inspect, quantize, compare, prune, compress) share: running a command
 * with typed failures, reading a model and raw input files, writing a result (its folder checked
 * before the long work), and progress lines on stderr.
 */
import { accessSync, constants, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ModelError } from "../errors";
import { Model } from "../model/model";
import { CommandError, readBytes, runCommand } from "./lifecycle_common";

/** readBytes gives a file's bytes in a buffer of their own (offset 0: any typed view of it is aligned). */
export { CommandError, readBytes, runCommand };

/** runCommand, by the name the model tools first used. */
export const runTool = runCommand;

/** Where a .tflite file keeps its FlatBuffer file identifier, and what it is. */
const IDENTIFIER_AT = 4;
const TFLITE_IDENTIFIER = "TFL3";

/** A model file, loaded (a bad file is a CommandError naming it and the ModelError's code). */
export function readModel(path: string): { model: Model; bytes: Uint8Array } {
  const bytes = readBytes(path, "model");
  try {
    return { model: Model.from(bytes), bytes };
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    const identifier = String.fromCharCode(...bytes.subarray(IDENTIFIER_AT, IDENTIFIER_AT + 4));
    // A file that is no .tflite at all says so first: the FlatBuffer error alone would not.
    const what = bytes.length < IDENTIFIER_AT + 4 || identifier !== TFLITE_IDENTIFIER ? `not a .tflite model (${bytes.length < IDENTIFIER_AT + 4 ? `${bytes.length} bytes` : `no '${TFLITE_IDENTIFIER}' file identifier`}): ` : "";
    throw new CommandError(`${path}: ${what}${e.message}`, 1, { code: e.code });
  }
}

/** Fails now, before long work, when `path` cannot be written: its folder is missing or read-only. */
export function checkWritable(path: string, what: string): void {
  const folder = dirname(resolve(path));
  let problem: string | null = null;
  try {
    if (!statSync(folder).isDirectory()) problem = `'${folder}' is not a folder`;
    else accessSync(folder, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problem = code === "ENOENT" ? `the folder '${folder}' does not exist` : code === "EACCES" ? `the folder '${folder}' is not writable` : `${code ?? (e as Error).message}`;
  }
  if (problem !== null) throw new CommandError(`cannot write ${what} '${path}': ${problem}`, 1, { code: "CANNOT_WRITE" });
}

export function writeOutput(path: string, bytes: Uint8Array, what: string): void {
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new CommandError(`cannot write ${what} '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 1, { code: "CANNOT_WRITE" });
  }
}

/** Prints "label: done/total" on stderr about every tenth of the way (and at the end). */
export function progressLine(label: string): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const tenth = Math.floor((done * 10) / total);
    if (tenth === shown && done !== total) return;
    shown = tenth;
    process.stderr.write(`${label}: ${done}/${total}\n`);
  };
}

/** Parses a number option: a finite number within [min, max], else a usage error naming it. */
export function numberOption(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max) throw new CommandError(`${name} must be a number in [${min}, ${max}], not '${value}'`, 2);
  return n;
}
