/**
 * What a native kernel would refuse is refused at prepare, with the same ModelError on Node and
 * inside the simulator; an arena beyond the host's default limit is a ModelError TOO_LARGE.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import test from "ava";
import { runCase } from "../bench/fuzz/cases";
import { Interpreter, Model, ModelError, TinyMLArgumentError } from "../src/index";
import { hostMaxArenaBytes } from "../src/kernels/native/host";
import { BuiltinOperator, OptionsType, singleOpModel, TensorType } from "./helpers/model_builder";
import { runInSim } from "./helpers/sim";
import { tempDir } from "./helpers/temp_dir";

/** An int8 fully connected layer 4 -> 2 with the given output scale and input zero point. */
function fullyConnected(outputScale: number, inputZeroPoint = 0): Uint8Array {
  return singleOpModel(
    [
      { shape: [1, 4], type: TensorType.INT8, scale: 0.5, zeroPoint: inputZeroPoint },
      { shape: [2, 4], type: TensorType.INT8, scale: 0.25, zeroPoint: 0, data: new Int8Array([1, 2, 3, 4, -1, -2, -3, -4]) },
      { shape: [1, 2], type: TensorType.INT8, scale: outputScale, zeroPoint: 0 },
    ],
    { op: BuiltinOperator.FULLY_CONNECTED, inputs: [0, 1, -1], outputs: [2], optionsType: OptionsType.FullyConnectedOptions, options: [] },
  );
}

/** A float RELU over `elements` floats. */
function relu(elements: number): Uint8Array {
  return singleOpModel([{ shape: [1, elements], type: TensorType.FLOAT32 }, { shape: [1, elements], type: TensorType.FLOAT32 }], { op: BuiltinOperator.RELU, inputs: [0], outputs: [1] });
}

const CASES: { name: string; bytes: Uint8Array; outcome: string }[] = [
  { name: "denormal output scale", bytes: fullyConnected(9.18e-41), outcome: "ModelError BAD_QUANTIZATION" },
  { name: "int8 zero point 300", bytes: fullyConnected(0.5, 300), outcome: "ModelError BAD_QUANTIZATION" },
  { name: "512 MiB arena", bytes: relu(1 << 27), outcome: "ModelError TOO_LARGE" },
];

for (const c of CASES) {
  test(`${c.name}: ${c.outcome} on Node`, (t) => {
    t.is(runCase(c.bytes, 1), c.outcome);
  });
}

test("a shift the native kernels refuse is a BAD_QUANTIZATION naming the shift", (t) => {
  const e = t.throws(() => new Interpreter(Model.from(fullyConnected(9.18e-41))), { instanceOf: ModelError });
  t.is(e.code, "BAD_QUANTIZATION");
  t.regex(e.message, /left shift of \d+ \(at most 30\)/);
  t.regex(runCase(fullyConnected(0.5), 1), /^ok /, "a sane scale still runs");
});

test("the default arena limit is the host's; maxArenaBytes raises or lowers it; a bad limit is an argument error", (t) => {
  const model = Model.from(relu(1 << 20)); // 8 MiB of arena (input and output live at once)
  t.true(Interpreter.plan(model).arenaBytes < hostMaxArenaBytes());
  t.is(new Interpreter(model).arenaBytes, Interpreter.plan(model).arenaBytes);
  const low = t.throws(() => new Interpreter(model, { maxArenaBytes: 1 << 20 }), { instanceOf: ModelError });
  t.is(low.code, "TOO_LARGE");
  const huge = Model.from(relu(1 << 27));
  t.true(Interpreter.plan(huge).arenaBytes > hostMaxArenaBytes(), "plan() still reports what the model would need");
  t.throws(() => new Interpreter(model, { maxArenaBytes: Number.NaN }), { instanceOf: TinyMLArgumentError });
  t.throws(() => new Interpreter(model, { maxArenaBytes: "1e9" as unknown as number }), { instanceOf: TinyMLArgumentError });
});

test("inside the simulator (native kernels): the same outcome for each case", async (t) => {
  const dir = tempDir("tinyml-limits-");
  const paths = CASES.map((c, i) => {
    const path = join(dir, `case${i}.tflite`);
    writeFileSync(path, c.bytes);
    return path;
  });
  const run = await runInSim("test/sim/run_case.sim.ts", paths);
  t.is(run.code, 0, run.stderr);
  t.deepEqual(run.stdout.trim().split("\n"), CASES.map((c) => c.outcome));
});
