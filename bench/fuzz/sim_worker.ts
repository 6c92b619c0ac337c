/**
 * Inside tinyml-sim: runs fuzz cases [start, end) of one model, with the native kernels where the
 * sim has them; the same lines as node_worker.ts on stderr (unbuffered).
 * Arguments: MODEL_PATH SEED START END
 */
import { sim } from "../../hosts/sim/globals";
import { fuzzCase, runCase } from "./cases";

const [path, seedArg, startArg, endArg] = sim.args;
const original = new Uint8Array(sim.readFile(path!));
const seed = Number(seedArg), start = Number(startArg), end = Number(endArg);
for (let i = start; i < end; i++) {
  sim.stderr(`START ${i}\n`);
  sim.stderr(`CASE ${i} ${runCase(fuzzCase(original, seed, i).bytes, seed + i)}\n`);
}
sim.exit(0);
