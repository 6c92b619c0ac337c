/**
 * Inside tinyml-sim: models booted from their compiled plans (CompiledInterpreter, the C plan
 * runner). Per model: the plan compiled inside XS is the one Node compiled (PLAN files given); every
 * golden case byte for byte; every op of a complete int8 plan runs in C. Then forged plans (one
 * word of a record or of the constants changed, the plan's CRC-32 made right again): each is
 * refused (ModelError at boot, RangeError from the runner) or runs, never another failure (the
 * sanitized build: never a memory error).
 * Arguments: TESTDATA_DIR FORGERIES MODEL=PLAN...
 */
import { Interpreter, Model, ModelError } from "../../src/index";
import { CompiledInterpreter, CompiledPlan, compilePlan } from "../../src/plan/index";
import { Header, HEADER_WORDS } from "../../src/plan/compiled_plan";
import { crc32 } from "../../src/math/crc32";
import { attempt, bytesEqual, check, finish, goldenModels, runGoldenCase, sim } from "./harness";

const [testdata, forgeries, ...pairs] = sim.args as [string, string, ...string[]];
const manifest = { models: goldenModels(testdata) };

for (const pair of pairs) {
  const [name, planPath] = pair.split("=") as [string, string];
  const m = manifest.models[name]!;
  const bytes = new Uint8Array(sim.readFile(`${testdata}/${m.file}`));
  const planBytes = new Uint8Array(sim.readFile(planPath));
  attempt(`${name}:compiled-in-xs-equals-node`, () => bytesEqual(compilePlan(Model.from(bytes)), planBytes) || "the plans differ");
  const plan = CompiledPlan.from(planBytes);
  let it: CompiledInterpreter | Interpreter;
  try {
    it = CompiledInterpreter.load(bytes, plan);
  } catch (e) {
    check(`${name}:load`, false, String(e));
    continue;
  }
  if (it instanceof CompiledInterpreter) check(`${name}:ops-in-c`, true, `${it.opsInC} of ${plan.opCount}`);
  if (name === "hello_world_int8" || name === "kws_ref_model" || name === "person_detect") {
    check(`${name}:every-op-in-c`, it instanceof CompiledInterpreter && it.opsInC === plan.opCount);
  }
  for (const c of m.cases) {
    attempt(`${name}:case${c.id}`, () => runGoldenCase(it, testdata, c));
  }
  // forged plans: one word of the records or constants changed, the CRC-32 made right again. Only
  // where every op runs in C: the C runner checks each record as the kernels' bindings do, while
  // the TypeScript kernels trust the packed constants behind the plan's CRC-32 (JS views keep them
  // within their buffers, but a forged dimension can make them loop long).
  if (!(it instanceof CompiledInterpreter) || it.opsInC !== plan.opCount) continue;
  const words = new Int32Array(planBytes.slice().buffer);
  const start = words[words[Header.OP_TABLE]!]!, end = words[Header.RESETS]!;
  let seed = 0x2545f491;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  let refused = 0, ran = 0;
  const other: string[] = [];
  for (let k = 0; k < Number(forgeries); k++) {
    const forged = words.slice();
    const at = start + (next() % (end - start));
    forged[at] = [0, 1, -1, 2, 16, 4096, 0x7fffffff, -0x80000000, forged[at]! + 1, forged[at]! - 1, forged[at]! ^ (1 << (next() % 31)), next() | 0][next() % 12]!;
    forged[Header.PLAN_CRC] = crc32(new Uint8Array(forged.buffer, 4 * HEADER_WORDS)) | 0;
    try {
      const f = new CompiledInterpreter(bytes, CompiledPlan.from(forged));
      f.invoke();
      ran++;
    } catch (e) {
      if (e instanceof ModelError || e instanceof RangeError || e instanceof TypeError) refused++;
      else other.push(`word ${at}: ${String(e)}`);
    }
  }
  check(`${name}:forged-plans`, other.length === 0, `${refused} refused, ${ran} ran${other.length > 0 ? `; ${other.slice(0, 3).join("; ")}` : ""}`);
}
finish();
