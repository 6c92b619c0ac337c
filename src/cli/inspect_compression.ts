/** What `tinyml inspect` says about compressed weights: each TFLM_DECODE's tensors, and the flash they save. */
import type { Model } from "../model/model";
import { DECODE_CUSTOM_CODE, Dcm, lutBitWidth } from "../ops/decode";

export interface CompressionSummary {
  /** One entry per decoded tensor (a tensor read by several ops is decoded, and counted, once per DECODE). */
  tensors: { decoded: number; name: string; encoded: number; ancillary: number; decodeType: number; bits: number | null; storedBytes: number; decodedBytes: number }[];
  /** Bytes of the encoded tensors and their ancillary data, each counted once. */
  storedBytes: number;
  /** Bytes the same weights take decoded, each tensor once. */
  decodedBytes: number;
  savedBytes: number;
}

/** The model's compressed tensors, or null when it has no TFLM_DECODE operator. */
export function compressionSummary(model: Model): CompressionSummary | null {
  const tensors: CompressionSummary["tensors"] = [];
  const counted = new Set<number>();
  let storedBytes = 0, decodedBytes = 0;
  for (const op of model.operators) {
    if (op.customCode !== DECODE_CUSTOM_CODE) continue;
    op.outputs.forEach((out, k) => {
      const encoded = op.inputs[2 * k] ?? -1, ancillary = op.inputs[2 * k + 1] ?? -1;
      if (encoded < 0 || ancillary < 0) return;
      const e = model.tensor(encoded).data, a = model.tensor(ancillary).data, d = model.tensor(out);
      const stored = (e?.length ?? 0) + (a?.length ?? 0);
      const decodeType = a !== null && a.length >= Dcm.BYTES ? a[Dcm.TYPE]! : -1;
      tensors.push({ decoded: out, name: d.name, encoded, ancillary, decodeType, bits: decodeType === 0 ? lutBitWidth(a![Dcm.LUT_PARAMS]!) : null, storedBytes: stored, decodedBytes: d.byteLength });
      // A tensor decoded before each of its readers is stored once and saves once.
      if (!counted.has(encoded)) {
        counted.add(encoded);
        storedBytes += stored;
        decodedBytes += d.byteLength;
      }
    });
  }
  return tensors.length === 0 ? null : { tensors, storedBytes, decodedBytes, savedBytes: decodedBytes - storedBytes };
}

export function formatCompression(c: CompressionSummary): string[] {
  const pct = c.decodedBytes === 0 ? 0 : (100 * c.savedBytes) / c.decodedBytes;
  return [
    `compressed weights (TFLM_DECODE): ${c.tensors.length} decoded tensor(s), ${c.storedBytes.toLocaleString("en-US")} bytes stored for ${c.decodedBytes.toLocaleString("en-US")} bytes decoded: ${c.savedBytes.toLocaleString("en-US")} bytes of flash saved (${pct.toFixed(1)}%)`,
    ...c.tensors.map((t) => `  #${t.decoded} ${t.name}: ${t.bits === null ? `decode type ${t.decodeType}` : `${t.bits}-bit LUT`}, ${t.storedBytes} B stored, ${t.decodedBytes} B decoded`),
  ];
}
