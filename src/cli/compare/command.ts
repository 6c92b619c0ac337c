/** `tinyml compare A.tflite B.tflite --inputs INPUTS.bin [--inputs IN2.bin ...] [--json]`. */
import { parseArgs } from "node:util";
import { CommandError, progressLine, readModel, readBytes, runCommand } from "../tool_io";
import { compareModels } from "./compare_models";

export const COMPARE_USAGE = `  tinyml compare A.tflite B.tflite --inputs INPUTS.bin [--inputs IN2.bin ...] [--json]
      Runs both models on the same N inputs (raw, in A's input types, one file per graph input;
      B gets them in its own types) and prints per output, in real units: top-1 agreement, max
      absolute error and SQNR of B against A (--json: top1Agreement, maxAbsError, sqnrDb).`;

export function compare(args: string[]): Promise<number> {
  return runCommand(COMPARE_USAGE, () => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { inputs: { type: "string", multiple: true, short: "i" }, json: { type: "boolean" } } });
    if (positionals.length !== 2) throw new CommandError("compare takes two models, A.tflite B.tflite", 2);
    if (values.inputs === undefined) throw new CommandError("compare needs --inputs INPUTS.bin", 2);
    const a = readModel(positionals[0]!), b = readModel(positionals[1]!);
    const inputs = values.inputs.map((file, i) => readBytes(file, `input file ${i}`));
    const result = compareModels(a.model, b.model, inputs, progressLine("compare: inputs"));
    if (values.json === true) {
      // JSON has no Infinity: identical outputs give sqnrDb null with identical: true.
      const outputs = result.outputs.map((o) => ({ ...o, sqnrDb: Number.isFinite(o.sqnrDb) ? o.sqnrDb : null, identical: o.maxAbsError === 0 }));
      process.stdout.write(`${JSON.stringify({ a: positionals[0], b: positionals[1], inputs: result.inputs, outputs }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${positionals[1]} against ${positionals[0]} on ${result.inputs} inputs:\n`);
    for (const o of result.outputs) {
      const top1 = o.top1Agreement === null ? "top-1 n/a (one element)" : `top-1 agreement ${(o.top1Agreement * 100).toFixed(2)}%`;
      const sqnr = Number.isFinite(o.sqnrDb) ? `SQNR ${o.sqnrDb.toFixed(2)} dB` : "identical";
      process.stdout.write(`  ${o.name}: ${top1}, max abs error ${o.maxAbsError.toPrecision(4)}, ${sqnr}\n`);
    }
  });
}
