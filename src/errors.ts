/**
 * Typed errors of the runtime. Every failure a user can cause (a malformed model, an unsupported
 * op, a bad argument) surfaces as one of these, never as a stray RangeError or TypeError.
 */

/**
 * Sets an error's name on the instance. Not `this.name = ...`: a Moddable device freezes the
 * built-in prototypes after preload, and assigning a property that a frozen prototype
 * (Error.prototype.name) holds read-only throws ("set name: not writable"); defining it does not.
 */
export function nameError(error: Error, name: string): void {
  Object.defineProperty(error, "name", { value: name, writable: true, enumerable: true, configurable: true });
}

/**
 * Gives an error made by `super(message)` its class's prototype. Where classes are lowered to ES5
 * functions (the Espruino bundle), `Error.call(this, message)` returns a new plain Error, so without
 * this `instanceof ModelError` is false there; on engines with native classes it changes nothing.
 */
export function keepClass(error: Error, prototype: object): void {
  if (Object.getPrototypeOf(error) !== prototype) Object.setPrototypeOf(error, prototype);
}

/** Codes a ModelError carries: what is wrong with the model file. */
export type ModelErrorCode =
  | "TRUNCATED" // an offset or length points outside the buffer
  | "BAD_FORMAT" // a structure is not what the TFLite schema allows
  | "BAD_INDEX" // an index (tensor, buffer, opcode, subgraph) is out of range
  | "BAD_SHAPE" // a shape is negative, absurd, or disagrees with its buffer or its op
  | "BAD_TYPE" // a tensor type the op or the runtime does not accept
  | "BAD_QUANTIZATION" // missing or inconsistent scale / zero point
  | "UNSUPPORTED_OP" // one or more ops (or op versions) this runtime cannot run
  | "UNSUPPORTED_MODEL" // a model feature outside scope (several subgraphs, sparsity...)
  | "TOO_LARGE"; // the plan exceeds a limit the caller set

/** Where in the model the problem was found. */
export interface ModelErrorLocation {
  table?: string;
  index?: number;
  field?: string;
}

export class ModelError extends Error {
  readonly code: ModelErrorCode;
  readonly table: string | undefined;
  readonly index: number | undefined;
  readonly field: string | undefined;
  constructor(code: ModelErrorCode, message: string, where: ModelErrorLocation = {}) {
    const at = where.table === undefined ? "" : ` (${where.table}${where.index === undefined ? "" : `[${where.index}]`}${where.field === undefined ? "" : `.${where.field}`})`;
    super(`${code}: ${message}${at}`);
    keepClass(this, new.target.prototype);
    nameError(this, "ModelError");
    this.code = code;
    this.table = where.table;
    this.index = where.index;
    this.field = where.field;
  }
}

/** An op (code and version) the runtime cannot run for one reason, with every operator it concerns. */
export interface UnsupportedOp {
  /** The first operator index (in the subgraph) this entry concerns. */
  operator: number;
  /** Every operator index this entry concerns, ascending. */
  operators: number[];
  /** For each of `operators`, the full refusal, naming its tensors. */
  details: string[];
  /** Op name, e.g. "CONV_2D" or "CUSTOM:SignalWindow". */
  op: string;
  version: number;
  reason: string;
}

function operatorList(operators: readonly number[]): string {
  return `operator${operators.length === 1 ? "" : "s"} ${operators.join(", ")}`;
}

/**
 * Raised at load time, listing every operator the runtime cannot run, grouped by op, version and
 * reason (a model with 7 unsupported SVDF operators gives one entry naming all 7).
 */
export class UnsupportedOpsError extends ModelError {
  readonly ops: readonly UnsupportedOp[];
  constructor(ops: readonly UnsupportedOp[]) {
    super("UNSUPPORTED_OP", `${ops.length} unsupported op${ops.length === 1 ? "" : "s"}: ${ops.map((o) => `${o.op} v${o.version} (${operatorList(o.operators)}: ${o.reason})`).join("; ")}`);
    nameError(this, "UnsupportedOpsError");
    this.ops = ops;
  }
}

/** A call into the runtime with bad arguments (wrong input size, unknown tensor index...). */
export class TinyMLArgumentError extends Error {
  constructor(message: string) {
    super(message);
    keepClass(this, new.target.prototype);
    nameError(this, "TinyMLArgumentError");
  }
}
