/**
 * Inside tinyml-sim: the XS memory a model costs beyond its arena, to size Moddable `creation`
 * values (src/device/creation.ts). Per model, after a full GC at each step: the slots and chunks
 * that Model.from and new Interpreter keep, the peak while invoking, and the deepest XS stack.
 * Arguments: FILE.tflite... ; prints one JSON line per model (slot counts are in slots, not bytes).
 */
import { Interpreter, Model } from "../../src/index";
import { print, sim } from "../../hosts/sim/globals";

// "--stack FILE": only the deepest XS stack while loading, preparing and invoking FILE, with no
// forced GC before (XS marks on the free stack, so a GC sets the stack peak to the whole stack).
if (sim.args[0] === "--stack") {
  const m = Model.from(sim.readFile(sim.args[1]!));
  const afterModel = sim.memory().stackPeak / 32;
  const it = new Interpreter(m);
  const afterInterpreter = sim.memory().stackPeak / 32;
  it.invoke();
  const mem = sim.memory();
  print(JSON.stringify({ model: sim.args[1]!.replace(/^.*\//, ""), afterModel, afterInterpreter, afterInvoke: mem.stackPeak / 32, gcFree: mem.stackPeak < mem.stackSize }));
  sim.exit(0);
}
const files = sim.args;
sim.gc();
const start = sim.memory();
print(JSON.stringify({ baseline: true, slots: start.slotUsed / start.slotSize, chunkBytes: start.chunkUsed, stackSlots: start.stackPeak / 32 }));
for (const file of files) {
  const bytes = sim.readFile(file);
  sim.gc();
  const m0 = sim.memory();
  const stack = (): number => sim.memory().stackPeak / 32;
  const model = Model.from(bytes);
  const stackAfterModel = stack();
  sim.gc();
  const m1 = sim.memory();
  const it = new Interpreter(model);
  const stackAfterInterpreter = stack();
  sim.gc();
  const m2 = sim.memory();
  for (let i = 0; i < 3; i++) it.invoke();
  const m3 = sim.memory();
  const slot = m0.slotSize;
  let constBytes = 0;
  for (const t of model.tensors) if (t.data !== null) constBytes += t.byteLength;
  print(JSON.stringify({
    model: file.replace(/^.*\//, ""),
    bytes: model.bytes.length,
    tensors: model.tensors.length,
    operators: model.operators.length,
    arenaBytes: it.arenaBytes,
    constBytes,
    modelSlots: (m1.slotUsed - m0.slotUsed) / slot,
    modelChunkBytes: m1.chunkUsed - m0.chunkUsed,
    interpreterSlots: (m2.slotUsed - m1.slotUsed) / slot,
    interpreterChunkBytes: m2.chunkUsed - m1.chunkUsed - it.arenaBytes,
    invokeChunkBytes: m3.chunkUsed - m2.chunkUsed,
    invokeSlots: (m3.slotUsed - m2.slotUsed) / slot,
    stackBefore: m0.stackPeak / 32,
    stackAfterModel,
    stackAfterInterpreter,
    stackAfterInvoke: m3.stackPeak / 32,
  }));
}
sim.exit(0);
