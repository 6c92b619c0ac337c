/**
 * Weight clustering for `tinyml compress`: the best codebook of at most k int8 values for a set of
 * int8 weights, in the least-squares sense (1-D k-means, solved exactly rather than by Lloyd's
 * iterations: in one dimension the optimal clusters are runs of consecutive sorted values, so a
 * dynamic program over the distinct values finds them). Centroids are the clusters' weighted means
 * rounded to int8; each weight then maps to its nearest codebook value.
 */

export interface Codebook {
  /** Ascending, distinct int8 values (at most k). */
  values: Int8Array;
  /** For each weight, the index of its codebook value. */
  indices: Uint8Array;
  /** Sum of squared differences between the weights and their codebook values. */
  squaredError: number;
}

/** The distinct values of `weights` (ascending) with their counts. */
function histogram(weights: Int8Array): { values: number[]; counts: number[] } {
  const counts = new Float64Array(256);
  for (let i = 0; i < weights.length; i++) counts[weights[i]! + 128]!++;
  const values: number[] = [], n: number[] = [];
  for (let v = 0; v < 256; v++) {
    if (counts[v]! > 0) {
      values.push(v - 128);
      n.push(counts[v]!);
    }
  }
  return { values, counts: n };
}

/**
 * Optimal partition of sorted weighted points into at most k runs: the means of the runs.
 * cost(i..j) = sum w x^2 - (sum w x)^2 / sum w, from prefix sums; O(k n^2) for n distinct values.
 */
function optimalMeans(x: number[], w: number[], k: number): number[] {
  const n = x.length;
  if (n <= k) return [...x];
  const sw = new Float64Array(n + 1), sx = new Float64Array(n + 1), sxx = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    sw[i + 1] = sw[i]! + w[i]!;
    sx[i + 1] = sx[i]! + w[i]! * x[i]!;
    sxx[i + 1] = sxx[i]! + w[i]! * x[i]! * x[i]!;
  }
  const cost = (a: number, b: number) => {
    // points a..b-1
    const W = sw[b]! - sw[a]!, S = sx[b]! - sx[a]!;
    return sxx[b]! - sxx[a]! - (S * S) / W;
  };
  // best[m][j]: least cost of the first j points in m runs; from[m][j]: where the last run starts.
  let prev = new Float64Array(n + 1).fill(Infinity);
  prev[0] = 0;
  const from: Int32Array[] = [];
  for (let m = 1; m <= k; m++) {
    const cur = new Float64Array(n + 1).fill(Infinity);
    const start = new Int32Array(n + 1);
    for (let j = m; j <= n; j++) {
      let best = Infinity, arg = m - 1;
      for (let s = m - 1; s < j; s++) {
        const c = prev[s]! + cost(s, j);
        if (c < best) {
          best = c;
          arg = s;
        }
      }
      cur[j] = best;
      start[j] = arg;
    }
    from.push(start);
    prev = cur;
  }
  const means: number[] = [];
  for (let m = k, j = n; m >= 1; m--) {
    const s = from[m - 1]![j]!;
    means.push((sx[j]! - sx[s]!) / (sw[j]! - sw[s]!));
    j = s;
  }
  return means.reverse();
}

/** The least-squares codebook of at most k int8 values for `weights`. */
export function clusterInt8(weights: Int8Array, k: number): Codebook {
  if (!(Number.isInteger(k) && k >= 1 && k <= 256)) throw new RangeError(`codebook size ${k} outside 1..256`);
  const { values, counts } = histogram(weights);
  // Rounded means stay distinct: the runs are disjoint, so consecutive means are at least 1 apart.
  const means = optimalMeans(values, counts, k).map((m) => Math.min(127, Math.max(-128, Math.round(m))));
  const book = Int8Array.from(new Set(means));
  // Each int8 value's nearest codebook entry (ties to the lower one).
  const nearest = new Uint8Array(256);
  for (let v = -128, c = 0; v < 128; v++) {
    while (c + 1 < book.length && Math.abs(book[c + 1]! - v) < Math.abs(book[c]! - v)) c++;
    nearest[v + 128] = c;
  }
  const indices = new Uint8Array(weights.length);
  let squaredError = 0;
  for (let i = 0; i < weights.length; i++) {
    const c = nearest[weights[i]! + 128]!;
    indices[i] = c;
    const d = weights[i]! - book[c]!;
    squaredError += d * d;
  }
  return { values: book, indices, squaredError };
}

/** Distinct values above which clusterValues solves the dynamic program over runs of them, not each one. */
const EXACT_DISTINCT = 512;

/** The sorted distinct values of `values` with their counts. */
function distinctValues(values: Float64Array): { x: number[]; w: number[] } {
  const sorted = Float64Array.from(values).sort();
  const x: number[] = [], w: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (x.length > 0 && sorted[i] === x[x.length - 1]) w[w.length - 1]!++;
    else {
      x.push(sorted[i]!);
      w.push(1);
    }
  }
  return { x, w };
}

/** Index of the value of `book` (ascending) nearest to v (ties to the lower one). */
function nearestIndex(book: Float64Array, v: number): number {
  let lo = 0, hi = book.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v - book[mid]! > book[mid + 1]! - v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A least-squares codebook of at most k values for weights of any numeric type (int16, int32,
 * float32), each centroid passed through `represent` (rounding to the element type). Up to
 * EXACT_DISTINCT distinct values it is the exact optimum as clusterInt8's; beyond, the dynamic
 * program runs over EXACT_DISTINCT runs of equally many sorted weights, and Lloyd's iterations
 * on every weight then refine it (each can only lower the error).
 */
export function clusterValues(weights: Float64Array, k: number, represent: (x: number) => number): { values: Float64Array; indices: Uint8Array; squaredError: number } {
  if (!(Number.isInteger(k) && k >= 1 && k <= 256)) throw new RangeError(`codebook size ${k} outside 1..256`);
  const { x, w } = distinctValues(weights);
  let means: number[];
  if (x.length <= EXACT_DISTINCT) means = optimalMeans(x, w, k);
  else {
    // Runs of about weights.length / EXACT_DISTINCT weights, never splitting a distinct value.
    const gx: number[] = [], gw: number[] = [];
    const per = weights.length / EXACT_DISTINCT;
    let sum = 0, count = 0;
    for (let i = 0; i < x.length; i++) {
      sum += x[i]! * w[i]!;
      count += w[i]!;
      if (count >= per || i === x.length - 1) {
        gx.push(sum / count);
        gw.push(count);
        sum = 0;
        count = 0;
      }
    }
    means = optimalMeans(gx, gw, k);
    for (let iteration = 0; iteration < 20; iteration++) {
      const book = Float64Array.from(means);
      const s = new Float64Array(book.length), n = new Float64Array(book.length);
      for (let i = 0; i < x.length; i++) {
        const c = nearestIndex(book, x[i]!);
        s[c]! += x[i]! * w[i]!;
        n[c]! += w[i]!;
      }
      const next = means.map((m, c) => (n[c]! > 0 ? s[c]! / n[c]! : m));
      if (next.every((m, c) => m === means[c])) break;
      means = next;
    }
  }
  const values = Float64Array.from(new Set(means.map(represent))).sort();
  const indices = new Uint8Array(weights.length);
  let squaredError = 0;
  for (let i = 0; i < weights.length; i++) {
    const c = nearestIndex(values, weights[i]!);
    indices[i] = c;
    const d = weights[i]! - values[c]!;
    squaredError += d * d;
  }
  return { values, indices, squaredError };
}
