/**
 * Loaded with `--import` into test workers by test/lua/compare_op_models.ts: every model a test
 * gives Model.from is also written to $TINYML_CAPTURE_MODELS (named by its SHA-1).
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Model } from "../../src/model/model";

const dir = process.env.TINYML_CAPTURE_MODELS;
if (dir !== undefined) {
  const from = Model.from.bind(Model);
  Model.from = (source) => {
    try {
      const bytes = source instanceof Uint8Array ? source : ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source as ArrayBuffer);
      writeFileSync(join(dir, `${createHash("sha1").update(bytes).digest("hex").slice(0, 16)}.tflite`), bytes);
    } catch {
      // not bytes: Model.from reports it
    }
    return from(source);
  };
}
