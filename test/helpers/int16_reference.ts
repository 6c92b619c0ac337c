/**
 * TFLM's int16 sigmoid and tanh (reference_integer_ops::Logistic / Tanh), written with divisions
 * from their definition for tests: the input scaled (x * 3 * 2^shift, or (x * m + round) >> s),
 * the table entries around |v| interpolated, made odd / point-symmetric, Q0.15.
 */
import { SIGMOID_TABLE_UINT16 as T } from "../../src/math/int16_activation";

/** The sigmoid of an already scaled input v (Q3.12 times 3). */
function tableSigmoid(v: number): number {
  const a = Math.abs(v), i = Math.floor(a / 512);
  const r = i >= 255 ? 32767 * 1024 : T[i]! * 512 + (a % 512) * (T[i + 1]! - T[i]!);
  return v >= 0 ? Math.floor((r + 512) / 1024) : Math.floor((2 ** 25 - r + 511) / 1024);
}

/** The tanh of an already scaled input v. */
function tableTanh(v: number): number {
  const a = Math.abs(v), i = Math.floor(a / 256);
  const r = i >= 255 ? 65535 * 256 : T[i]! * 256 + (a % 256) * (T[i + 1]! - T[i]!);
  return v >= 0 ? Math.floor((r - 2 ** 23 + 128) / 256) : Math.floor((-r + 2 ** 23 + 127) / 256);
}

/** x * 3 * 2^leftShift, or for leftShift < 0 (3x + round) / 2^-leftShift rounded down. */
function powerOfTwoScaled(x: number, leftShift: number): number {
  return leftShift >= 0 ? x * 3 * 2 ** leftShift : Math.floor((3 * x + 2 ** (-leftShift - 1)) / 2 ** -leftShift);
}

export function refSigmoid(x: number, leftShift = 0): number {
  return tableSigmoid(powerOfTwoScaled(x, leftShift));
}

export function refTanh(x: number, leftShift: number): number {
  return tableTanh(powerOfTwoScaled(x, leftShift));
}

/** Either, with a general multiplier m (not 0) and right shift s: (x * m + round) >> s first. */
export function refScaled(x: number, m: number, s: number, tanh: boolean): number {
  const v = Math.floor((x * m + (s > 0 ? 2 ** (s - 1) : 0)) / 2 ** s);
  return tanh ? tableTanh(v) : tableSigmoid(v);
}
