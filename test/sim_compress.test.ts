/**
 * Compressed models inside the XS engine: `tinyml run --host sim` (the XS simulator with its native
 * kernels) gives, for every golden input, the bytes the binned model gives on Node.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import { ensureSim } from "../hosts/sim/build.mjs";
import { compressModel } from "../src/cli/compress_model";
import { Interpreter } from "../src/interpreter/interpreter";
import { Model } from "../src/model/model";
import { tinyml } from "./helpers/cli";
import { manifest, testdataDir, testdataFile, withTestdata } from "./helpers/testdata";

const tmp = mkdtempSync(join(tmpdir(), "tinyml-sim-compress-"));

test.before(async () => {
  await ensureSim({ quiet: true });
});

const CASES = [
  { name: "hello_world_int8", bits: 3, perChannel: false },
  { name: "kws_ref_model", bits: 4, perChannel: false },
  { name: "kws_ref_model", bits: 3, perChannel: true },
  { name: "person_detect", bits: 2, perChannel: false },
  { name: "person_detect", bits: 5, perChannel: true },
];

for (const { name, bits, perChannel } of CASES) {
  withTestdata(test, `${name} compressed to ${bits} bits${perChannel ? " per channel" : ""}: inside XS, the binned model's outputs byte for byte`, async (t) => {
    const entry = manifest().models[name]!;
    const r = compressModel(Model.from(new Uint8Array(readFileSync(join(testdataDir, entry.file)))), { bits, perChannel });
    t.true(r.tensors.length > 0);
    const file = join(tmp, `${name}.${bits}.${perChannel}.tflite`);
    writeFileSync(file, r.compressed);
    // Every single-invocation case, one after the other through one interpreter.
    const cases = entry.cases.filter((c) => c.invocations === 1);
    const inputs = Buffer.concat(cases.map((c) => testdataFile(c.input)));
    const it = new Interpreter(Model.from(r.binned));
    const want = Buffer.concat(cases.map((c) => {
      it.input(0).bytes.set(testdataFile(c.input));
      it.invoke();
      return Buffer.from(it.output(0).bytes);
    }));
    const input = `${file}.in`, out = `${file}.out`;
    writeFileSync(input, inputs);
    const run = await tinyml(["run", file, "--host", "sim", "--input", input, "--output", out, "--invocations", String(cases.length)]);
    t.is(run.code, 0, run.stderr);
    t.true(readFileSync(out).equals(want), "outputs differ from the binned model's on Node");
  });
}
