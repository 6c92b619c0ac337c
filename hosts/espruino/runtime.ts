/**
 * The runtime as Espruino loads it: the fallbacks first (installed before any module of the runtime
 * is evaluated), then the portable runtime's public API. hosts/espruino/bundle.mjs turns this into
 * one script (dist/espruino/tinyml.js) that defines the global `tinyml`.
 */
export { fallbacks } from "./install_fallbacks";
export { Model, Interpreter, ModelError, UnsupportedOpsError, TinyMLArgumentError, TensorType, tensorTypeName } from "../../src/index";
