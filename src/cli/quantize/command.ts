/** `tinyml quantize FLOAT.tflite --calibration INPUTS.bin --out INT8.tflite [--per-channel] [--json]`. */
import { parseArgs } from "node:util";
import { Model } from "../../model/model";
import { checkWritable, CommandError, progressLine, readModel, readBytes, runCommand, writeOutput } from "../tool_io";
import { calibrate } from "./calibrate";
import { quantizeModel } from "./quantize_model";

export const QUANTIZE_USAGE = `  tinyml quantize FLOAT.tflite --calibration INPUTS.bin [--calibration IN2.bin ...] --out INT8.tflite
                  [--per-channel] [--json]
      Post-training full-integer quantization: int8 activations (ranges from the calibration
      inputs: N consecutive raw float32 inputs, one file per graph input), int8 weights (per
      channel for convolutions; --per-channel: for fully connected layers too), int32 biases.`;

export function quantize(args: string[]): Promise<number> {
  return runCommand(QUANTIZE_USAGE, () => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { calibration: { type: "string", multiple: true }, out: { type: "string", short: "o" }, "per-channel": { type: "boolean" }, json: { type: "boolean" } },
    });
    if (positionals.length !== 1) throw new CommandError("quantize takes one FLOAT.tflite", 2);
    if (values.calibration === undefined) throw new CommandError("quantize needs --calibration INPUTS.bin", 2);
    if (values.out === undefined) throw new CommandError("quantize needs --out INT8.tflite", 2);
    checkWritable(values.out, "the quantized model");
    const { model } = readModel(positionals[0]!);
    const sets = values.calibration.map((file, i) => {
      const raw = readBytes(file, `calibration set ${i}`);
      if (raw.length % 4 !== 0) throw new CommandError(`calibration set ${i} '${file}' has ${raw.length} bytes, not a whole number of float32 values`);
      return new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    });
    const ranges = calibrate(model, sets, progressLine("quantize: calibration inputs"));
    const bytes = quantizeModel(model, ranges, { perChannel: values["per-channel"] === true });
    const quantized = Model.from(bytes);
    writeOutput(values.out, bytes, "the quantized model");
    const io = (list: readonly number[]) => list.map((t) => {
      const s = quantized.tensor(t);
      return { name: s.name, shape: [...s.shape], scale: s.quantization!.scale[0]!, zeroPoint: s.quantization!.zeroPoint[0]! };
    });
    const summary = { out: values.out, bytes: bytes.length, floatBytes: model.bytes.length, calibrationInputs: sets[0]!.length / model.tensor(model.inputs[0]!).elements, inputs: io(quantized.inputs), outputs: io(quantized.outputs) };
    if (values.json === true) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(`wrote ${summary.out}: ${summary.bytes} bytes (float model ${summary.floatBytes} bytes), calibrated on ${summary.calibrationInputs} inputs\n`);
      for (const [kind, list] of [["input", summary.inputs], ["output", summary.outputs]] as const) {
        for (const t of list) process.stdout.write(`  ${kind} ${t.name} int8[${t.shape.join(",")}] scale ${t.scale} zero point ${t.zeroPoint}\n`);
      }
    }
  });
}
