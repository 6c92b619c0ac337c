/** AVERAGE_POOL_2D and MAX_POOL_2D kernels in portable TypeScript: TFLM's reference arithmetic and rounding. */
import { Pool } from "../layout";

interface PoolShape {
  batches: number; inH: number; inW: number; channels: number; outH: number; outW: number;
  fH: number; fW: number; sH: number; sW: number; padH: number; padW: number;
}

function shape(p: Int32Array): PoolShape {
  return {
    batches: p[Pool.BATCHES]!, inH: p[Pool.IN_H]!, inW: p[Pool.IN_W]!, channels: p[Pool.CHANNELS]!,
    outH: p[Pool.OUT_H]!, outW: p[Pool.OUT_W]!, fH: p[Pool.FILTER_H]!, fW: p[Pool.FILTER_W]!,
    sH: p[Pool.STRIDE_H]!, sW: p[Pool.STRIDE_W]!, padH: p[Pool.PAD_H]!, padW: p[Pool.PAD_W]!,
  };
}

/** Visits every output position with the clipped filter window; fn(outIndexBase, inBase, yStart, yEnd, xStart, xEnd). */
function forEachWindow(s: PoolShape, fn: (outBase: number, inBatch: number, iy0: number, y0: number, y1: number, ix0: number, x0: number, x1: number) => void): void {
  for (let b = 0; b < s.batches; b++) {
    const inBatch = b * s.inH * s.inW * s.channels;
    for (let oy = 0; oy < s.outH; oy++) {
      const iy0 = oy * s.sH - s.padH;
      const y0 = Math.max(0, -iy0), y1 = Math.min(s.fH, s.inH - iy0);
      for (let ox = 0; ox < s.outW; ox++) {
        const ix0 = ox * s.sW - s.padW;
        const x0 = Math.max(0, -ix0), x1 = Math.min(s.fW, s.inW - ix0);
        fn(((b * s.outH + oy) * s.outW + ox) * s.channels, inBatch, iy0, y0, y1, ix0, x0, x1);
      }
    }
  }
}

export function averagePool2dInt8(p: Int32Array, input: Int8Array, output: Int8Array): void {
  const s = shape(p);
  const actMin = p[Pool.ACT_MIN]!, actMax = p[Pool.ACT_MAX]!;
  const C = s.channels, rowStride = s.inW * C;
  forEachWindow(s, (outBase, inBatch, iy0, y0, y1, ix0, x0, x1) => {
    const count = (y1 - y0) * (x1 - x0);
    for (let c = 0; c < C; c++) {
      let acc = 0;
      for (let fy = y0; fy < y1; fy++) {
        const row = inBatch + (iy0 + fy) * rowStride + c;
        for (let fx = x0; fx < x1; fx++) acc += input[row + (ix0 + fx) * C]!;
      }
      // Round half away from zero, with C's truncating division.
      let v = count <= 0 ? 0 : acc > 0 ? Math.trunc((acc + ((count / 2) | 0)) / count) : Math.trunc((acc - ((count / 2) | 0)) / count);
      v = v < actMin ? actMin : v > actMax ? actMax : v;
      output[outBase + c] = v;
    }
  });
}

export function maxPool2dInt8(p: Int32Array, input: Int8Array, output: Int8Array): void {
  const s = shape(p);
  const actMin = p[Pool.ACT_MIN]!, actMax = p[Pool.ACT_MAX]!;
  const C = s.channels, rowStride = s.inW * C;
  forEachWindow(s, (outBase, inBatch, iy0, y0, y1, ix0, x0, x1) => {
    for (let c = 0; c < C; c++) {
      let m = -128;
      for (let fy = y0; fy < y1; fy++) {
        const row = inBatch + (iy0 + fy) * rowStride + c;
        for (let fx = x0; fx < x1; fx++) {
          const v = input[row + (ix0 + fx) * C]!;
          if (v > m) m = v;
        }
      }
      output[outBase + c] = m < actMin ? actMin : m > actMax ? actMax : m;
    }
  });
}

export function averagePool2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, output: Float32Array): void {
  const s = shape(p);
  const lo = act[0]!, hi = act[1]!;
  const C = s.channels, rowStride = s.inW * C;
  const f = Math.fround;
  forEachWindow(s, (outBase, inBatch, iy0, y0, y1, ix0, x0, x1) => {
    const count = (y1 - y0) * (x1 - x0);
    for (let c = 0; c < C; c++) {
      let acc = 0;
      for (let fy = y0; fy < y1; fy++) {
        const row = inBatch + (iy0 + fy) * rowStride + c;
        for (let fx = x0; fx < x1; fx++) acc = f(acc + input[row + (ix0 + fx) * C]!);
      }
      const v = count <= 0 ? 0 : f(acc / count);
      output[outBase + c] = v < lo ? lo : v > hi ? hi : v;
    }
  });
}

export function maxPool2dFloat32(p: Int32Array, act: Float32Array, input: Float32Array, output: Float32Array): void {
  const s = shape(p);
  const lo = act[0]!, hi = act[1]!;
  const C = s.channels, rowStride = s.inW * C;
  forEachWindow(s, (outBase, inBatch, iy0, y0, y1, ix0, x0, x1) => {
    for (let c = 0; c < C; c++) {
      let m = -Infinity;
      for (let fy = y0; fy < y1; fy++) {
        const row = inBatch + (iy0 + fy) * rowStride + c;
        for (let fx = x0; fx < x1; fx++) {
          const v = input[row + (ix0 + fx) * C]!;
          if (v > m) m = v;
        }
      }
      output[outBase + c] = m < lo ? lo : m > hi ? hi : m;
    }
  });
}
