import { nameError } from "../errors";

/** Why an update was refused. The store is unchanged (the old model keeps serving) whenever one is thrown. */
export type UpdateErrorCode =
  | "BAD_HEADER" // not an update file, an unknown format version, inconsistent lengths, a bad model id
  | "TOO_LARGE" // the update does not fit in a slot
  | "OUT_OF_RANGE" // a chunk outside [0, update length): an oversized update
  | "CHUNK_CONFLICT" // a chunk disagrees with bytes already in flash for the same update
  | "INCOMPLETE" // finished before every byte arrived: a truncated update
  | "NO_UPDATE" // no update in progress (or not in the state the call needs)
  | "HEADER_MISMATCH" // the header stored in flash is not the one the update began with
  | "HASH_MISMATCH" // SHA-256 of the model differs from the signed header's
  | "SELFTEST_HASH_MISMATCH" // SHA-256 of the self-test vectors differs from the signed header's
  | "BAD_SIGNATURE" // no trusted key signed this header
  | "DOWNGRADE" // not newer than the active model, and downgrade not allowed by the signed header
  | "WRONG_MODEL" // another model id than the active one (unless the store allows changing it)
  | "INVALID_MODEL" // the model does not load (Model.from: a ModelError)
  | "UNSUPPORTED_OP" // the model has ops this runtime cannot run
  | "ARENA_TOO_LARGE" // the model's arena exceeds the device's budget
  | "BAD_SELFTEST" // the self-test vectors do not match the model's inputs / outputs
  | "SELFTEST_FAILED" // the activated model did not give the expected output: rolled back
  | "REJECTED"; // this very update failed its self-test on this device before: refused for good

export class UpdateError extends Error {
  readonly code: UpdateErrorCode;
  constructor(code: UpdateErrorCode, message: string) {
    super(`${code}: ${message}`);
    nameError(this, "UpdateError");
    this.code = code;
  }
}
