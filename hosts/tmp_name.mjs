// Names of the temporary files the build scripts write before renaming them into place. Unique per
// call: the tests of one ava test file run concurrently in one process, so a pid alone let two of
// them write the same temporary file and the second rename fail (ENOENT).
import { randomBytes } from "node:crypto";

/** A fresh temporary path beside `file`, in the same directory so the rename stays atomic. */
export function tmpBeside(file) {
  return `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
}
