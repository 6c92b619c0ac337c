/**
 * The arena over time, two ways: as our planner places it (every tensor, scratch and op-state
 * buffer in one greedy plan over lifetimes) and as TFLM lays out the same buffers: its greedy
 * planner places the tensors and scratch buffers (the arena's head, reused over time; see
 * tflm_planner.ts), while variable tensors and op state are allocated once from the arena's tail,
 * for the whole run. The buffers and their sizes are ours (TFLM's kernels ask for their own
 * scratch, and its arena also holds its bookkeeping structs).
 */
import type { Plan } from "../interpreter/interpreter";
import { ARENA_ALIGNMENT } from "../interpreter/planner";
import type { Model } from "../model/model";
import { tflmGreedyPlan } from "./tflm_planner";

export interface LayoutBuffer {
  /** The tensor's name, "scratch K of op N" or "op state buffer K". */
  label: string;
  kind: "tensor" | "scratch" | "persistent";
  size: number;
  /** First and last op during which it holds its value. */
  first: number;
  last: number;
  offset: number;
}

export interface ArenaLayout {
  title: string;
  arenaBytes: number;
  buffers: LayoutBuffer[];
}

const align = (n: number) => Math.ceil(n / ARENA_ALIGNMENT) * ARENA_ALIGNMENT;

/** A label for each planned buffer: the tensor's name, the op a scratch buffer serves, the rank of an op-state buffer. */
function labels(model: Model, plan: Plan): string[] {
  let state = 0;
  return plan.buffers.map((b) => {
    if (b.kind === "tensor") return model.tensor(b.id).name;
    if (b.kind === "scratch") return `scratch ${b.id} of op ${b.first}`;
    return `op state buffer ${state++}`;
  });
}

export function ourLayout(model: Model, plan: Plan): ArenaLayout {
  const names = labels(model, plan);
  return {
    title: "tinyml-xs: one greedy plan of tensors, scratch and op state",
    arenaBytes: plan.arenaBytes,
    buffers: plan.buffers.map((b, i) => ({ label: names[i]!, kind: b.kind, size: b.size, first: b.first, last: b.last, offset: b.offset })),
  };
}

export interface TflmArenaLayout extends ArenaLayout {
  /** The planned head (tensors and scratch) and the tail (variable tensors, op state). */
  headBytes: number;
  tailBytes: number;
}

export function tflmLayout(model: Model, plan: Plan): TflmArenaLayout {
  const names = labels(model, plan);
  // TFLM plans neither variable tensors nor op state: both come from the tail.
  const inTail = (b: Plan["buffers"][number]) => b.kind === "persistent" || (b.kind === "tensor" && model.tensor(b.id).isVariable);
  const all = plan.buffers.map((b, i) => ({ b, i }));
  const head = all.filter(({ b }) => !inTail(b));
  // Sizes rounded up to 16 bytes before planning, as TFLM's allocator does.
  const headPlan = tflmGreedyPlan(head.map(({ b }) => ({ size: align(b.size), first: b.first, last: b.last })));
  const buffers: LayoutBuffer[] = head.map(({ b, i }, k) => ({ label: names[i]!, kind: b.kind, size: b.size, first: b.first, last: b.last, offset: headPlan.offsets[k]! }));
  let tail = headPlan.headBytes;
  for (const { b, i } of all) {
    if (!inTail(b)) continue;
    buffers.push({ label: names[i]!, kind: b.kind, size: b.size, first: b.first, last: b.last, offset: tail });
    tail += align(b.size);
  }
  return { title: "TFLM's layout: greedy head (tensors, scratch), variables and op state from the tail", arenaBytes: tail, headBytes: headPlan.headBytes, tailBytes: tail - headPlan.headBytes, buffers };
}
