/**
 * What the model tools (quantize, compare, prune) share: running a command with typed failures,
 * reading a model and raw input files, writing a result, and progress lines on stderr.
 */
import { writeFileSync } from "node:fs";
import { ModelError, TinyMLArgumentError } from "../errors";
import { Model } from "../model/model";
import { CommandError, readBytes, runCommand } from "./lifecycle_common";

/** readBytes gives a file's bytes in a buffer of their own (offset 0: any typed view of it is aligned). */
export { CommandError, readBytes };

/** Runs a tool: a bad argument (TinyMLArgumentError) or model (ModelError) prints one line and exits 1; usage errors exit 2. */
export function runTool(usage: string, fn: () => Promise<void> | void): Promise<number> {
  return runCommand(usage, async () => {
    try {
      await fn();
    } catch (e) {
      if (e instanceof TinyMLArgumentError) throw new CommandError(e.message);
      throw e;
    }
  });
}

/** A model file, loaded (a bad file is a CommandError naming it and the ModelError's code). */
export function readModel(path: string): { model: Model; bytes: Uint8Array } {
  const bytes = readBytes(path, "model");
  try {
    return { model: Model.from(bytes), bytes };
  } catch (e) {
    if (e instanceof ModelError) throw new CommandError(`${path}: ${e.message}`);
    throw e;
  }
}


export function writeOutput(path: string, bytes: Uint8Array, what: string): void {
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new CommandError(`cannot write ${what} '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
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
