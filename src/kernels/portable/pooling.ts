/** AVERAGE_POOL_2D and MAX_POOL_2D kernels in portable TypeScript: TFLM's reference arithmetic and rounding. */
import { Pool } from "../layout";

export function averagePool2dInt8(p: Int32Array, input: Int8Array, output: Int8Array): void {
  const batches = p[Pool.BATCHES]!, inH = p[Pool.IN_H]!, inW = p[Pool.IN_W]!, C = p[Pool.CHANNELS]!;
  const outH = p[Pool.OUT_H]!, outW = p[Pool.OUT_W]!, fH = p[Pool.FILTER_H]!, fW = p[Pool.FILTER_W]!;
  const sH = p[Pool.STRIDE_H]!, sW = p[Pool.STRIDE_W]!, padH = p[Pool.PAD_H]!, padW = p[Pool.PAD_W]!;
  const actMin = p[Pool.ACT_MIN]!, actMax = p[Pool.ACT_MAX]!;
  let o = 0;
  for (let b = 0; b < batches; b++) {
    const inBatch = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * sH - padH;
      const y0 = iy0 < 0 ? -iy0 : 0, y1 = Math.min(fH, inH - iy0);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * sW - padW;
        const x0 = ix0 < 0 ? -ix0 : 0, x1 = Math.min(fW, inW - ix0);
        const count = (y1 - y0) * (x1 - x0);
        const half = (count / 2) | 0;
        for (let c = 0; c < C; c++) {
          let acc = 0;
          for (let fy = y0; fy < y1; fy++) {
            const row = inBatch + ((iy0 + fy) * inW + ix0) * C + c;
            for (let fx = x0; fx < x1; fx++) acc += input[row + fx * C]!;
          }
          // Round half away from zero, with C's truncating division.
          let v = count <= 0 ? 0 : acc > 0 ? Math.trunc((acc + half) / count) : Math.trunc((acc - half) / count);
          v = v < actMin ? actMin : v > actMax ? actMax : v;
          output[o++] = v;
        }
      }
    }
  }
}

export function maxPool2dInt8(p: Int32Array, input: Int8Array, output: Int8Array): void {
  const batches = p[Pool.BATCHES]!, inH = p[Pool.IN_H]!, inW = p[Pool.IN_W]!, C = p[Pool.CHANNELS]!;
  const outH = p[Pool.OUT_H]!, outW = p[Pool.OUT_W]!, fH = p[Pool.FILTER_H]!, fW = p[Pool.FILTER_W]!;
  const sH = p[Pool.STRIDE_H]!, sW = p[Pool.STRIDE_W]!, padH = p[Pool.PAD_H]!, padW = p[Pool.PAD_W]!;
  const actMin = p[Pool.ACT_MIN]!, actMax = p[Pool.ACT_MAX]!;
  let o = 0;
  for (let b = 0; b < batches; b++) {
    const inBatch = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * sH - padH;
      const y0 = iy0 < 0 ? -iy0 : 0, y1 = Math.min(fH, inH - iy0);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * sW - padW;
        const x0 = ix0 < 0 ? -ix0 : 0, x1 = Math.min(fW, inW - ix0);
        for (let c = 0; c < C; c++) {
          let m = -128;
          for (let fy = y0; fy < y1; fy++) {
            const row = inBatch + ((iy0 + fy) * inW + ix0) * C + c;
            for (let fx = x0; fx < x1; fx++) {
              const v = input[row + fx * C]!;
              if (v > m) m = v;
            }
          }
          output[o++] = m < actMin ? actMin : m > actMax ? actMax : m;
        }
      }
    }
  }
}

export function averagePool2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, output: Float32Array): void {
  const batches = p[Pool.BATCHES]!, inH = p[Pool.IN_H]!, inW = p[Pool.IN_W]!, C = p[Pool.CHANNELS]!;
  const outH = p[Pool.OUT_H]!, outW = p[Pool.OUT_W]!, fH = p[Pool.FILTER_H]!, fW = p[Pool.FILTER_W]!;
  const sH = p[Pool.STRIDE_H]!, sW = p[Pool.STRIDE_W]!, padH = p[Pool.PAD_H]!, padW = p[Pool.PAD_W]!;
  const lo = act[0]!, hi = act[1]!;
  const f = Math.fround;
  let o = 0;
  for (let b = 0; b < batches; b++) {
    const inBatch = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * sH - padH;
      const y0 = iy0 < 0 ? -iy0 : 0, y1 = Math.min(fH, inH - iy0);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * sW - padW;
        const x0 = ix0 < 0 ? -ix0 : 0, x1 = Math.min(fW, inW - ix0);
        const count = (y1 - y0) * (x1 - x0);
        for (let c = 0; c < C; c++) {
          let acc = 0;
          for (let fy = y0; fy < y1; fy++) {
            const row = inBatch + ((iy0 + fy) * inW + ix0) * C + c;
            for (let fx = x0; fx < x1; fx++) acc = f(acc + input[row + fx * C]!);
          }
          const v = count <= 0 ? 0 : f(acc / count);
          output[o++] = v < lo ? lo : v > hi ? hi : v;
        }
      }
    }
  }
}

export function maxPool2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, output: Float32Array): void {
  const batches = p[Pool.BATCHES]!, inH = p[Pool.IN_H]!, inW = p[Pool.IN_W]!, C = p[Pool.CHANNELS]!;
  const outH = p[Pool.OUT_H]!, outW = p[Pool.OUT_W]!, fH = p[Pool.FILTER_H]!, fW = p[Pool.FILTER_W]!;
  const sH = p[Pool.STRIDE_H]!, sW = p[Pool.STRIDE_W]!, padH = p[Pool.PAD_H]!, padW = p[Pool.PAD_W]!;
  const lo = act[0]!, hi = act[1]!;
  let o = 0;
  for (let b = 0; b < batches; b++) {
    const inBatch = b * inH * inW * C;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * sH - padH;
      const y0 = iy0 < 0 ? -iy0 : 0, y1 = Math.min(fH, inH - iy0);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * sW - padW;
        const x0 = ix0 < 0 ? -ix0 : 0, x1 = Math.min(fW, inW - ix0);
        for (let c = 0; c < C; c++) {
          let m = -Infinity;
          for (let fy = y0; fy < y1; fy++) {
            const row = inBatch + ((iy0 + fy) * inW + ix0) * C + c;
            for (let fx = x0; fx < x1; fx++) {
              const v = input[row + fx * C]!;
              if (v > m) m = v;
            }
          }
          output[o++] = m < lo ? lo : m > hi ? hi : m;
        }
      }
    }
  }
}
