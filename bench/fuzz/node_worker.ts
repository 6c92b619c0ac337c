/**
 * Runs fuzz cases [start, end) of one model on Node: `START i` before case i, `CASE i <outcome>`
 * after it, on stderr, written synchronously so that the driver sees a hang as it happens.
 * Arguments: MODEL_PATH SEED START END
 */
import { readFileSync, writeSync } from "node:fs";
import { fuzzCase, runCase } from "./cases";

const [path, seedArg, startArg, endArg] = process.argv.slice(2);
const original = new Uint8Array(readFileSync(path!));
const seed = Number(seedArg), start = Number(startArg), end = Number(endArg);
for (let i = start; i < end; i++) {
  writeSync(2, `START ${i}\n`);
  writeSync(2, `CASE ${i} ${runCase(fuzzCase(original, seed, i).bytes, seed + i)}\n`);
}
