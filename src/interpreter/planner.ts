/**
 * The memory planner: every non-constant tensor, scratch and persistent buffer gets an offset in
 * one arena, from its lifetime (the first and last op that touch it). Greedy by size, as TFLM's
 * GreedyMemoryPlanner: the largest buffers are placed first, each at the lowest offset that does
 * not overlap a placed buffer whose lifetime intersects its own.
 */

/** Offsets are multiples of this (TFLM aligns to 16 as well), so every typed view is aligned. */
export const ARENA_ALIGNMENT = 16;

/** Int32 fields per placed buffer in a plan's buffer table (the Interpreter's, a compiled plan's): size, first, last, offset, kind, id, op. */
export const BUFFER_FIELDS = 7;

export interface BufferRequest {
  /** Bytes needed. */
  size: number;
  /** First op index during which the buffer must hold its value. */
  first: number;
  /** Last op index during which the buffer must hold its value. */
  last: number;
}

export interface MemoryPlan {
  /** Offset of each request, in request order. */
  offsets: number[];
  /** Arena bytes the plan needs: the end of the highest buffer. */
  arenaBytes: number;
}

function align(n: number): number {
  return Math.ceil(n / ARENA_ALIGNMENT) * ARENA_ALIGNMENT;
}

export function planMemory(requests: readonly BufferRequest[]): MemoryPlan {
  const order = requests.map((_, i) => i).filter((i) => requests[i]!.size > 0);
  // Largest first, then earliest, then in request order (comparisons, not `x || y` on numbers: the Lua build's `or` does not skip a 0).
  order.sort((a, b) => {
    const ra = requests[a]!, rb = requests[b]!;
    if (ra.size !== rb.size) return rb.size - ra.size;
    return ra.first !== rb.first ? ra.first - rb.first : a - b;
  });
  const offsets = new Array<number>(requests.length).fill(0);
  const placed: number[] = [];
  let arenaBytes = 0;
  for (const i of order) {
    const r = requests[i]!;
    const size = align(r.size);
    // Intervals already taken by buffers alive at the same time, in offset order.
    const taken = placed
      .filter((j) => requests[j]!.first <= r.last && r.first <= requests[j]!.last)
      .map((j) => [offsets[j]!, offsets[j]! + align(requests[j]!.size)] as const)
      .sort((a, b) => a[0] - b[0]);
    let offset = 0;
    for (const [start, end] of taken) {
      if (offset + size <= start) break;
      if (end > offset) offset = end;
    }
    offsets[i] = offset;
    placed.push(i);
    arenaBytes = Math.max(arenaBytes, offset + r.size);
  }
  return { offsets, arenaBytes: align(arenaBytes) };
}

/** True when no two buffers that are alive at the same time share a byte. */
export function planIsValid(requests: readonly BufferRequest[], plan: MemoryPlan): boolean {
  for (let i = 0; i < requests.length; i++) {
    const a = requests[i]!;
    if (a.size === 0) continue;
    if (plan.offsets[i]! % ARENA_ALIGNMENT !== 0 || plan.offsets[i]! + a.size > plan.arenaBytes) return false;
    for (let j = i + 1; j < requests.length; j++) {
      const b = requests[j]!;
      if (b.size === 0 || a.first > b.last || b.first > a.last) continue;
      const ai = plan.offsets[i]!, bj = plan.offsets[j]!;
      if (ai < bj + b.size && bj < ai + a.size) return false;
    }
  }
  return true;
}
