/** The memory planner: no two live buffers overlap, offsets aligned, and real models' plans are valid. */
import test from "ava";
import { ARENA_ALIGNMENT, type BufferRequest, planIsValid, planMemory } from "../src/interpreter/planner";
import { Interpreter, Model } from "../src/index";
import { randInt, rng } from "./helpers/random";
import { CORE_MODELS, manifest, testdataFile, withTestdata } from "./helpers/testdata";

test("buffers with disjoint lifetimes share memory", (t) => {
  const plan = planMemory([
    { size: 100, first: 0, last: 1 },
    { size: 100, first: 2, last: 3 },
  ]);
  t.deepEqual(plan.offsets, [0, 0]);
  t.is(plan.arenaBytes, 112);
});

test("buffers alive together do not overlap; the largest goes first", (t) => {
  const req: BufferRequest[] = [
    { size: 10, first: 0, last: 2 },
    { size: 64, first: 1, last: 3 },
    { size: 32, first: 3, last: 4 },
  ];
  const plan = planMemory(req);
  t.true(planIsValid(req, plan));
  t.is(plan.offsets[1], 0); // the largest first, at the bottom
  t.is(plan.offsets[2], 64); // alive with buffer 1 at op 3
  t.is(plan.offsets[0], 64); // alive with buffer 1 but never with buffer 2: shares its place
  t.is(plan.arenaBytes, 96);
});

test("zero-sized buffers take no room", (t) => {
  const plan = planMemory([{ size: 0, first: 0, last: 5 }, { size: 8, first: 0, last: 5 }]);
  t.is(plan.arenaBytes, 16);
});

test("planIsValid catches an overlap", (t) => {
  const req: BufferRequest[] = [{ size: 16, first: 0, last: 1 }, { size: 16, first: 1, last: 2 }];
  t.false(planIsValid(req, { offsets: [0, 0], arenaBytes: 16 }));
  t.false(planIsValid(req, { offsets: [0, 8], arenaBytes: 32 }));
  t.true(planIsValid(req, { offsets: [0, 16], arenaBytes: 32 }));
});

test("random request sets always give valid, aligned plans", (t) => {
  const r = rng(11);
  for (let k = 0; k < 300; k++) {
    const n = randInt(r, 1, 40);
    const req: BufferRequest[] = [];
    for (let i = 0; i < n; i++) {
      const first = randInt(r, 0, 20);
      req.push({ size: randInt(r, 0, 5000), first, last: first + randInt(r, 0, 6) });
    }
    const plan = planMemory(req);
    if (!planIsValid(req, plan)) t.fail(`set ${k}`);
    for (const o of plan.offsets) t.is(o % ARENA_ALIGNMENT, 0);
    // a lower bound: at any op, the live buffers must fit
    for (let op = 0; op < 27; op++) {
      const live = req.filter((b) => b.first <= op && op <= b.last).reduce((s, b) => s + b.size, 0);
      t.true(plan.arenaBytes >= live);
    }
  }
});

for (const name of CORE_MODELS) {
  withTestdata(test, `plan of ${name}: no two live tensors overlap`, (t) => {
    const m = manifest().models[name]!;
    const model = Model.from(testdataFile(m.file));
    const plan = Interpreter.plan(model);
    t.true(planIsValid(plan.buffers, { offsets: plan.buffers.map((b) => b.offset), arenaBytes: plan.arenaBytes }));
    // every non-constant tensor an op touches is placed
    for (const op of model.operators) for (const i of [...op.inputs, ...op.outputs]) if (i >= 0 && model.tensor(i).data === null) t.true(plan.tensorOffsets[i]! >= 0);
  });
}
