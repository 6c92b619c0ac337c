/**
 * CAST: TFLM's element-wise static_cast between int8, int16, int32, uint32, float32 and bool
 * (bool as input only, as in TFLM). Integers narrow by wrapping (two's complement), integers to
 * float32 round to nearest, float32 to integers truncates toward zero. C++ leaves out-of-range
 * float conversions undefined; this follows what TFLM's x86-64 builds do: to int8 / int16 / int32
 * through a 32-bit conversion (NaN and out-of-range become INT32_MIN, then wrap), to uint32
 * through a 64-bit one (NaN and beyond +-2^63 become 0, the rest wraps modulo 2^32).
 */
import { BuiltinOperator, TensorType } from "../model/schema";
import type { TensorSpec } from "../model/model";
import type { ArenaBinding, OpContext, OpRegistration, PreparedOp } from "./op";

const IN_TYPES = Object.freeze([TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.UINT32, TensorType.FLOAT32, TensorType.BOOL]);
const OUT_TYPES = Object.freeze([TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.UINT32, TensorType.FLOAT32]);

type View = Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array | Float32Array;

function view(a: ArenaBinding, t: TensorSpec): View {
  const b = a.bytes(t);
  const buf = b.buffer as ArrayBuffer, off = b.byteOffset;
  switch (t.type) {
    case TensorType.INT8: return new Int8Array(buf, off, t.elements);
    case TensorType.INT16: return new Int16Array(buf, off, t.elements);
    case TensorType.INT32: return new Int32Array(buf, off, t.elements);
    case TensorType.UINT32: return new Uint32Array(buf, off, t.elements);
    case TensorType.FLOAT32: return new Float32Array(buf, off, t.elements);
    default: return new Uint8Array(buf, off, t.elements); // bool
  }
}

/** float32 -> int32 as x86's cvttss2si: truncation; NaN and out-of-range give INT32_MIN. */
export function floatToInt32(v: number): number {
  const t = Math.trunc(v);
  return t >= -2147483648 && t < 2147483648 ? t : -2147483648;
}

/** float32 -> uint32 as x86-64 compilers do it (a 64-bit truncation, low 32 bits kept). */
export function floatToUint32(v: number): number {
  const t = Math.trunc(v);
  if (!(t > -9223372036854775808 && t < 9223372036854775808)) return 0;
  const r = t % 4294967296;
  return r < 0 ? r + 4294967296 : r;
}

export const cast: OpRegistration = {
  name: "CAST",
  builtinCode: BuiltinOperator.CAST,
  // Versions 2..6 only widen the type list (uint32, int16, uint16, float16/64, int4); types are checked below.
  maxVersion: 6,
  prepare(ctx: OpContext): PreparedOp {
    ctx.expectCounts(1, 1, 1);
    const input = ctx.input(0), output = ctx.output(0);
    ctx.expectType(input, "input", ...IN_TYPES);
    ctx.expectType(output, "output", ...OUT_TYPES);
    if (input.elements !== output.elements) ctx.fail("BAD_SHAPE", `input has ${input.elements} values, output ${output.elements}`);
    const n = input.elements;
    const fromFloat = input.type === TensorType.FLOAT32, fromBool = input.type === TensorType.BOOL;
    const toFloat = output.type === TensorType.FLOAT32, toUint32 = output.type === TensorType.UINT32;
    return {
      macs: n,
      bind(a) {
        const x = view(a, input), y = view(a, output);
        if (fromBool) {
          return () => {
            for (let i = 0; i < n; i++) y[i] = x[i] !== 0 ? 1 : 0;
          };
        }
        if (fromFloat && !toFloat) {
          if (toUint32) {
            return () => {
              for (let i = 0; i < n; i++) y[i] = floatToUint32(x[i]!);
            };
          }
          // The typed-array store wraps the int32 into int8 / int16.
          return () => {
            for (let i = 0; i < n; i++) y[i] = floatToInt32(x[i]!);
          };
        }
        // Integer to integer (typed-array stores wrap) and anything to float32 (stores round to nearest).
        return () => {
          for (let i = 0; i < n; i++) y[i] = x[i]!;
        };
      },
    };
  },
};
