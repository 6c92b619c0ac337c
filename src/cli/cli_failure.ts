/**
 * How the `tinyml` command reports a failure: one line on stderr, `tinyml: <the problem>`, exit 1
 * (2 for usage errors), never a stack trace; with --json also a JSON error object on stdout,
 * `{"error": {"code", "message", "exitCode"}}`, for scripts that read the JSON.
 */
import { ModelError, TinyMLArgumentError } from "../errors";
import { UpdateError } from "../lifecycle/update_error";

export interface CommandErrorOptions {
  /** A short name for the kind of failure (a ModelError's code, CANNOT_READ, USAGE...). */
  code?: string;
  /** The command already wrote its JSON result, with the error in it: no second object. */
  jsonWritten?: boolean;
}

/** A failure the user caused: printed without a stack trace; exit code 2 for usage errors, 1 otherwise. */
export class CommandError extends Error {
  readonly code: string;
  readonly jsonWritten: boolean;
  constructor(message: string, readonly exitCode = 1, options: CommandErrorOptions = {}) {
    super(message);
    this.code = options.code ?? (exitCode === 2 ? "USAGE" : "FAILED");
    this.jsonWritten = options.jsonWritten === true;
  }
}

/** The CommandError a known failure amounts to (bad arguments, models, updates), or null for a fault of tinyml itself. */
export function asCommandError(e: unknown): CommandError | null {
  if (e instanceof CommandError) return e;
  // Node's parseArgs: the problem, without its advice about '--'.
  if (e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) return new CommandError(e.message.split(". To specify a positional")[0]!, 2);
  if (e instanceof ModelError || e instanceof UpdateError) return new CommandError(e.message, 1, { code: e.code });
  if (e instanceof TinyMLArgumentError) return new CommandError(e.message, 1, { code: "BAD_ARGUMENT" });
  return null;
}

/** A message as one line (a message quoting a child process's output may hold several). */
function oneLine(message: string): string {
  return message.trim().split(/\s*\n\s*/).join(" | ");
}

/** Reports `e` as the brief says above; returns the exit code. */
export function reportFailure(e: unknown, json: boolean): number {
  const known = asCommandError(e);
  const failure = known ?? new CommandError(`unexpected ${(e as Error)?.name ?? "error"}: ${String((e as Error)?.message ?? e).split("\n")[0]}`, 1, { code: "INTERNAL" });
  const message = oneLine(failure.message);
  process.stderr.write(`tinyml: ${message}${failure.exitCode === 2 ? " (tinyml help shows the usage)" : ""}\n`);
  // Not a failure the user caused: TINYML_DEBUG=1 prints the stack too.
  if (known === null && process.env.TINYML_DEBUG === "1") process.stderr.write(`${(e as Error)?.stack}\n`);
  if (json && !failure.jsonWritten) process.stdout.write(`${JSON.stringify({ error: { code: failure.code, message, exitCode: failure.exitCode } })}\n`);
  return failure.exitCode;
}
