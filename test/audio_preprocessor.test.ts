/**
 * TFLM's micro_speech audio preprocessor (signal ops + CAST, STRIDED_SLICE, CONCATENATION and int32
 * arithmetic) byte-equal with the outputs TFLM gave for the 8 golden cases. Case 7 feeds 49
 * consecutive 30 ms frames to one interpreter: the spectral subtraction's noise estimate carries
 * over, so every frame after the first depends on the state being kept exactly.
 */
import test from "ava";
import { Interpreter, Model } from "../src/index";
import { manifest, testdataFile, withTestdata } from "./helpers/testdata";

const NAME = "audio_preprocessor_int8";

withTestdata(test, "all golden cases, byte for byte (case 7: 49 invocations on one interpreter)", (t) => {
  const m = manifest().models[NAME]!;
  t.is(m.cases.length, 8);
  const model = Model.from(testdataFile(m.file));
  const inBytes = m.inputs[0]!.bytes, outBytes = m.outputs[0]!.bytes;
  for (const c of m.cases) {
    const it = new Interpreter(model);
    const input = testdataFile(c.input), expected = testdataFile(c.output);
    t.is(input.length, c.invocations * inBytes);
    for (let k = 0; k < c.invocations; k++) {
      it.input(0).bytes.set(input.subarray(k * inBytes, (k + 1) * inBytes));
      it.invoke();
      t.deepEqual(Buffer.from(it.output(0).bytes), expected.subarray(k * outBytes, (k + 1) * outBytes), `case ${c.id}, invocation ${k}`);
    }
  }
});

withTestdata(test, "reset() restores the initial (all-zero) noise estimate; state really matters", (t) => {
  const m = manifest().models[NAME]!;
  const c = m.cases.find((x) => x.invocations > 1)!;
  const input = testdataFile(c.input), expected = testdataFile(c.output);
  const it = new Interpreter(Model.from(testdataFile(m.file)));
  const frame = (k: number) => {
    it.input(0).bytes.set(input.subarray(k * 960, (k + 1) * 960));
    it.invoke();
    return Buffer.from(it.output(0).bytes);
  };
  for (let k = 0; k < 10; k++) frame(k);
  // Frame 10 alone on a fresh state differs from frame 10 after frames 0..9.
  it.reset();
  const alone = frame(10);
  t.notDeepEqual(alone, expected.subarray(400, 440));
  it.reset();
  for (let k = 0; k < 12; k++) t.deepEqual(frame(k), expected.subarray(k * 40, (k + 1) * 40), `frame ${k} after reset`);
});
