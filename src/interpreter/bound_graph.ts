/**
 * A model bound to its arena, as an interpreter runs it: the graph's input and output views and the
 * functions invoke() calls in order (each timed when profiling). Interpreter and CompiledInterpreter
 * hold one each and share its face (RunsBoundGraph); invoke() allocates nothing.
 */
import { TinyMLArgumentError } from "../errors";
import type { TensorView } from "./tensor_view";

export class BoundGraph {
  private readonly times: Float64Array | null;

  /** `clock`: profiling's clock (milliseconds), or null without profiling. */
  constructor(
    private readonly inputs: TensorView[],
    private readonly outputs: TensorView[],
    private readonly runs: (() => void)[],
    private readonly clock: (() => number) | null,
  ) {
    this.times = clock === null ? null : new Float64Array(runs.length);
  }

  get inputCount(): number {
    return this.inputs.length;
  }
  get outputCount(): number {
    return this.outputs.length;
  }

  /** Input i of the graph: write its `data` before invoke(). */
  input(i: number): TensorView {
    const v = this.inputs[i];
    if (v === undefined) throw new TinyMLArgumentError(`input ${i} does not exist (the model has ${this.inputs.length})`);
    return v;
  }

  /** Output i of the graph: read its `data` after invoke(). */
  output(i: number): TensorView {
    const v = this.outputs[i];
    if (v === undefined) throw new TinyMLArgumentError(`output ${i} does not exist (the model has ${this.outputs.length})`);
    return v;
  }

  /** Runs every function once, in order (timing each when profiling). Allocates nothing. */
  invoke(): void {
    const runs = this.runs, times = this.times;
    if (times === null) {
      for (let i = 0; i < runs.length; i++) runs[i]!();
      return;
    }
    const clock = this.clock!;
    for (let i = 0; i < runs.length; i++) {
      const t0 = clock();
      runs[i]!();
      times[i] = clock() - t0;
    }
  }

  /** Milliseconds run i took in the last invoke when profiling, else 0. */
  time(i: number): number {
    return this.times?.[i] ?? 0;
  }
}

/** What Interpreter and CompiledInterpreter answer alike, from their bound graph. */
export abstract class RunsBoundGraph {
  protected abstract readonly graph: BoundGraph;

  get inputCount(): number {
    return this.graph.inputCount;
  }
  get outputCount(): number {
    return this.graph.outputCount;
  }

  /** Input i of the graph: write its `data` before invoke(). */
  input(i = 0): TensorView {
    return this.graph.input(i);
  }

  /** Output i of the graph: read its `data` after invoke(). */
  output(i = 0): TensorView {
    return this.graph.output(i);
  }

  /** Runs every op once, in order. Allocates nothing. */
  invoke(): void {
    this.graph.invoke();
  }
}
