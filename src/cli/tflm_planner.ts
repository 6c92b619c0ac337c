/**
 * TFLM's GreedyMemoryPlanner, as its rules are (tensorflow/lite/micro/memory_planner/
 * greedy_memory_planner.cc), for `inspect`'s chart of TFLM's layout. Its caller (TFLM's
 * micro_allocator.cc, here inspect_layout.ts) adds the buffers in one order, the model's
 * non-constant, non-variable tensors by index and then the kernels' scratch buffers by request,
 * each size rounded up to 16 bytes. The planner fills its sort array from the back, so sorting it
 * by size, largest first and stable, leaves buffers of equal size last-added first. The first
 * buffer goes at offset 0; each next one at the lowest offset where it fits between the buffers
 * already placed whose lifetimes (inclusive) meet its own. The head is the end of the highest one.
 */

export interface TflmBufferRequest {
  size: number;
  /** First and last op that need it (inclusive). */
  first: number;
  last: number;
}

export interface TflmPlan {
  /** Offset of each request, in request order. */
  offsets: number[];
  /** The planned (non-persistent) part of the arena, TFLM's GetMaximumMemorySize(). */
  headBytes: number;
}

/** Plans `requests`, given in the order TFLM adds them, with their sizes as given. */
export function tflmGreedyPlan(requests: readonly TflmBufferRequest[]): TflmPlan {
  const sizes = requests.map((r) => r.size);
  const order = requests.map((_, i) => requests.length - 1 - i).sort((a, b) => sizes[b]! - sizes[a]!);
  const offsets = new Array<number>(requests.length).fill(0);
  // Placed buffers in offset order (a new one goes after those at the same offset).
  const byOffset: number[] = [];
  let headBytes = 0;
  for (const i of order) {
    const r = requests[i]!;
    let offset = 0;
    for (const j of byOffset) {
      const p = requests[j]!;
      if (p.first > r.last || r.first > p.last) continue;
      if (offsets[j]! - offset >= sizes[i]!) break;
      offset = Math.max(offset, offsets[j]! + sizes[j]!);
    }
    offsets[i] = offset;
    let at = byOffset.length;
    while (at > 0 && offsets[byOffset[at - 1]!]! > offset) at--;
    byOffset.splice(at, 0, i);
    headBytes = Math.max(headBytes, offset + sizes[i]!);
  }
  return { offsets, headBytes };
}
