/** Inside tinyml-sim: prints the fuzzer's outcome (bench/fuzz/cases.ts, seed 1) of each model file given. Arguments: MODEL_PATH... */
import { runCase } from "../../bench/fuzz/cases";
import { print, sim } from "./harness";

for (const path of sim.args) print(runCase(new Uint8Array(sim.readFile(path)), 1));
sim.exit(0);
