/**
 * Telemetry: what the firmware reports about the model it runs. Model id and version; counters
 * (inferences, errors, rollbacks); latency (count, min, max, mean and a fixed-bucket histogram);
 * histograms of the output class and of the confidence, whose drift from what the model saw in
 * validation is a cheap signal that the inputs changed. Encoded as a compact binary record
 * (decodeTelemetry reads it back, e.g. on the server side).
 *
 * Record (little-endian):
 *   0   4  magic "TMLT"
 *   4   1  format (1)
 *   5   1  model id length N (0..32, ASCII)
 *   6   2  record length in bytes
 *   8   4  model version
 *   12  4  inferences     16 4 errors     20 4 rollbacks
 *   24  4  latency count  28 4 min (µs)   32 4 max (µs)   36 4 mean (µs)
 *   40  1  latency buckets L   41 1 class buckets C   42 1 confidence buckets K   43 1 reserved
 *   44  N  model id
 *   then L, C, K unsigned 32-bit counts; then a CRC-32 of everything before it.
 * Counters saturate at 2^32 - 1.
 */
import { crc32 } from "./crc32";

/** Upper bounds (µs, exclusive) of the latency buckets; a last bucket takes everything slower. */
export const LATENCY_BOUNDS_US: readonly number[] = [100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000];
/** Output classes counted one by one; class CLASS_BUCKETS - 1 also takes every higher class. */
export const CLASS_BUCKETS = 16;
/** Confidence in [0, 1] in tenths. */
export const CONFIDENCE_BUCKETS = 10;
export const TELEMETRY_MAGIC = 0x544c4d54; // "TMLT"
const U32_MAX = 0xffffffff;

export interface TelemetrySnapshot {
  modelId: string;
  modelVersion: number;
  inferences: number;
  errors: number;
  rollbacks: number;
  latency: { count: number; minUs: number; maxUs: number; meanUs: number; histogram: number[] };
  classes: number[];
  confidence: number[];
}

const sat = (n: number) => Math.min(U32_MAX, Math.max(0, Math.round(n)));

export class Telemetry {
  modelId = "";
  modelVersion = 0;
  inferences = 0;
  errors = 0;
  rollbacks = 0;
  private latencyCount = 0;
  private latencyMin = Infinity;
  private latencyMax = 0;
  private latencySum = 0;
  readonly latencyHistogram = new Uint32Array(LATENCY_BOUNDS_US.length + 1);
  readonly classHistogram = new Uint32Array(CLASS_BUCKETS);
  readonly confidenceHistogram = new Uint32Array(CONFIDENCE_BUCKETS);

  /** A new model runs: its identity; the output statistics start over (they describe one model). */
  setModel(modelId: string, modelVersion: number): void {
    this.modelId = modelId.slice(0, 32);
    this.modelVersion = modelVersion;
    this.classHistogram.fill(0);
    this.confidenceHistogram.fill(0);
  }

  /** One inference: its time in milliseconds, and optionally its top class and that class's confidence in [0, 1]. */
  recordInference(ms: number, topClass?: number, confidence?: number): void {
    this.inferences = Math.min(U32_MAX, this.inferences + 1);
    const us = Math.max(0, ms * 1000);
    this.latencyCount = Math.min(U32_MAX, this.latencyCount + 1);
    this.latencySum += us;
    if (us < this.latencyMin) this.latencyMin = us;
    if (us > this.latencyMax) this.latencyMax = us;
    let b = 0;
    while (b < LATENCY_BOUNDS_US.length && us >= LATENCY_BOUNDS_US[b]!) b++;
    this.bump(this.latencyHistogram, b);
    if (topClass !== undefined && topClass >= 0) this.bump(this.classHistogram, Math.min(CLASS_BUCKETS - 1, Math.floor(topClass)));
    if (confidence !== undefined && confidence === confidence) {
      this.bump(this.confidenceHistogram, Math.min(CONFIDENCE_BUCKETS - 1, Math.max(0, Math.floor(confidence * CONFIDENCE_BUCKETS))));
    }
  }

  recordError(): void {
    this.errors = Math.min(U32_MAX, this.errors + 1);
  }

  recordRollback(count = 1): void {
    this.rollbacks = Math.min(U32_MAX, this.rollbacks + count);
  }

  snapshot(): TelemetrySnapshot {
    const n = this.latencyCount;
    return {
      modelId: this.modelId, modelVersion: this.modelVersion, inferences: this.inferences, errors: this.errors, rollbacks: this.rollbacks,
      latency: { count: n, minUs: n === 0 ? 0 : sat(this.latencyMin), maxUs: sat(this.latencyMax), meanUs: n === 0 ? 0 : sat(this.latencySum / n), histogram: Array.from(this.latencyHistogram) },
      classes: Array.from(this.classHistogram), confidence: Array.from(this.confidenceHistogram),
    };
  }

  /** The compact binary record (see the layout above). */
  encode(): Uint8Array {
    const s = this.snapshot();
    const id = s.modelId.replace(/[^\x20-\x7e]/g, "?");
    const counts = [...s.latency.histogram, ...s.classes, ...s.confidence];
    const length = 44 + id.length + counts.length * 4 + 4;
    const out = new Uint8Array(length);
    const v = new DataView(out.buffer);
    v.setUint32(0, TELEMETRY_MAGIC, true);
    out[4] = 1;
    out[5] = id.length;
    v.setUint16(6, length, true);
    [s.modelVersion, s.inferences, s.errors, s.rollbacks, s.latency.count, s.latency.minUs, s.latency.maxUs, s.latency.meanUs].forEach((x, i) => v.setUint32(8 + i * 4, sat(x), true));
    out[40] = s.latency.histogram.length;
    out[41] = s.classes.length;
    out[42] = s.confidence.length;
    for (let i = 0; i < id.length; i++) out[44 + i] = id.charCodeAt(i);
    counts.forEach((c, i) => v.setUint32(44 + id.length + i * 4, c, true));
    v.setUint32(length - 4, crc32(out.subarray(0, length - 4)), true);
    return out;
  }

  private bump(h: Uint32Array, i: number): void {
    if (h[i]! < U32_MAX) h[i]!++;
  }
}

/** Reads a record Telemetry.encode wrote; throws a RangeError for anything else (bad magic, length, CRC). */
export function decodeTelemetry(bytes: Uint8Array): TelemetrySnapshot {
  if (bytes.length < 48) throw new RangeError("telemetry record too short");
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0, true) !== TELEMETRY_MAGIC || bytes[4] !== 1) throw new RangeError("not a telemetry record (magic or format)");
  const length = v.getUint16(6, true);
  const n = bytes[5]!, L = bytes[40]!, C = bytes[41]!, K = bytes[42]!;
  if (length !== bytes.length || length !== 44 + n + (L + C + K) * 4 + 4) throw new RangeError("telemetry record length mismatch");
  if (v.getUint32(length - 4, true) !== crc32(bytes.subarray(0, length - 4))) throw new RangeError("telemetry record CRC mismatch");
  let modelId = "";
  for (let i = 0; i < n; i++) modelId += String.fromCharCode(bytes[44 + i]!);
  const u = (i: number) => v.getUint32(8 + i * 4, true);
  const counts = (start: number, k: number) => Array.from({ length: k }, (_, i) => v.getUint32(44 + n + (start + i) * 4, true));
  return {
    modelId, modelVersion: u(0), inferences: u(1), errors: u(2), rollbacks: u(3),
    latency: { count: u(4), minUs: u(5), maxUs: u(6), meanUs: u(7), histogram: counts(0, L) },
    classes: counts(L, C), confidence: counts(L + C, K),
  };
}
