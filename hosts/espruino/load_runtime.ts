/**
 * Loads dist/espruino/tinyml.js on Espruino. From Storage (the way a board keeps it): the text stays
 * in flash and Espruino runs each function from there, so only the objects the runtime makes take
 * RAM. From a string in RAM with pretokenise on: faster (Espruino keeps each function's tokens, not its
 * text) but the code then takes RAM too.
 */
import type * as Runtime from "./runtime";

export type TinyML = typeof Runtime;
declare const tinyml: TinyML;

let pending: string | undefined;
function takePending(): string {
  const text = pending!;
  pending = undefined;
  return text;
}

/**
 * Evaluates the runtime's text; the script defines `tinyml` in this function's scope. The text is
 * not a parameter: every function of the runtime keeps this scope, which would then keep the text.
 */
function evaluate(text: string): TinyML {
  pending = text;
  return evaluatePending();
}
function evaluatePending(): TinyML {
  eval(takePending());
  return tinyml;
}

/**
 * The runtime that a top-level `eval(require("Storage").read("tinyml.js"))` defined, or undefined.
 * Loaded at the top level it takes about 1,200 variables fewer than loaded inside a function (on the
 * 12,000-variable build: 6,834 against 7,999), so a board's boot code should do that first.
 */
export function globalRuntime(): TinyML | undefined {
  return typeof tinyml === "undefined" ? undefined : tinyml;
}

/** The runtime stored as the Storage file `name`. */
export function runtimeFromStorage(name: string): TinyML {
  const stored = require("Storage").read(name);
  if (stored === undefined) throw new Error(`no Storage file '${name}': upload dist/espruino/tinyml.js as '${name}' first`);
  return evaluate(stored);
}

/** The runtime from a string in RAM, its functions pretokenised. */
export function runtimeFromText(text: string): TinyML {
  E.setFlags({ pretokenise: 1 });
  return evaluate(text);
}
