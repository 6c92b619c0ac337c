/** `tinyml compress MODEL --bits N --out C.tflite`: weight clustering written in TFLM's compressed format. */
import { parseArgs } from "node:util";
import { CompressError, compressModel, type CompressResult, MAX_BITS, MIN_BITS } from "./compress_model";
import { RewriteError } from "./tflite_rewrite";
import { checkWritable, CommandError, progressLine, readModel, runCommand, writeOutput } from "./tool_io";

export const COMPRESS_USAGE = `  tinyml compress MODEL --bits ${MIN_BITS}..${MAX_BITS} --out C.tflite [--per-channel] [--binned B.tflite] [--json]
      Clusters the weights (int8, int16, int32, float32) of conv, depthwise and fully connected ops
      to at most 2^bits values each (least-squares codebooks: one per tensor, or with --per-channel one per quantization
      channel) and writes them as TFLM's compressed model: bit-packed indices, value tables and a
      TFLM_DECODE op before each op that reads them. A tensor is left as it is where that would not
      make it smaller. --binned writes the uncompressed model with the clustered weights, which
      computes exactly what the compressed one does. Prints, per tensor, its codebook and the SQNR
      of its clustered weights, and the bytes saved (--json: the same as JSON). --bits 8 is for
      int16, int32 and float32 weights (int8 ones are refused: 8-bit indices save nothing there)
      and goes beyond TFLM, whose decoder reads 1- to 7-bit indices: a warning says so.`;

function db(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(1)} dB` : "exact";
}

function report(path: string, originalBytes: number, r: CompressResult, bits: number, perChannel: boolean) {
  const weightsBefore = r.tensors.reduce((s, t) => s + t.originalBytes, 0);
  const weightsAfter = r.tensors.reduce((s, t) => s + t.storedBytes, 0);
  return {
    model: path,
    bits,
    perChannel,
    originalBytes,
    compressedBytes: r.compressed.length,
    savedBytes: originalBytes - r.compressed.length,
    weightBytes: weightsBefore,
    compressedWeightBytes: weightsAfter,
    tensors: r.tensors.map((t) => ({ ...t, weightSqnrDb: Number.isFinite(t.weightSqnrDb) ? t.weightSqnrDb : null })),
    skipped: r.skipped,
    warnings: r.warnings,
  };
}

export function compress(args: string[]): Promise<number> {
  return runCommand(COMPRESS_USAGE, () => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { bits: { type: "string" }, out: { type: "string", short: "o" }, "per-channel": { type: "boolean" }, binned: { type: "string" }, json: { type: "boolean" } },
    });
    if (positionals.length !== 1) throw new CommandError("compress takes one MODEL", 2);
    if (values.bits === undefined) throw new CommandError("compress needs --bits N", 2);
    if (values.out === undefined || values.out === "") throw new CommandError("compress needs --out C.tflite", 2);
    const bits = Number(values.bits);
    if (!(Number.isInteger(bits) && bits >= MIN_BITS && bits <= MAX_BITS)) {
      throw new CommandError(`--bits must be an integer ${MIN_BITS}..${MAX_BITS}, not '${values.bits}'`, 2);
    }
    const path = positionals[0]!;
    checkWritable(values.out, "the compressed model");
    if (values.binned !== undefined) checkWritable(values.binned, "the binned model");
    const { model, bytes } = readModel(path);
    const perChannel = values["per-channel"] === true;
    let result: CompressResult;
    try {
      result = compressModel(model, {
        bits,
        perChannel,
        // On a terminal one line rewritten in place; else a line every tenth of the way.
        progress: process.stderr.isTTY ? (done, total, name) => process.stderr.write(`\rclustering ${done}/${total} ${name.slice(0, 60).padEnd(60)}`) : progressLine("compress: clustering weight tensors"),
      });
      if (process.stderr.isTTY) process.stderr.write("\n");
    } catch (e) {
      if (e instanceof CompressError) throw new CommandError(`${path}: ${e.message}`, 1, { code: e.code });
      if (e instanceof RewriteError) throw new CommandError(`${path}: ${e.message}`, 1, { code: "CANNOT_REWRITE" });
      throw e;
    }
    writeOutput(values.out, result.compressed, "the compressed model");
    if (values.binned !== undefined) writeOutput(values.binned, result.binned, "the binned model");
    const r = report(path, bytes.length, result, bits, perChannel);
    for (const w of result.warnings) process.stderr.write(`tinyml: warning: ${w}\n`);
    if (values.json === true) {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      return;
    }
    const lines: string[] = [];
    for (const t of result.tensors) {
      lines.push(`  #${t.tensor} ${t.name} (${t.type}): ${t.tables} table(s) of up to ${t.codebookSize} values, ${t.originalBytes} -> ${t.storedBytes} bytes, weight SQNR ${db(t.weightSqnrDb)}`);
    }
    for (const s of result.skipped) lines.push(`  #${s.tensor} ${s.name}: left as it is (${s.reason})`);
    const pct = (100 * r.savedBytes) / r.originalBytes;
    lines.push(`${result.tensors.length} tensor(s) compressed to ${bits}-bit indices${perChannel ? " (per channel)" : ""}: weights ${r.weightBytes} -> ${r.compressedWeightBytes} bytes`);
    lines.push(`model ${r.originalBytes} -> ${r.compressedBytes} bytes (${r.savedBytes >= 0 ? `${r.savedBytes} saved, ${pct.toFixed(1)}%` : `${-r.savedBytes} more: the DECODE ops cost more than they save`}); wrote ${values.out}${values.binned !== undefined ? ` and ${values.binned}` : ""}`);
    process.stdout.write(`${lines.join("\n")}\n`);
  });
}
