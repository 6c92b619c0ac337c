/**
 * Runs inside Espruino for `tinyml run --host espruino`, the Espruino golden test and the Espruino
 * benchmark (src/cli/run_espruino.ts writes the job as the global JOB before this script). Loads the
 * runtime and the model, then for each run feeds its input files (N consecutive inputs each) to one
 * interpreter and prints the output bytes as hex. Lines on stdout:
 *   TINYML-OUT <run> <output> <hex>     TINYML-STATS <json>     TINYML-ERROR <json: name, code, message>
 */
import { globalRuntime, runtimeFromStorage, runtimeFromText } from "./load_runtime";
import type { TinyML } from "./load_runtime";

interface EspruinoJob {
  /** dist/espruino/tinyml.js */
  runtime: string;
  /** "storage": runtime and model in Storage (flash), put there before, as on a board (the job evaluates the runtime at the top level first); "ram": both read into RAM, pretokenised. */
  load: "storage" | "ram";
  model: string;
  runs: { inputs: string[]; invocations: number }[];
  profile: boolean;
  /** Variables in use before the job's top-level code evaluated the runtime (storage jobs). */
  varsAtStart?: number;
}
declare const JOB: EspruinoJob;

const HEX = "0123456789abcdef";
function hex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]! >> 4]! + HEX[bytes[i]! & 15]!;
  return s;
}

function readHostFile(path: string, what: string): string {
  const text = require("fs").readFileSync(path);
  if (text === undefined) throw new Error(`cannot read ${what} '${path}'`);
  return text;
}

function report(kind: string, value: unknown): void {
  print(`TINYML-${kind} ${JSON.stringify(value)}`);
}

function main(): void {
  const usage = () => process.memory().usage;
  const atStart = JOB.varsAtStart ?? usage();
  let tinyml: TinyML;
  let modelBytes: Uint8Array | ArrayBuffer;
  if (JOB.load === "storage") {
    tinyml = globalRuntime() ?? runtimeFromStorage("tinyml.js");
    const stored = require("Storage").readArrayBuffer("model.tflite");
    if (stored === undefined) throw new Error("no Storage file 'model.tflite'");
    modelBytes = stored;
  } else {
    tinyml = runtimeFromText(readHostFile(JOB.runtime, "runtime"));
    modelBytes = E.toUint8Array(readHostFile(JOB.model, "model"));
  }
  const afterRuntime = usage();
  let it;
  try {
    it = new tinyml.Interpreter(tinyml.Model.from(modelBytes), { kernels: "portable", profile: JOB.profile, clock: () => getTime() * 1000 });
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string };
    report("ERROR", { name: err.name, code: err.code, message: err.message });
    return;
  }
  const afterPrepare = usage();
  let invocations = 0;
  let ms = 0;
  const opMs: number[] = [];
  JOB.runs.forEach((run, r) => {
    const n = run.invocations;
    const inputs = run.inputs.map((path, i) => {
      const data = E.toUint8Array(readHostFile(path, `input ${i}`));
      if (data.length !== it.input(i).bytes.length * n) throw new Error(`input ${i} '${path}' has ${data.length} bytes; expected ${it.input(i).bytes.length * n}`);
      return data;
    });
    const outputs: Uint8Array[] = [];
    for (let i = 0; i < it.outputCount; i++) outputs.push(new Uint8Array(it.output(i).bytes.length * n));
    it.reset();
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < inputs.length; i++) {
        const per = it.input(i).bytes.length;
        it.input(i).bytes.set(inputs[i]!.subarray(k * per, (k + 1) * per));
      }
      const t0 = getTime();
      it.invoke();
      ms += (getTime() - t0) * 1000;
      invocations++;
      for (let i = 0; i < outputs.length; i++) outputs[i]!.set(it.output(i).bytes, k * it.output(i).bytes.length);
      if (JOB.profile) it.profile.forEach((p, j) => (opMs[j] = (opMs[j] ?? 0) + p.ms));
    }
    outputs.forEach((o, i) => print(`TINYML-OUT ${r} ${i} ${hex(o)}`));
  });
  const memory = process.memory();
  report("STATS", {
    load: JOB.load,
    version: process.version,
    blocksize: memory.blocksize,
    varsAtStart: atStart,
    varsRuntime: afterRuntime - atStart,
    varsModel: afterPrepare - afterRuntime,
    varsAfterInvoke: memory.usage - atStart,
    arenaBytes: it.arenaBytes,
    msPerInvoke: invocations === 0 ? 0 : ms / invocations,
    profile: JOB.profile ? it.profile.map((p, j) => ({ op: p.op, ms: opMs[j]! / invocations, macs: p.macs })) : [],
  });
}

try {
  main();
} catch (e) {
  const err = e as { name?: string; code?: string; message?: string };
  report("ERROR", { name: err.name, code: err.code, message: err.message });
}
