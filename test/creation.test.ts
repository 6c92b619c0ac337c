/** creationFor: the XS machine sized for a model, with the arena this host plans or the one a target plans. */
import test from "ava";
import { readFileSync } from "node:fs";
import { creationFor } from "../src/device/creation";
import { Interpreter, Model, TinyMLArgumentError } from "../src/index";

const sine = Model.from(readFileSync(new URL("../models/sine/sine.tflite", import.meta.url)));

test("the arena part is this host's plan unless the target's arena is given", (t) => {
  const here = creationFor(sine);
  t.is(here.parts.arenaBytes, Interpreter.plan(sine).arenaBytes);
  const target = creationFor(sine, { arenaBytes: here.parts.arenaBytes + 4096 });
  t.is(target.parts.arenaBytes, here.parts.arenaBytes + 4096);
  // the arena is one contiguous chunk: the chunk heap grows by exactly what the arena grows by (up to rounding)
  t.true(target.chunk.initial - here.chunk.initial >= 4096 && target.chunk.initial - here.chunk.initial <= 4096 + 1024);
  t.is(target.heap.initial, here.heap.initial);
});

test("a bad target arena is a TinyMLArgumentError", (t) => {
  for (const arenaBytes of [-1, 1.5, Number.NaN, "16" as unknown as number]) {
    const e = t.throws(() => creationFor(sine, { arenaBytes }), { instanceOf: TinyMLArgumentError });
    t.regex(e!.message, /arenaBytes must be an integer >= 0/);
  }
});
