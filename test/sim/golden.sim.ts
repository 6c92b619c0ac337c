/**
 * Inside tinyml-sim: every golden case of the given models, byte for byte, with the chosen kernels.
 * Arguments: TESTDATA_DIR KERNELS(native|portable) MODEL...
 */
import { Interpreter, Model, nativeKernels } from "../../src/index";
import { attempt, bytesEqual, check, finish, goldenModels, sim } from "./harness";

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
    attempt(`${name}:case${c.id}`, () => {
      const input = new Uint8Array(sim.readFile(`${testdata}/${c.input}`));
      const expected = new Uint8Array(sim.readFile(`${testdata}/${c.output}`));
      it.reset(); // each case starts from a fresh state, as TFLM's golden runs did (the audio preprocessor keeps state)
      const perIn = it.input(0).bytes.length, perOut = it.output(0).bytes.length;
      for (let k = 0; k < c.invocations; k++) {
        it.input(0).bytes.set(input.subarray(k * perIn, (k + 1) * perIn));
        it.invoke();
        const want = expected.subarray(k * perOut, (k + 1) * perOut);
        const got = it.output(0);
        if (got.type === "float32") {
          const w = new Float32Array(want.slice().buffer), g = got.data as Float32Array;
          for (let i = 0; i < w.length; i++) if (!(Math.abs(g[i]! - w[i]!) <= 1e-6 * Math.abs(w[i]!))) return `[${i}] ${g[i]} vs ${w[i]}`;
        } else if (!bytesEqual(got.bytes, want)) {
          return `invocation ${k} differs`;
        }
      }
      return true;
    });
  }
}
finish();
