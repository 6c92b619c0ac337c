/*
 * A check app for the compiled-plan part (src/plan/manifest.json) under the Moddable SDK
 * (test/sdk/run_apps.ts builds it for lin and runs it under mcsim): for each model, compiles its
 * plan on the device, boots a CompiledInterpreter from it (the C plan runner) and runs it beside an
 * Interpreter (the bound kernels) on the same inputs; traces how many output values are equal.
 */
import Resource from "Resource";
import { Model, Interpreter } from "tinyml-xs";
import { compilePlan, CompiledPlan, CompiledInterpreter } from "tinyml-xs/plan";

for (const name of ["sine.tflite", "motion.tflite", "anomaly_int8.tflite"]) {
  try {
    const bytes = new Resource(name);
    const plan = CompiledPlan.from(compilePlan(Model.from(bytes)));
    const compiled = new CompiledInterpreter(bytes, plan);
    const reference = new Interpreter(Model.from(bytes));
    let same = 0, total = 0;
    for (let run = 0; run < 4; run++) {
      for (const it of [compiled, reference]) {
        const input = it.input(0).data;
        for (let i = 0; i < input.length; i++) input[i] = ((i * 37 + run * 11) % 255) - 127;
        it.invoke();
      }
      const a = compiled.output(0).data, b = reference.output(0).data;
      total += a.length;
      for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    }
    trace(`${name}: plan ${plan.complete ? "complete" : "partial"}, ${compiled.opsInC} ops in C, arena ${compiled.arenaBytes} B; outputs of 4 runs equal to the Interpreter's: ${same}/${total}\n`);
  } catch (e) {
    trace(`${name}: ${e.name}: ${e.message}\n`);
  }
}
