/** tinyml-xs: run TensorFlow Lite models bit-exact with TFLM, on XS and anywhere JavaScript runs (the core runtime; compiled plans: tinyml-xs/plan). */
export { ModelError, UnsupportedOpsError, TinyMLArgumentError } from "./errors";
export type { ModelErrorCode, UnsupportedOp } from "./errors";
export { Model } from "./model/model";
export type { ModelSource, TensorSpec, OperatorSpec, Quantization } from "./model/model";
export { Interpreter } from "./interpreter/interpreter";
export type { InterpreterOptions, OpProfile, Plan, KernelChoice, CrossCheckedPlan } from "./interpreter/interpreter";
export { selectKernels } from "./interpreter/interpreter";
export { nativeKernels } from "./kernels/native/index";
export { TensorView } from "./interpreter/tensor_view";
// Types the declarations of tinyml-xs/plan share with these (an Interpreter's graph face, the planner's buffers).
export type { BoundGraph, RunsBoundGraph } from "./interpreter/bound_graph";
export type { BufferRequest, MemoryPlan } from "./interpreter/planner";
export { OpResolver, defaultResolver, allOps } from "./ops/resolver";
export type { OpRegistration, PreparedOp, ArenaBinding } from "./ops/op";
export { OpContext } from "./ops/op";
export type { Kernels, KernelName } from "./kernels/kernels";
export { portableKernels } from "./kernels/portable/index";
export { BuiltinOperator, TensorType, tensorTypeName, builtinOperatorName } from "./model/schema";
