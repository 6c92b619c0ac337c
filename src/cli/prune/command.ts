/** `tinyml prune MODEL --sparsity S --out PRUNED.tflite [--json]`. */
import { parseArgs } from "node:util";
import { checkWritable, CommandError, numberOption, readModel, runCommand, writeOutput } from "../tool_io";
import { pruneModel } from "./prune_model";

export const PRUNE_USAGE = `  tinyml prune MODEL --sparsity S --out PRUNED.tflite [--json]
      Magnitude pruning: in every weight tensor of FULLY_CONNECTED, CONV_2D and DEPTHWISE_CONV_2D
      (float32, or symmetric int8), the share S (0..1) of the smallest-magnitude weights become 0.
      tinyml compare MODEL PRUNED.tflite shows what it costs.`;

export function prune(args: string[]): Promise<number> {
  return runCommand(PRUNE_USAGE, () => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { sparsity: { type: "string" }, out: { type: "string", short: "o" }, json: { type: "boolean" } } });
    if (positionals.length !== 1) throw new CommandError("prune takes one MODEL", 2);
    if (values.sparsity === undefined) throw new CommandError("prune needs --sparsity S (0..1)", 2);
    if (values.out === undefined) throw new CommandError("prune needs --out PRUNED.tflite", 2);
    const sparsity = numberOption(values.sparsity, "--sparsity", 0, 1);
    checkWritable(values.out, "the pruned model");
    const { bytes } = readModel(positionals[0]!);
    const result = pruneModel(bytes, sparsity);
    writeOutput(values.out, result.bytes, "the pruned model");
    const elements = result.tensors.reduce((s, t) => s + t.elements, 0);
    const zeros = result.tensors.reduce((s, t) => s + t.zerosAfter, 0);
    if (values.json === true) {
      process.stdout.write(`${JSON.stringify({ out: values.out, sparsity, weights: elements, zeros, tensors: result.tensors }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`wrote ${values.out}: ${zeros} of ${elements} weights are 0 (${((zeros / elements) * 100).toFixed(1)}%)\n`);
    for (const t of result.tensors) process.stdout.write(`  #${t.index} ${t.name}: ${t.zerosBefore} -> ${t.zerosAfter} zeros of ${t.elements}\n`);
  });
}
