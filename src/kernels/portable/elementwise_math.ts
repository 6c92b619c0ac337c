/** The float32 element-wise math kernel (ABS, NEG, EXP, LOG, SQRT, RSQRT), each value in float32 as TFLM's std:: functions give it. */
import { ElementwiseMathOp } from "../layout";

export function elementwiseMathFloat32(p: Int32Array, input: Float32Array, output: Float32Array): void {
  const f = Math.fround;
  const n = output.length;
  switch (p[0]) {
    case ElementwiseMathOp.ABS: for (let i = 0; i < n; i++) output[i] = Math.abs(input[i]!); break;
    case ElementwiseMathOp.NEG: for (let i = 0; i < n; i++) output[i] = -input[i]!; break;
    case ElementwiseMathOp.EXP: for (let i = 0; i < n; i++) output[i] = Math.exp(input[i]!); break;
    case ElementwiseMathOp.LOG: for (let i = 0; i < n; i++) output[i] = Math.log(input[i]!); break;
    case ElementwiseMathOp.SQRT: for (let i = 0; i < n; i++) output[i] = Math.sqrt(input[i]!); break;
    case ElementwiseMathOp.RSQRT: for (let i = 0; i < n; i++) output[i] = 1 / f(Math.sqrt(input[i]!)); break;
    default: throw new RangeError(`elementwiseMathFloat32: unknown op ${p[0]}`);
  }
}
