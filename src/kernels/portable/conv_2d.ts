/** CONV_2D kernels in portable TypeScript: TFLM's reference arithmetic (per-channel int8, 16x8, float32). */
import { Conv, wideBiasIndex } from "../layout";
import { multiplyByQuantizedMultiplier } from "../../math/fixed_point";
import { requantize16x8 } from "./requantize_16x8";

export function conv2dInt8(p: Int32Array, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  convQuantized(p, input, filter, bias, output, -1);
}

/** 16x8: int16 input and output, int8 filter, int32 or int64 bias (see wideBiasIndex). */
export function conv2dInt16(p: Int32Array, input: Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int16Array): void {
  convQuantized(p, input, filter, bias, output, p[wideBiasIndex(Conv.HEADER, p[Conv.OUT_C]!)]!);
}

/** The quantized conv; `wide` < 0: int8, else 16x8 with an int64 (1) or int32 (0) accumulator. */
function convQuantized(p: Int32Array, input: Int8Array | Int16Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array | Int16Array, wide: number): void {
  const batches = p[Conv.BATCHES]!, inH = p[Conv.IN_H]!, inW = p[Conv.IN_W]!, inC = p[Conv.IN_C]!;
  const outH = p[Conv.OUT_H]!, outW = p[Conv.OUT_W]!, outC = p[Conv.OUT_C]!;
  const kH = p[Conv.K_H]!, kW = p[Conv.K_W]!, strideH = p[Conv.STRIDE_H]!, strideW = p[Conv.STRIDE_W]!;
  const dilH = p[Conv.DILATION_H]!, dilW = p[Conv.DILATION_W]!, padH = p[Conv.PAD_H]!, padW = p[Conv.PAD_W]!;
  const inputOffset = p[Conv.INPUT_OFFSET]!, outputOffset = p[Conv.OUTPUT_OFFSET]!;
  const actMin = p[Conv.ACT_MIN]!, actMax = p[Conv.ACT_MAX]!;
  const filterC = p[Conv.FILTER_C]!;
  const filtersPerGroup = outC / (inC / filterC);
  const mult = Conv.HEADER, shift = Conv.HEADER + outC;
  let o = 0;
  for (let b = 0; b < batches; b++) {
    const inBatch = b * inH * inW * inC;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * strideH - padH;
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * strideW - padW;
        for (let oc = 0; oc < outC; oc++) {
          const groupBase = ((oc / filtersPerGroup) | 0) * filterC;
          let acc = 0;
          for (let fy = 0; fy < kH; fy++) {
            const iy = iy0 + dilH * fy;
            if (iy < 0 || iy >= inH) continue;
            const inRow = inBatch + iy * inW * inC + groupBase;
            const fRow = (oc * kH + fy) * kW * filterC;
            for (let fx = 0; fx < kW; fx++) {
              const ix = ix0 + dilW * fx;
              if (ix < 0 || ix >= inW) continue;
              const ii = inRow + ix * inC;
              const fi = fRow + fx * filterC;
              for (let c = 0; c < filterC; c++) acc += filter[fi + c]! * (input[ii + c]! + inputOffset);
            }
          }
          if (wide >= 0) {
            output[o++] = requantize16x8(acc, bias, oc, wide === 1, p[mult + oc]!, p[shift + oc]!, actMin, actMax);
            continue;
          }
          if (bias !== null) acc += bias[oc]!;
          acc = multiplyByQuantizedMultiplier(acc | 0, p[mult + oc]!, p[shift + oc]!) + outputOffset;
          output[o++] = acc < actMin ? actMin : acc > actMax ? actMax : acc;
        }
      }
    }
  }
}

export function conv2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void {
  const batches = p[Conv.BATCHES]!, inH = p[Conv.IN_H]!, inW = p[Conv.IN_W]!, inC = p[Conv.IN_C]!;
  const outH = p[Conv.OUT_H]!, outW = p[Conv.OUT_W]!, outC = p[Conv.OUT_C]!;
  const kH = p[Conv.K_H]!, kW = p[Conv.K_W]!, strideH = p[Conv.STRIDE_H]!, strideW = p[Conv.STRIDE_W]!;
  const dilH = p[Conv.DILATION_H]!, dilW = p[Conv.DILATION_W]!, padH = p[Conv.PAD_H]!, padW = p[Conv.PAD_W]!;
  const filterC = p[Conv.FILTER_C]!;
  const filtersPerGroup = outC / (inC / filterC);
  const lo = act[0]!, hi = act[1]!;
  const f = Math.fround;
  let o = 0;
  for (let b = 0; b < batches; b++) {
    const inBatch = b * inH * inW * inC;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * strideH - padH;
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * strideW - padW;
        for (let oc = 0; oc < outC; oc++) {
          const groupBase = ((oc / filtersPerGroup) | 0) * filterC;
          let acc = 0;
          for (let fy = 0; fy < kH; fy++) {
            const iy = iy0 + dilH * fy;
            if (iy < 0 || iy >= inH) continue;
            const inRow = inBatch + iy * inW * inC + groupBase;
            const fRow = (oc * kH + fy) * kW * filterC;
            for (let fx = 0; fx < kW; fx++) {
              const ix = ix0 + dilW * fx;
              if (ix < 0 || ix >= inW) continue;
              const ii = inRow + ix * inC;
              const fi = fRow + fx * filterC;
              // float32 arithmetic step by step, as the C reference does it
              for (let c = 0; c < filterC; c++) acc = f(acc + f(input[ii + c]! * filter[fi + c]!));
            }
          }
          const v = f(acc + (bias === null ? 0 : bias[oc]!));
          output[o++] = v < lo ? lo : v > hi ? hi : v;
        }
      }
    }
  }
}
