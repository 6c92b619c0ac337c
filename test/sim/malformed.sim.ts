/**
 * Inside tinyml-sim: truncated, flipped and overwritten copies of each model (argument paths) load
 * to a valid interpreter or raise a ModelError, never another exception; loaded ones are invoked
 * (with the native kernels where the sim has them) when small enough.
 * Arguments: MODEL_PATH...
 */
import { Interpreter, Model, ModelError } from "../../src/index";
import { mutants } from "../helpers/mutations";
import { check, finish, print, sim } from "./harness";

const COUNTS = { cutsSpread: 60, flips: 80, words: 40, invokeFlips: 10, invokeWords: 5 };

for (const path of sim.args) {
  const original = new Uint8Array(sim.readFile(path));
  let typed = 0, valid = 0, invoked = 0, other = 0;
  for (const m of mutants(original, original.length, COUNTS)) {
    try {
      const it = new Interpreter(Model.from(m.bytes), { maxArenaBytes: 4 << 20 });
      valid++;
      if (m.invoke && it.plan.macs < 2e7) {
        it.invoke();
        invoked++;
      }
    } catch (e) {
      if (e instanceof ModelError) typed++;
      else {
        other++;
        check(`${path.split("/").pop()}:${m.what.replace(/ /g, "_")}`, false, `${(e as Error)?.name}: ${(e as Error)?.message}`);
      }
    }
  }
  print(`# ${path}: ${typed} typed errors, ${valid} valid, ${invoked} invoked`);
  check(`${path.split("/").pop()}:only-typed-errors`, other === 0 && typed > 64, `${typed} typed, ${other} other`);
}
finish();
