/**
 * Inside tinyml-sim: every golden case of the given models, byte for byte, with the chosen kernels.
 * Arguments: TESTDATA_DIR KERNELS(native|portable) MODEL...
 */
import { Interpreter, Model, nativeKernels } from "../../src/index";
import { attempt, check, finish, goldenModels, runGoldenCase, sim } from "./harness";

const [testdata, kernels, ...models] = sim.args as [string, "native" | "portable", ...string[]];

const manifest = { models: goldenModels(testdata) };
const EXPECTED_NATIVE = ["conv2dInt8", "depthwiseConv2dInt8", "fullyConnectedInt8", "averagePool2dInt8", "maxPool2dInt8", "addInt8", "subInt8", "softmaxInt8", "rfftInt16", "filterBankUint32", "svdfInt8", "lstmInt8"];
const natives = Object.keys(nativeKernels());
check("kernels-available", kernels === "portable" || EXPECTED_NATIVE.every((k) => natives.includes(k)), `native kernels: ${natives.join(",")}`);

for (const name of models) {
  const m = manifest.models[name]!;
  let it: Interpreter;
  try {
    it = new Interpreter(Model.from(sim.readFile(`${testdata}/${m.file}`)), { kernels });
  } catch (e) {
    check(`${name}:load`, false, String(e));
    continue;
  }
  for (const c of m.cases) {
    attempt(`${name}:case${c.id}`, () => runGoldenCase(it, testdata, c));
  }
}
finish();
