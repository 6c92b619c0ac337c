/** tinyml-sim's "instrumentation": the XS heap and stack counters Moddable's instrumentation reports, from sim.memory(). */
import { sim } from "../globals";

const NAMES = ["XS Slot Heap Used", "XS Chunk Heap Used", "XS Stack Used"] as const;

export default class Instrumentation {
  static map(name: string): number | undefined {
    const i = (NAMES as readonly string[]).indexOf(name);
    return i < 0 ? undefined : i + 1;
  }

  static name(what: number | undefined): string | undefined {
    return what === undefined ? undefined : NAMES[what - 1];
  }

  static get(what: number | undefined): number | undefined {
    const m = sim.memory();
    if (what === 1) return m.slotUsed;
    if (what === 2) return m.chunkUsed;
    if (what === 3) return m.stackPeak;
    return undefined;
  }
}
