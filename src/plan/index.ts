/**
 * tinyml-xs/plan: compiled plans (`tinyml compile`), apart from the core runtime so that an app that
 * only runs a model does not carry them. compilePlan writes a model's plan; CompiledPlan reads one in
 * place; CompiledInterpreter boots from it without the model's walk and prepare
 * (`new Interpreter(model, { compiled })` cross-checks one instead).
 */
export { compilePlan } from "./compile";
export { CompiledPlan } from "./compiled_plan";
export { CompiledInterpreter } from "./compiled_interpreter";
export type { CompiledOptions } from "./compiled_interpreter";
