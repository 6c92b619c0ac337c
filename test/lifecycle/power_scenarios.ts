/** The update scenarios the power-cut sweeps run (tests and the lifecycle benchmark). */
import { fcModel, makeUpdate, sineModel } from "./helpers";
import { scenario, type Scenario } from "./power_sweep";

export const POWER_SCENARIOS: Record<"update" | "replace" | "bytes", () => Scenario> = {
  /** The sine model active; an update to a 64x32 fully connected model, 200-byte chunks. */
  update: () => scenario("update", [makeUpdate(sineModel, { version: 1 })], sineModel, fcModel(3, 64, 32), makeUpdate(fcModel(3, 64, 32), { version: 2 }), 200),
  /** Two slots used (sine, then a small model confirmed): the update overwrites the older slot. */
  replace: () => {
    const b = fcModel(1);
    return scenario("replace", [makeUpdate(sineModel, { version: 1 }), makeUpdate(b, { version: 2 })], b, fcModel(4, 32, 16), makeUpdate(fcModel(4, 32, 16), { version: 3 }), 333);
  },
  /** A small model active; a short update (the sine model), cut at every byte. */
  bytes: () => {
    const a = fcModel(1);
    return scenario("bytes", [makeUpdate(a, { version: 1 })], a, sineModel, makeUpdate(sineModel, { version: 2 }), 256);
  },
};
