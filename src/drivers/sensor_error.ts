/**
 * The one error type the sensor drivers throw. A driver never returns data it could not read
 * cleanly: a wrong chip, a bus fault or an impossible register value raises a SensorError instead.
 */
import { nameError } from "../errors";

/** What went wrong. */
export type SensorErrorCode =
  | "WRONG_ID" // WHO_AM_I holds another value: not the chip this driver is for (or no chip and a floating bus)
  | "NACK" // the device did not acknowledge its address or a byte (absent, wrong address, busy)
  | "BUS_STUCK" // the bus is held (SDA or SCL stuck low, a clock-stretch or arbitration timeout)
  | "TIMEOUT" // the chip did not finish an operation (reset, boot) in the allowed number of polls
  | "IO" // any other failure reported by the I2C class
  | "BAD_CONFIG" // configure() was given an option or value the chip does not support
  | "BAD_DATA" // a register read back a value the chip cannot produce (e.g. a FIFO count above its size, a write that did not stick)
  | "CLOSED"; // the instance was closed

export class SensorError extends Error {
  readonly code: SensorErrorCode;
  /** 7-bit I2C address of the device, when known. */
  readonly address: number | undefined;
  /** Register being accessed, when the failure is tied to one. */
  readonly register: number | undefined;
  /** The error the I2C class threw, for NACK / BUS_STUCK / IO. */
  override readonly cause: unknown;
  constructor(code: SensorErrorCode, message: string, where: { address?: number; register?: number; cause?: unknown } = {}) {
    const at = where.address === undefined ? "" : ` (device 0x${where.address.toString(16)}${where.register === undefined ? "" : `, register 0x${where.register.toString(16)}`})`;
    super(`${code}: ${message}${at}`);
    nameError(this, "SensorError");
    this.code = code;
    this.address = where.address;
    this.register = where.register;
    this.cause = where.cause;
  }
}

/**
 * Classifies an exception thrown by an ECMA-419 I2C instance. ECMA-419 does not standardize I/O
 * error types, so this reads the message: hosts report an unacknowledged address or byte with
 * "nack"/"ack"/"no device" wording and a held bus with "stuck"/"timeout"/"busy"/"arbitration".
 * The Moddable SDK's ports (8.2.3) say "read failed" / "write failed" for both: IO.
 */
export function classifyBusError(e: unknown): "NACK" | "BUS_STUCK" | "IO" {
  const text = String((e as { message?: unknown } | null)?.message ?? e).toLowerCase();
  if (/stuck|time[d ]?\s?out|busy|arbitration|held low/.test(text)) return "BUS_STUCK";
  if (/nack|not acknowledged|no ack|\back\b|no device|not found/.test(text)) return "NACK";
  return "IO";
}
