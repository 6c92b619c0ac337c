/**
 * Inside tinyml-sim: a loaded Model keeps no JS object, array or string per tensor or operator.
 * Against the first model given (the smallest), every other model's Model.from keeps no more extra
 * XS bytes than one slot per extra tensor and operator (it keeps 4 bytes each: their positions).
 * Arguments: TESTDATA_DIR MODEL... (the first one is the reference).
 */
import { Model } from "../../src/index";
import { check, finish, sim, text } from "./harness";

const [testdata, ...models] = sim.args as [string, ...string[]];
const manifest = JSON.parse(text(sim.readFile(`${testdata}/golden/manifest.json`))) as { models: Record<string, { file: string }> };

const used = (): number => {
  const m = sim.memory();
  return m.chunkUsed + m.slotUsed;
};
const slotBytes = sim.memory().slotSize;

function held(name: string): { bytes: number; items: number } {
  const bytes = sim.readFile(`${testdata}/${manifest.models[name]!.file}`);
  sim.gc();
  const before = used();
  const model = Model.from(bytes);
  sim.gc();
  const after = used();
  return { bytes: after - before, items: model.tensorCount + model.operatorCount };
}

held(models[0]!); // the first load sets up what every model shares (module state, property names)
const reference = held(models[0]!);
for (const name of models.slice(1)) {
  const m = held(name);
  const extraItems = m.items - reference.items;
  const extraBytes = m.bytes - reference.bytes;
  check(name, extraBytes <= slotBytes * extraItems, `${m.items} tensors and operators keep ${m.bytes} bytes; ${models[0]} (${reference.items}) keeps ${reference.bytes}`);
}
finish();
