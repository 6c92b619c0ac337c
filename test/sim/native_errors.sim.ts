/**
 * Inside tinyml-sim: every native kernel called with bad arguments must throw a TypeError or a
 * RangeError whose message names the culprit, leave the output untouched, and leave the process
 * alive (run on the sanitized build too, where any out-of-bounds access aborts the run).
 */
import { AddSub, Binary, Conv, FullyConnected, Pool, SOFTMAX_EXP_TABLE, Softmax } from "../../src/kernels/layout";
import { portableKernels } from "../../src/kernels/portable/index";
import { attempt, bytesEqual, check, finish } from "./harness";

declare const native: (name: string) => unknown;
type Fn = (...args: unknown[]) => unknown;

const SENTINEL = 0x5a;

function bytes(p: Int32Array): ArrayBuffer {
  return p.slice().buffer as ArrayBuffer;
}

function filled(n: number, seed: number): Int8Array {
  const a = new Int8Array(n);
  for (let i = 0; i < n; i++) a[i] = ((i * 37 + seed * 11) % 256) - 128;
  return a;
}

/**
 * Calls fn(...args) expecting a throw: of error type `type` (when given) with `mentions` in its
 * message; the output (if any) must still hold the sentinel.
 */
function expectThrow(name: string, fn: Fn, args: unknown[], mentions: string, type?: "TypeError" | "RangeError", output?: Int8Array): void {
  attempt(name, () => {
    if (output !== undefined) output.fill(SENTINEL);
    try {
      fn(...args);
    } catch (e) {
      if (!(e instanceof Error)) return `threw a non-error ${String(e)}`;
      if (e.name !== "TypeError" && e.name !== "RangeError") return `threw ${e.name}: ${e.message}`;
      if (type !== undefined && e.name !== type) return `threw ${e.name} (expected ${type}): ${e.message}`;
      if (typeof e.message !== "string" || !e.message.includes(mentions)) return `message does not mention "${mentions}": ${e.message}`;
      // XS truncates messages to 127 bytes: a message that long was probably cut.
      if (e.message.length >= 120) return `message too long (may be truncated): ${e.message}`;
      if (output !== undefined && output.some((v) => v !== SENTINEL)) return "the output was written";
      return true;
    }
    return "did not throw";
  });
}

const BAD_BUFFERS: [string, unknown][] = [
  ["int32array", new Int32Array(8)],
  ["float32array", new Float32Array(8)],
  ["int16array", new Int16Array(8)],
  ["string", "abcdefgh"],
  ["number", 42],
  ["object", { byteLength: 8 }],
  ["array", [1, 2, 3]],
  ["function", () => 0],
  ["fake-typed-array", Object.create(Uint8Array.prototype)],
];

interface ConvLike {
  native: string;
  kind: "conv" | "depthwise" | "fc";
  params: Int32Array;
  input: number;
  filter: number;
  outC: number;
  output: number;
  fields: Record<string, number>;
  reference: (p: Int32Array, x: Int8Array, w: Int8Array, b: Int32Array | null, y: Int8Array) => void;
}

function convParams(depthwise: boolean): Int32Array {
  // 1x5x5x3 input, 3x3 kernel, stride 1, pad 1, 6 output channels (conv: filterC 3; depthwise: multiplier 2).
  const outC = 6;
  const p = new Int32Array(Conv.HEADER + 2 * outC);
  p.set([1, 5, 5, 3, 5, 5, outC, 3, 3, 1, 1, 1, 1, 1, 1, 128, -5, -128, 127, depthwise ? 2 : 1, depthwise ? 1 : 3]);
  for (let c = 0; c < outC; c++) {
    p[Conv.HEADER + c] = 1518500250;
    p[Conv.HEADER + outC + c] = -9;
  }
  return p;
}

function fcParams(): Int32Array {
  const p = new Int32Array(FullyConnected.HEADER + 2 * 7);
  p.set([2, 10, 7, 128, 0, 3, -128, 127, 1]);
  for (let c = 0; c < 7; c++) {
    p[FullyConnected.HEADER + c] = 1518500250;
    p[FullyConnected.HEADER + 7 + c] = -8;
  }
  return p;
}

const convLikes: ConvLike[] = [
  {
    native: "xs_tinyml_conv_2d_int8", kind: "conv", params: convParams(false), input: 75, filter: 6 * 9 * 3, outC: 6, output: 150,
    fields: { BATCHES: Conv.BATCHES, IN_H: Conv.IN_H, IN_W: Conv.IN_W, IN_C: Conv.IN_C, OUT_H: Conv.OUT_H, OUT_W: Conv.OUT_W, OUT_C: Conv.OUT_C, K_H: Conv.K_H, K_W: Conv.K_W, FILTER_C: Conv.FILTER_C },
    reference: portableKernels.conv2dInt8,
  },
  {
    native: "xs_tinyml_depthwise_conv_2d_int8", kind: "depthwise", params: convParams(true), input: 75, filter: 9 * 6, outC: 6, output: 150,
    fields: { BATCHES: Conv.BATCHES, IN_H: Conv.IN_H, IN_W: Conv.IN_W, IN_C: Conv.IN_C, OUT_H: Conv.OUT_H, OUT_W: Conv.OUT_W, OUT_C: Conv.OUT_C, K_H: Conv.K_H, K_W: Conv.K_W, DEPTH_MULTIPLIER: Conv.DEPTH_MULTIPLIER },
    reference: portableKernels.depthwiseConv2dInt8,
  },
  {
    native: "xs_tinyml_fully_connected_int8", kind: "fc", params: fcParams(), input: 20, filter: 70, outC: 7, output: 14,
    fields: { BATCHES: FullyConnected.BATCHES, ACCUM_DEPTH: FullyConnected.ACCUM_DEPTH, OUT_DEPTH: FullyConnected.OUT_DEPTH },
    reference: portableKernels.fullyConnectedInt8,
  },
];

function withField(p: Int32Array, index: number, value: number): ArrayBuffer {
  const q = p.slice();
  q[index] = value;
  return q.buffer as ArrayBuffer;
}

for (const k of convLikes) {
  const f = native(k.native) as Fn;
  const n = k.native;
  const P = bytes(k.params);
  const x = filled(k.input, 1), w = filled(k.filter, 2);
  const bias = new Int32Array(k.outC).map((_, i) => i * 1000 - 2500);
  const B = bytes(bias);
  const y = new Int8Array(k.output);

  // The valid call works and agrees with the TypeScript kernel.
  attempt(`${n}:valid`, () => {
    const want = new Int8Array(k.output);
    k.reference(k.params, x, w, bias, want);
    f(P, x, w, B, y);
    if (!bytesEqual(new Uint8Array(y.buffer), new Uint8Array(want.buffer))) return "differs from the TypeScript kernel";
    f(new Uint8Array(P), x, w, null, y); // a Uint8Array for params, no bias
    f(new DataView(P), new DataView(x.buffer), new Uint8Array(w.buffer), undefined, y);
    return true;
  });

  // Argument count.
  expectThrow(`${n}:no-arguments`, f, [], "argument", "TypeError");
  expectThrow(`${n}:four-arguments`, f, [P, x, w, B], "argument", "TypeError");

  // Argument types.
  const names = ["params", "input", "filter", "bias", "output"];
  for (let i = 0; i < 5; i++) {
    for (const [label, bad] of BAD_BUFFERS) {
      const args: unknown[] = [P, x, w, B, y];
      args[i] = bad;
      expectThrow(`${n}:${names[i]}-${label}`, f, args, names[i]!, "TypeError", i === 4 ? undefined : y);
    }
    if (i !== 3) {
      for (const missing of [null, undefined]) {
        const args: unknown[] = [P, x, w, B, y];
        args[i] = missing;
        expectThrow(`${n}:${names[i]}-${String(missing)}`, f, args, names[i]!, "TypeError", i === 4 ? undefined : y);
      }
    }
  }
  // The Int32Arrays themselves (not their bytes) are refused.
  expectThrow(`${n}:params-as-int32array`, f, [k.params, x, w, B, y], "params", "TypeError", y);
  expectThrow(`${n}:bias-as-int32array`, f, [P, x, w, bias, y], "bias", "TypeError", y);

  // params length and alignment.
  const header = k.kind === "fc" ? FullyConnected.HEADER : Conv.HEADER;
  expectThrow(`${n}:params-empty`, f, [new ArrayBuffer(0), x, w, B, y], "params", "RangeError", y);
  expectThrow(`${n}:params-header-only`, f, [P.slice(0, 4 * header), x, w, B, y], "params", "RangeError", y);
  expectThrow(`${n}:params-missing-one-shift`, f, [P.slice(0, P.byteLength - 4), x, w, B, y], "params", "RangeError", y);
  expectThrow(`${n}:params-odd-length`, f, [P.slice(0, P.byteLength - 1), x, w, B, y], "params", "RangeError", y);
  {
    const shifted = new Uint8Array(P.byteLength + 1);
    shifted.set(new Uint8Array(P), 1);
    expectThrow(`${n}:params-unaligned`, f, [shifted.subarray(1), x, w, B, y], "params", "RangeError", y);
    const b8 = new Uint8Array(B.byteLength + 2);
    b8.set(new Uint8Array(B), 2);
    expectThrow(`${n}:bias-unaligned`, f, [P, x, w, b8.subarray(2), y], "bias", "RangeError", y);
  }

  // Dimensions: zero, negative, beyond the limit, absurd.
  for (const [field, index] of Object.entries(k.fields)) {
    for (const v of [0, -1, -2147483648, 2147483647, 1 << 30]) {
      expectThrow(`${n}:${field}=${v}`, f, [withField(k.params, index, v), x, w, B, y], `params[${field}]`, "RangeError", y);
    }
    // Larger than the buffers.
    expectThrow(`${n}:${field}+1`, f, [withField(k.params, index, k.params[index]! + 1), x, w, B, y], "", "RangeError", y);
    // Large enough to overflow 32-bit products (and 64-bit ones with the other dims).
    expectThrow(`${n}:${field}=65536`, f, [withField(k.params, index, 65536), x, w, B, y], "", "RangeError", y);
  }
  if (k.kind !== "fc") {
    const huge = k.params.slice();
    for (const i of [Conv.BATCHES, Conv.IN_H, Conv.IN_W]) huge[i] = 0x3fffffff;
    expectThrow(`${n}:input-overflows-64-bit`, f, [huge.buffer, x, w, B, y], "input", "RangeError", y);
    const wrap = k.params.slice();
    for (const i of [Conv.BATCHES, Conv.OUT_H, Conv.OUT_W]) wrap[i] = 2048; // 2^33 * outC bytes: wraps a 32-bit product
    expectThrow(`${n}:output-wraps-32-bit`, f, [wrap.buffer, x, w, B, y], "", "RangeError", y);
    const cases: [string, number, number, string][] = [
      ["STRIDE_H=0", Conv.STRIDE_H, 0, "STRIDE_H"], ["STRIDE_W=-3", Conv.STRIDE_W, -3, "STRIDE_W"],
      ["DILATION_H=0", Conv.DILATION_H, 0, "DILATION_H"], ["DILATION_W=-1", Conv.DILATION_W, -1, "DILATION_W"],
      ["PAD_H=-1", Conv.PAD_H, -1, "PAD_H"], ["PAD_W=2^30", Conv.PAD_W, 1 << 30, "PAD_W"],
      ["STRIDE_H=2^29", Conv.STRIDE_H, 1 << 29, "OUT_H"], ["DILATION_W=2^29", Conv.DILATION_W, 1 << 29, "OUT_W"],
      ["INPUT_OFFSET=100000", Conv.INPUT_OFFSET, 100000, "INPUT_OFFSET"], ["OUTPUT_OFFSET=-2^31", Conv.OUTPUT_OFFSET, -2147483648, "OUTPUT_OFFSET"],
      ["ACT_MIN>ACT_MAX", Conv.ACT_MIN, 127, "ACT_MIN"], ["ACT_MIN=-129", Conv.ACT_MIN, -129, "ACT_MIN"],
      ["shift=31", Conv.HEADER + 6 + 2, 31, "shift"], ["shift=-32", Conv.HEADER + 6, -32, "shift"],
    ];
    for (const [label, index, v, mentions] of cases) {
      const q = k.params.slice();
      q[index] = v;
      if (label === "ACT_MIN>ACT_MAX") q[Conv.ACT_MAX] = 0;
      expectThrow(`${n}:${label}`, f, [q.buffer, x, w, B, y], mentions, "RangeError", y);
    }
    if (k.kind === "conv") {
      expectThrow(`${n}:in-not-multiple-of-filter-c`, f, [withField(k.params, Conv.FILTER_C, 2), x, w, B, y], "FILTER_C", "RangeError", y);
      const g = k.params.slice(); // 3 groups of 1 channel, 6 filters: fine; 4 filters would not split
      g[Conv.FILTER_C] = 1;
      g[Conv.OUT_C] = 4;
      expectThrow(`${n}:out-not-multiple-of-groups`, f, [g.buffer, x, w, B, y], "OUT_C", "RangeError", y);
    } else {
      expectThrow(`${n}:depth-multiplier-mismatch`, f, [withField(k.params, Conv.DEPTH_MULTIPLIER, 3), x, w, B, y], "DEPTH_MULTIPLIER", "RangeError", y);
    }
  } else {
    expectThrow(`${n}:PER_CHANNEL=2`, f, [withField(k.params, FullyConnected.PER_CHANNEL, 2), x, w, B, y], "PER_CHANNEL", "RangeError", y);
    expectThrow(`${n}:FILTER_OFFSET=300`, f, [withField(k.params, FullyConnected.FILTER_OFFSET, 300), x, w, B, y], "FILTER_OFFSET", "RangeError", y);
    expectThrow(`${n}:ACT_MAX=128`, f, [withField(k.params, FullyConnected.ACT_MAX, 128), x, w, B, y], "ACT", "RangeError", y);
    expectThrow(`${n}:shift=99`, f, [withField(k.params, FullyConnected.HEADER + 7 + 3, 99), x, w, B, y], "shift", "RangeError", y);
    const huge = k.params.slice();
    huge[FullyConnected.BATCHES] = 0x3fffffff;
    huge[FullyConnected.ACCUM_DEPTH] = 0x3fffffff;
    expectThrow(`${n}:input-overflows`, f, [huge.buffer, x, w, B, y], "input", "RangeError", y);
  }

  // Buffers that do not match the shapes.
  expectThrow(`${n}:input-short`, f, [P, x.subarray(1), w, B, y], "input", "RangeError", y);
  expectThrow(`${n}:input-long`, f, [P, new Int8Array(k.input + 1), w, B, y], "input", "RangeError", y);
  expectThrow(`${n}:input-empty`, f, [P, new Int8Array(0), w, B, y], "input", "RangeError", y);
  expectThrow(`${n}:filter-short`, f, [P, x, w.subarray(0, k.filter - 1), B, y], "filter", "RangeError", y);
  expectThrow(`${n}:bias-short`, f, [P, x, w, B.slice(0, B.byteLength - 4), y], "bias", "RangeError", y);
  expectThrow(`${n}:bias-long`, f, [P, x, w, new ArrayBuffer(B.byteLength + 4), y], "bias", "RangeError", y);
  expectThrow(`${n}:output-short`, f, [P, x, w, B, y.subarray(1)], "output", "RangeError", y);
  expectThrow(`${n}:output-long`, f, [P, x, w, B, new Int8Array(k.output + 16)], "output", "RangeError");
  // An output overlapping an input.
  {
    const shared = new ArrayBuffer(Math.max(k.input, k.output) + 8);
    const xi = new Int8Array(shared, 0, k.input), yo = new Int8Array(shared, 4, k.output);
    expectThrow(`${n}:output-overlaps-input`, f, [P, xi, w, B, yo], "overlaps", "RangeError");
    const pb = new ArrayBuffer(P.byteLength + k.output);
    new Uint8Array(pb).set(new Uint8Array(P));
    expectThrow(`${n}:output-overlaps-params`, f, [pb.slice(0, P.byteLength) && new Uint8Array(pb, 0, P.byteLength), x, w, B, new Int8Array(pb, 8, k.output)], "overlaps", "RangeError");
  }
  // A conv binding's 6th argument is optional and harmless.
  if (k.kind === "conv") attempt(`${n}:general-flag`, () => (f(P, x, w, B, y, true), true));
}

// Pools.
for (const n of ["xs_tinyml_average_pool_2d_int8", "xs_tinyml_max_pool_2d_int8"]) {
  const f = native(n) as Fn;
  const p = new Int32Array(Pool.HEADER);
  p.set([2, 6, 5, 3, 3, 3, 3, 3, 2, 2, 1, 1, -100, 100]);
  const P = bytes(p);
  const x = filled(2 * 6 * 5 * 3, 3);
  const y = new Int8Array(2 * 3 * 3 * 3);
  attempt(`${n}:valid`, () => {
    const want = new Int8Array(y.length);
    (n.includes("average") ? portableKernels.averagePool2dInt8 : portableKernels.maxPool2dInt8)(p, x, want);
    f(P, x, y);
    return bytesEqual(new Uint8Array(y.buffer), new Uint8Array(want.buffer)) || "differs from the TypeScript kernel";
  });
  expectThrow(`${n}:no-arguments`, f, [], "argument", "TypeError");
  expectThrow(`${n}:two-arguments`, f, [P, x], "argument", "TypeError");
  const names = ["params", "input", "output"];
  for (let i = 0; i < 3; i++) {
    for (const [label, bad] of [...BAD_BUFFERS, ["null", null], ["undefined", undefined]] as [string, unknown][]) {
      const args: unknown[] = [P, x, y];
      args[i] = bad;
      expectThrow(`${n}:${names[i]}-${label}`, f, args, names[i]!, "TypeError", i === 2 ? undefined : y);
    }
  }
  expectThrow(`${n}:params-as-int32array`, f, [p, x, y], "params", "TypeError", y);
  expectThrow(`${n}:params-short`, f, [P.slice(0, P.byteLength - 4), x, y], "params", "RangeError", y);
  const fields = ["BATCHES", "IN_H", "IN_W", "CHANNELS", "OUT_H", "OUT_W", "FILTER_H", "FILTER_W"];
  fields.forEach((field, index) => {
    for (const v of [0, -7, 2147483647]) expectThrow(`${n}:${field}=${v}`, f, [withField(p, index, v), x, y], `params[${field}]`, "RangeError", y);
    if (field.startsWith("FILTER")) return; // the window size does not change the buffers' sizes
    expectThrow(`${n}:${field}+1`, f, [withField(p, index, p[index]! + 1), x, y], "", "RangeError", y);
    expectThrow(`${n}:${field}=65536`, f, [withField(p, index, 65536), x, y], "", "RangeError", y);
  });
  const cases: [string, number, number, string][] = [
    ["STRIDE_H=0", Pool.STRIDE_H, 0, "STRIDE_H"], ["STRIDE_W=-1", Pool.STRIDE_W, -1, "STRIDE_W"],
    ["PAD_H=-1", Pool.PAD_H, -1, "PAD_H"], ["PAD_W=2^31-1", Pool.PAD_W, 2147483647, "PAD_W"],
    ["ACT_MAX=1000", Pool.ACT_MAX, 1000, "ACT"], ["ACT_MIN>ACT_MAX", Pool.ACT_MIN, 101, "ACT"],
    ["STRIDE_H=2^29", Pool.STRIDE_H, 1 << 29, "OUT_H"], ["STRIDE_W=2^30", Pool.STRIDE_W, 1 << 30, "STRIDE_W"],
  ];
  for (const [label, index, v, mentions] of cases) expectThrow(`${n}:${label}`, f, [withField(p, index, v), x, y], mentions, "RangeError", y);
  const window = p.slice();
  window.set([1, 4096, 4096, 1, 1, 1, 4096, 4096], 0);
  expectThrow(`${n}:window-too-large`, f, [window.buffer, x, y], "FILTER", "RangeError", y);
  expectThrow(`${n}:input-short`, f, [P, x.subarray(1), y], "input", "RangeError", y);
  expectThrow(`${n}:output-short`, f, [P, x, y.subarray(0, y.length - 1)], "output", "RangeError", y);
  expectThrow(`${n}:output-is-input`, f, [P, x, new Int8Array(x.buffer, 0, y.length)], "overlaps", "RangeError");
}

// ADD and SUB: shape [2, 3, 4] plus [3, 1] broadcast: loops [2, 3, 4], strides input1 [12, 4, 1], input2 [0, 1, 0].
for (const n of ["xs_tinyml_add_int8", "xs_tinyml_sub_int8"]) {
  const f = native(n) as Fn;
  const p = new Int32Array(AddSub.HEADER);
  p.set([3, 24, 3, 0, -128, 127, 2, 3, 4, 1, 1, 1, 1, 1, 12, 4, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  p.set([20, 5, -7, 3, 1073741824, -1, 1518500250, -2, 1342177280, -19], AddSub.LEFT_SHIFT);
  const P = bytes(p);
  const x = filled(24, 4), w = filled(3, 5), y = new Int8Array(24);
  attempt(`${n}:valid`, () => {
    const want = new Int8Array(24);
    (n.includes("add") ? portableKernels.addInt8 : portableKernels.subInt8)(p, x, w, want);
    f(P, x, w, y);
    return bytesEqual(new Uint8Array(y.buffer), new Uint8Array(want.buffer)) || "differs from the TypeScript kernel";
  });
  expectThrow(`${n}:no-arguments`, f, [], "argument", "TypeError");
  expectThrow(`${n}:three-arguments`, f, [P, x, w], "argument", "TypeError");
  const names = ["params", "input1", "input2", "output"];
  for (let i = 0; i < 4; i++) {
    for (const [label, bad] of [...BAD_BUFFERS, ["null", null]] as [string, unknown][]) {
      const args: unknown[] = [P, x, w, y];
      args[i] = bad;
      expectThrow(`${n}:${names[i]}-${label}`, f, args, names[i]!, "TypeError", i === 3 ? undefined : y);
    }
  }
  expectThrow(`${n}:params-short`, f, [P.slice(0, 4 * (AddSub.HEADER - 1)), x, w, y], "params", "RangeError", y);
  const cases: [string, number, number, string][] = [
    ["RANK=0", Binary.RANK, 0, "RANK"], ["RANK=9", Binary.RANK, 9, "RANK"],
    ["COUNT=25", Binary.COUNT, 25, "COUNT"], ["COUNT=0", Binary.COUNT, 0, "COUNT"],
    ["EXTENT=0", Binary.EXTENTS + 1, 0, "EXTENTS"], ["EXTENT=-4", Binary.EXTENTS + 2, -4, "EXTENTS"],
    ["EXTENT=2^30", Binary.EXTENTS, 1 << 30, "EXTENTS"],
    ["STRIDE1=-1", Binary.STRIDES1 + 2, -1, "STRIDES1"], ["STRIDE2=2^31-1", Binary.STRIDES2, 2147483647, "STRIDES2"],
    ["STRIDE1-beyond-input", Binary.STRIDES1, 13, "input1"], ["STRIDE2-beyond-input", Binary.STRIDES2 + 2, 1, "input2"],
    ["LEFT_SHIFT=31", AddSub.LEFT_SHIFT, 31, "LEFT_SHIFT"], ["LEFT_SHIFT=-1", AddSub.LEFT_SHIFT, -1, "LEFT_SHIFT"],
    ["INPUT1_SHIFT=1", AddSub.INPUT1_SHIFT, 1, "INPUT1_SHIFT"], ["OUTPUT_SHIFT=-32", AddSub.OUTPUT_SHIFT, -32, "OUTPUT_SHIFT"],
    ["INPUT2_OFFSET=1000", AddSub.INPUT2_OFFSET, 1000, "INPUT2_OFFSET"], ["ACT_MAX=128", Binary.ACT_MAX, 128, "ACT"],
  ];
  for (const [label, index, v, mentions] of cases) expectThrow(`${n}:${label}`, f, [withField(p, index, v), x, w, y], mentions, "RangeError", y);
  const huge = p.slice(); // 2^30 * 2^30 * 2^30 elements
  huge.set([(1 << 30) - 1, (1 << 30) - 1, (1 << 30) - 1], Binary.EXTENTS);
  expectThrow(`${n}:count-overflows`, f, [huge.buffer, x, w, y], "EXTENTS", "RangeError", y);
  expectThrow(`${n}:input1-short`, f, [P, x.subarray(1), w, y], "input1", "RangeError", y);
  expectThrow(`${n}:input2-short`, f, [P, x, w.subarray(1), y], "input2", "RangeError", y);
  expectThrow(`${n}:output-short`, f, [P, x, w, y.subarray(1)], "output", "RangeError", y);
  expectThrow(`${n}:output-is-input1`, f, [P, x, w, x], "overlaps", "RangeError");
}

// SOFTMAX.
{
  const n = "xs_tinyml_softmax_int8";
  const f = native(n) as Fn;
  const p = new Int32Array(Softmax.HEADER + SOFTMAX_EXP_TABLE);
  p.set([3, 10, 1518500250, 26, -100]);
  for (let d = 0; d < SOFTMAX_EXP_TABLE; d++) p[Softmax.HEADER + d] = Math.floor(2147483647 * Math.exp(-d / 16));
  const P = bytes(p);
  const x = filled(30, 6), y = new Int8Array(30);
  attempt(`${n}:valid`, () => {
    const want = new Int8Array(30);
    portableKernels.softmaxInt8(p, x, want);
    f(P, x, y);
    return bytesEqual(new Uint8Array(y.buffer), new Uint8Array(want.buffer)) || "differs from the TypeScript kernel";
  });
  expectThrow(`${n}:no-arguments`, f, [], "argument", "TypeError");
  const names = ["params", "input", "output"];
  for (let i = 0; i < 3; i++) {
    for (const [label, bad] of [...BAD_BUFFERS, ["undefined", undefined]] as [string, unknown][]) {
      const args: unknown[] = [P, x, y];
      args[i] = bad;
      expectThrow(`${n}:${names[i]}-${label}`, f, args, names[i]!, "TypeError", i === 2 ? undefined : y);
    }
  }
  expectThrow(`${n}:params-without-table`, f, [P.slice(0, 4 * Softmax.HEADER), x, y], "params", "RangeError", y);
  expectThrow(`${n}:params-table-short`, f, [P.slice(0, P.byteLength - 4), x, y], "params", "RangeError", y);
  for (const [field, index] of [["OUTER", Softmax.OUTER], ["DEPTH", Softmax.DEPTH]] as [string, number][]) {
    for (const v of [0, -1, 2147483647]) expectThrow(`${n}:${field}=${v}`, f, [withField(p, index, v), x, y], field, "RangeError", y);
    expectThrow(`${n}:${field}+1`, f, [withField(p, index, p[index]! + 1), x, y], "input", "RangeError", y);
  }
  const huge = p.slice();
  huge[Softmax.OUTER] = (1 << 30) - 1;
  huge[Softmax.DEPTH] = (1 << 30) - 1;
  expectThrow(`${n}:size-overflows`, f, [huge.buffer, x, y], "input", "RangeError", y);
  expectThrow(`${n}:output-short`, f, [P, x, y.subarray(1)], "output", "RangeError", y);
  expectThrow(`${n}:output-is-input`, f, [P, x, x], "overlaps", "RangeError");
}

check("survived", true, "the process is still running after every bad call");
finish();
