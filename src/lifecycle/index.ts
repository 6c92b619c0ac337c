/**
 * The model lifecycle: flash slots, signed over-the-air updates, verification, atomic activation,
 * self-test and rollback, telemetry. (ModdableFlash is imported from ./moddable_flash by device
 * builds only: it needs Moddable's "flash" module.)
 */
export type { Flash } from "./flash";
export { FlashRangeError } from "./flash";
export { SimFlash, PowerCut } from "./sim_flash";
export type { FaultPlan } from "./sim_flash";
export { ModelStore } from "./model_store";
export type { StoreOptions, ActiveModel, PendingUpdate, SlotInfo, BootReport, RolledBack } from "./model_store";
export type { SlotState } from "./slot_header";
export { UpdateError } from "./update_error";
export type { UpdateErrorCode } from "./update_error";
export { packUpdate, parseUpdateHeader, checkUpdate, checkUpdateHead, updateLayout, UPDATE_HEADER_BYTES, UPDATE_HEAD_BYTES } from "./update";
export type { UpdateHeader, UpdateLayout, PackOptions, CheckedUpdate } from "./update";
export { validateModel, runSelfTest, selfTestPair, defaultSelfTestInput } from "./validate";
export { Telemetry, decodeTelemetry } from "./telemetry";
export type { TelemetrySnapshot } from "./telemetry";
export { sha256, verifySignature, publicKeyOf, sign } from "./crypto";
