/**
 * Inside tinyml-sim: every native kernel called with bad arguments must throw a TypeError or a
 * RangeError whose message names the culprit, leave the output untouched, and leave the process
 * alive (run on the sanitized build too, where any out-of-bounds access aborts the run).
 */
import { AddSub, Binary, Conv, DecodeLut, FilterBank, FullyConnected, Lstm, Pool, Rfft, SOFTMAX_EXP_TABLE, Softmax, Svdf } from "../../src/kernels/layout";
import { portableKernels } from "../../src/kernels/portable/index";
import { rfftParams } from "../../src/kernels/portable/rfft";
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

/**
 * A kernel's optional scratch (the argument after `args`, which start with the params' bytes and
 * the input and end with the output): left out or null where the kernel needs none (this host: no
 * Arm DSP paths), else a writable, 4-byte aligned byte buffer overlapping nothing; the size query
 * `query` checks its params.
 */
function checkScratch(n: string, query: string, f: Fn, params: Int32Array, args: unknown[]): void {
  const scratchBytes = native(query) as Fn;
  const P = args[0] as ArrayBuffer, input = args[1] as Int8Array, output = args[args.length - 1] as Int8Array;
  attempt(`${n}:scratch-bytes`, () => scratchBytes(P) === 0 || `asks for ${String(scratchBytes(P))} bytes`);
  expectThrow(`${n}:scratch-bytes-no-params`, scratchBytes, [], "argument", "TypeError");
  expectThrow(`${n}:scratch-bytes-params-short`, scratchBytes, [P.slice(0, 8)], "params", "RangeError");
  expectThrow(`${n}:scratch-bytes-params-int32array`, scratchBytes, [params], "params", "TypeError");
  attempt(`${n}:scratch-null`, () => (f(...args, null), true));
  attempt(`${n}:scratch-spare`, () => (f(...args, new Uint8Array(64)), true));
  expectThrow(`${n}:scratch-number`, f, [...args, 64], "scratch", "TypeError", output);
  expectThrow(`${n}:scratch-int32array`, f, [...args, new Int32Array(4)], "scratch", "TypeError", output);
  expectThrow(`${n}:scratch-misaligned`, f, [...args, new Uint8Array(new ArrayBuffer(68), 1, 64)], "scratch", "RangeError", output);
  const shared = new ArrayBuffer(output.length + 64);
  const out = new Int8Array(shared, 0, output.length);
  expectThrow(`${n}:scratch-overlaps-output`, f, [...args.slice(0, -1), out, new Uint8Array(shared, 0, 64)], "overlaps", "RangeError");
  const sharedIn = new ArrayBuffer(input.length + 64);
  const inp = new Int8Array(sharedIn, 0, input.length);
  inp.set(input);
  expectThrow(`${n}:scratch-overlaps-input`, f, [P, inp, ...args.slice(2), new Uint8Array(sharedIn, 0, 64)], "overlaps", "RangeError", output);
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
  checkScratch(n, `${n}_scratch_bytes`, f, k.params, [P, x, w, B, y]);
  // A conv binding's 7th argument is optional and harmless.
  if (k.kind === "conv") attempt(`${n}:general-flag`, () => (f(P, x, w, B, y, null, true), true));
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
  checkScratch(n, "xs_tinyml_pooling_int8_scratch_bytes", f, p, [P, x, y]);
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
  checkScratch(n, "xs_tinyml_add_int8_scratch_bytes", f, p, [P, x, w, y]);
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

/** a's bytes at byte offset `at` of a fresh buffer (misaligned for odd `at`, or for `at` not a multiple of 4 with 4-byte data). */
function bytesAt(a: ArrayBufferView, at: number): Uint8Array {
  const b = new Uint8Array(a.byteLength + at);
  b.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
  return b.subarray(at);
}
const u8 = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
/** expectThrow for the natives whose output is not int8: the sentinel check looks at the output's bytes. */
function expectThrowBytes(name: string, fn: Fn, args: unknown[], mentions: string, type: "TypeError" | "RangeError", output?: Uint8Array): void {
  expectThrow(name, fn, args, mentions, type, output === undefined ? undefined : new Int8Array(output.buffer, output.byteOffset, output.byteLength));
}

// SignalRfft: fft_length 60 (factors 2, 3, 5), 2 frames of 50 samples.
{
  const n = "xs_tinyml_rfft_int16";
  const f = native(n) as Fn;
  const N = 60, frames = 2, inLen = 50, outLen = N + 2;
  const p = rfftParams(N, inLen, frames, outLen)!;
  const P = bytes(p);
  const x = new Int16Array(frames * inLen).map((_, i) => ((i * 7919) % 65536) - 32768);
  const X = u8(x);
  const work = new Int16Array(2 * N), W = u8(work);
  const y = new Int16Array(frames * outLen), Y = u8(y);
  attempt(`${n}:valid`, () => {
    const want = new Int16Array(frames * outLen);
    portableKernels.rfftInt16(p, x, new Int16Array(2 * N), want);
    f(P, X, W, Y);
    if (!bytesEqual(Y, u8(want))) return "differs from the TypeScript kernel";
    f(new DataView(P), x.buffer, new DataView(work.buffer), y.buffer); // DataViews and ArrayBuffers work too
    return bytesEqual(Y, u8(want)) || "differs with DataViews";
  });
  expectThrow(`${n}:no-arguments`, f, [], "argument", "TypeError");
  expectThrow(`${n}:three-arguments`, f, [P, X, W], "argument", "TypeError");
  // Its query (-1 only in a build that leaves out the radix 3 / 5 butterflies) reads the header.
  const query = native(`${n}_scratch_bytes`) as Fn;
  attempt(`${n}:scratch-bytes`, () => query(P) === 0 || `says ${String(query(P))}`);
  expectThrow(`${n}:scratch-bytes-no-params`, query, [], "argument", "TypeError");
  expectThrow(`${n}:scratch-bytes-params-short`, query, [P.slice(0, 4 * (Rfft.HEADER - 1))], "params", "RangeError");
  expectThrow(`${n}:scratch-bytes-params-int32array`, query, [p], "params", "TypeError");
  const names = ["params", "input", "work", "output"];
  for (let i = 0; i < 4; i++) {
    for (const [label, bad] of [...BAD_BUFFERS, ["null", null], ["undefined", undefined]] as [string, unknown][]) {
      const args: unknown[] = [P, X, W, Y];
      args[i] = bad;
      expectThrowBytes(`${n}:${names[i]}-${label}`, f, args, names[i]!, "TypeError", i === 3 ? undefined : Y);
    }
  }
  // The Int16Arrays themselves (not their bytes) are refused, as are the Int32Array params.
  expectThrowBytes(`${n}:params-as-int32array`, f, [p, X, W, Y], "params", "TypeError", Y);
  expectThrowBytes(`${n}:input-as-int16array`, f, [P, x, W, Y], "input", "TypeError", Y);
  expectThrowBytes(`${n}:work-as-int16array`, f, [P, X, work, Y], "work", "TypeError", Y);
  expectThrowBytes(`${n}:output-as-int16array`, f, [P, X, W, y], "output", "TypeError");
  // params: short, odd, unaligned.
  expectThrowBytes(`${n}:params-empty`, f, [new ArrayBuffer(0), X, W, Y], "params", "RangeError", Y);
  expectThrowBytes(`${n}:params-header-short`, f, [P.slice(0, 4 * (Rfft.HEADER - 1)), X, W, Y], "params", "RangeError", Y);
  expectThrowBytes(`${n}:params-header-only`, f, [P.slice(0, 4 * Rfft.HEADER), X, W, Y], "params", "RangeError", Y);
  expectThrowBytes(`${n}:params-missing-one-twiddle`, f, [P.slice(0, P.byteLength - 4), X, W, Y], "params", "RangeError", Y);
  expectThrowBytes(`${n}:params-odd-length`, f, [P.slice(0, P.byteLength - 1), X, W, Y], "params", "RangeError", Y);
  expectThrowBytes(`${n}:params-unaligned`, f, [bytesAt(p, 2), X, W, Y], "params", "RangeError", Y);
  // Sizes and the factor list.
  const cases: [string, number, number, string][] = [
    ["FFT_LENGTH=0", Rfft.FFT_LENGTH, 0, "FFT_LENGTH"], ["FFT_LENGTH=2", Rfft.FFT_LENGTH, 2, "FFT_LENGTH"],
    ["FFT_LENGTH=61", Rfft.FFT_LENGTH, 61, "FFT_LENGTH"], ["FFT_LENGTH=-60", Rfft.FFT_LENGTH, -60, "FFT_LENGTH"],
    ["FFT_LENGTH=2^17", Rfft.FFT_LENGTH, 1 << 17, "FFT_LENGTH"], ["FFT_LENGTH=2^31-2", Rfft.FFT_LENGTH, 2147483646, "FFT_LENGTH"],
    ["FFT_LENGTH=120", Rfft.FFT_LENGTH, 120, "params"], // the twiddles of 60 are too few for 120
    ["FFT_LENGTH=40", Rfft.FFT_LENGTH, 40, "FACTOR_LIST"], // enough twiddles, but 2 * 3 * 5 is not 20
    ["INPUT_LENGTH=0", Rfft.INPUT_LENGTH, 0, "INPUT_LENGTH"], ["INPUT_LENGTH=61", Rfft.INPUT_LENGTH, 61, "INPUT_LENGTH"],
    ["INPUT_LENGTH=-1", Rfft.INPUT_LENGTH, -1, "INPUT_LENGTH"], ["INPUT_LENGTH=49", Rfft.INPUT_LENGTH, 49, "input"],
    ["FRAMES=0", Rfft.FRAMES, 0, "FRAMES"], ["FRAMES=-1", Rfft.FRAMES, -1, "FRAMES"], ["FRAMES=3", Rfft.FRAMES, 3, "input"],
    ["FRAMES=2^30-1", Rfft.FRAMES, (1 << 30) - 1, "input"],
    ["OUTPUT_LENGTH=60", Rfft.OUTPUT_LENGTH, 60, "OUTPUT_LENGTH"], ["OUTPUT_LENGTH=64", Rfft.OUTPUT_LENGTH, 64, "OUTPUT_LENGTH"],
    ["FACTORS=0", Rfft.FACTORS, 0, "FACTORS"], ["FACTORS=33", Rfft.FACTORS, 33, "FACTORS"], ["FACTORS=-1", Rfft.FACTORS, -1, "FACTORS"],
    ["FACTORS=2", Rfft.FACTORS, 2, "FACTOR_LIST"], ["FACTORS=4", Rfft.FACTORS, 4, "FACTOR_LIST"],
    ["radix=6", Rfft.FACTOR_LIST, 6, "FACTOR_LIST"], ["radix=1", Rfft.FACTOR_LIST, 1, "FACTOR_LIST"],
    ["radix=-2", Rfft.FACTOR_LIST, -2, "FACTOR_LIST"], ["radix=0", Rfft.FACTOR_LIST, 0, "FACTOR_LIST"],
    ["m-wrong", Rfft.FACTOR_LIST + 1, 10, "FACTOR_LIST"], ["m=0", Rfft.FACTOR_LIST + 3, 0, "FACTOR_LIST"],
    ["last-m=2", Rfft.FACTOR_LIST + 5, 2, "FACTOR_LIST"], ["m=2^31-1", Rfft.FACTOR_LIST + 1, 2147483647, "FACTOR_LIST"],
  ];
  for (const [label, index, v, mentions] of cases) expectThrowBytes(`${n}:${label}`, f, [withField(p, index, v), X, W, Y], mentions, "RangeError", Y);
  // Radices that multiply out right but do not divide what is left (5 then 3 then 2 is fine; 4 of 30 is not).
  {
    const q = p.slice();
    q.set([4, 7, 7, 1], Rfft.FACTOR_LIST);
    q[Rfft.FACTORS] = 2;
    expectThrowBytes(`${n}:radix-does-not-divide`, f, [q.buffer, X, W, Y], "FACTOR_LIST", "RangeError", Y);
  }
  // Buffers that do not match the shapes.
  expectThrowBytes(`${n}:input-short`, f, [P, X.subarray(2), W, Y], "input", "RangeError", Y);
  expectThrowBytes(`${n}:input-long`, f, [P, new Uint8Array(X.byteLength + 2), W, Y], "input", "RangeError", Y);
  expectThrowBytes(`${n}:input-odd`, f, [P, X.subarray(1), W, Y], "input", "RangeError", Y);
  expectThrowBytes(`${n}:input-empty`, f, [P, new Uint8Array(0), W, Y], "input", "RangeError", Y);
  expectThrowBytes(`${n}:input-unaligned`, f, [P, bytesAt(x, 1), W, Y], "input", "RangeError", Y);
  expectThrowBytes(`${n}:work-short`, f, [P, X, W.subarray(0, W.byteLength - 2), Y], "work", "RangeError", Y);
  expectThrowBytes(`${n}:work-long`, f, [P, X, new Uint8Array(W.byteLength + 2), Y], "work", "RangeError", Y);
  expectThrowBytes(`${n}:work-unaligned`, f, [P, X, bytesAt(work, 1), Y], "work", "RangeError", Y);
  expectThrowBytes(`${n}:output-short`, f, [P, X, W, Y.subarray(0, Y.byteLength - 2)], "output", "RangeError", Y);
  expectThrowBytes(`${n}:output-long`, f, [P, X, W, new Uint8Array(Y.byteLength + 2)], "output", "RangeError");
  expectThrowBytes(`${n}:output-odd`, f, [P, X, W, Y.subarray(1)], "output", "RangeError", Y);
  expectThrowBytes(`${n}:output-unaligned`, f, [P, X, W, bytesAt(y, 1)], "output", "RangeError");
  // Written buffers overlapping others.
  {
    const shared = new ArrayBuffer(W.byteLength + Y.byteLength);
    expectThrowBytes(`${n}:output-overlaps-work`, f, [P, X, new Uint8Array(shared, 0, W.byteLength), new Uint8Array(shared, W.byteLength - 4, Y.byteLength)], "output overlaps work", "RangeError");
  }
  expectThrowBytes(`${n}:work-is-input`, f, [P, X, new Uint8Array(x.buffer, 0, W.byteLength - 40), Y], "work", "RangeError", Y);
  {
    const shared = new ArrayBuffer(X.byteLength + W.byteLength);
    new Uint8Array(shared).set(X);
    expectThrowBytes(`${n}:work-overlaps-input`, f, [P, new Uint8Array(shared, 0, X.byteLength), new Uint8Array(shared, X.byteLength - 2, W.byteLength), Y], "overlaps", "RangeError", Y);
    const pb = new ArrayBuffer(P.byteLength + Y.byteLength);
    new Uint8Array(pb).set(new Uint8Array(P));
    expectThrowBytes(`${n}:output-overlaps-params`, f, [new Uint8Array(pb, 0, P.byteLength), X, W, new Uint8Array(pb, P.byteLength - 4, Y.byteLength)], "overlaps", "RangeError");
  }
}

// SignalFilterBank: 3 channels over 10 bins and 8 weights; channel 2 is empty with a negative start.
{
  const n = "xs_tinyml_filter_bank_uint32";
  const f = native(n) as Fn;
  const channels = 3, bins = 10, wLen = 8;
  const p = new Int32Array(FilterBank.HEADER + 3 * (channels + 1));
  p.set([channels, bins, wLen]);
  p.set([0, 1, -5, 6], FilterBank.HEADER); // starts
  p.set([0, 2, -9, 4], FilterBank.HEADER + 4); // weight starts
  p.set([2, 2, 0, 4], FilterBank.HEADER + 8); // widths
  const P = bytes(p);
  const x = new Uint32Array(bins).map((_, i) => (i * 2654435761) >>> 0), X = u8(x);
  const w = new Int16Array(wLen).map((_, i) => i * 500 - 1000), Wt = u8(w);
  const uw = new Int16Array(wLen).map((_, i) => 4096 - i * 500), U = u8(uw);
  const y = new Uint32Array(2 * channels), Y = u8(y);
  attempt(`${n}:valid`, () => {
    const want = new Uint32Array(2 * channels);
    portableKernels.filterBankUint32(p, x, w, uw, want);
    f(P, X, Wt, U, Y);
    if (!bytesEqual(Y, u8(want))) return "differs from the TypeScript kernel";
    f(new DataView(P), x.buffer, new DataView(w.buffer), uw.buffer, new DataView(y.buffer));
    return bytesEqual(Y, u8(want)) || "differs with DataViews";
  });
  expectThrow(`${n}:no-arguments`, f, [], "argument", "TypeError");
  expectThrow(`${n}:four-arguments`, f, [P, X, Wt, U], "argument", "TypeError");
  const names = ["params", "input", "weights", "unweights", "output"];
  for (let i = 0; i < 5; i++) {
    for (const [label, bad] of [...BAD_BUFFERS, ["null", null], ["undefined", undefined]] as [string, unknown][]) {
      const args: unknown[] = [P, X, Wt, U, Y];
      args[i] = bad;
      expectThrowBytes(`${n}:${names[i]}-${label}`, f, args, names[i]!, "TypeError", i === 4 ? undefined : Y);
    }
  }
  expectThrowBytes(`${n}:input-as-uint32array`, f, [P, x, Wt, U, Y], "input", "TypeError", Y);
  expectThrowBytes(`${n}:weights-as-int16array`, f, [P, X, w, U, Y], "weights", "TypeError", Y);
  expectThrowBytes(`${n}:output-as-uint32array`, f, [P, X, Wt, U, y], "output", "TypeError");
  expectThrowBytes(`${n}:params-empty`, f, [new ArrayBuffer(0), X, Wt, U, Y], "params", "RangeError", Y);
  expectThrowBytes(`${n}:params-header-only`, f, [P.slice(0, 4 * FilterBank.HEADER), X, Wt, U, Y], "params", "RangeError", Y);
  expectThrowBytes(`${n}:params-missing-one-width`, f, [P.slice(0, P.byteLength - 4), X, Wt, U, Y], "params", "RangeError", Y);
  expectThrowBytes(`${n}:params-unaligned`, f, [bytesAt(p, 1), X, Wt, U, Y], "params", "RangeError", Y);
  const cases: [string, number, number, string][] = [
    ["NUM_CHANNELS=0", FilterBank.NUM_CHANNELS, 0, "NUM_CHANNELS"], ["NUM_CHANNELS=-1", FilterBank.NUM_CHANNELS, -1, "NUM_CHANNELS"],
    ["NUM_CHANNELS=2^31-1", FilterBank.NUM_CHANNELS, 2147483647, "NUM_CHANNELS"], ["NUM_CHANNELS=4", FilterBank.NUM_CHANNELS, 4, "params"],
    ["NUM_CHANNELS=2", FilterBank.NUM_CHANNELS, 2, ""], // the band tables no longer line up: some check fails
    ["INPUT_LENGTH=-1", FilterBank.INPUT_LENGTH, -1, "INPUT_LENGTH"], ["INPUT_LENGTH=9", FilterBank.INPUT_LENGTH, 9, "bands"],
    ["INPUT_LENGTH=11", FilterBank.INPUT_LENGTH, 11, "input"], ["WEIGHTS_LENGTH=-8", FilterBank.WEIGHTS_LENGTH, -8, "WEIGHTS_LENGTH"],
    ["WEIGHTS_LENGTH=7", FilterBank.WEIGHTS_LENGTH, 7, "bands"], ["WEIGHTS_LENGTH=9", FilterBank.WEIGHTS_LENGTH, 9, "weights"],
    ["start=-1", FilterBank.HEADER + 1, -1, "bands"], ["start=9", FilterBank.HEADER + 1, 9, "bands"],
    ["start=2^31-1", FilterBank.HEADER + 3, 2147483647, "bands"], ["weight-start=-1", FilterBank.HEADER + 4, -1, "bands"],
    ["weight-start=5", FilterBank.HEADER + 7, 5, "bands"], ["width=-1", FilterBank.HEADER + 10, -1, "bands"],
    ["width=11", FilterBank.HEADER + 8, 11, "bands"], ["width=2^31-1", FilterBank.HEADER + 11, 2147483647, "bands"],
  ];
  for (const [label, index, v, mentions] of cases) expectThrowBytes(`${n}:${label}`, f, [withField(p, index, v), X, Wt, U, Y], mentions, "RangeError", Y);
  expectThrowBytes(`${n}:input-short`, f, [P, X.subarray(4), Wt, U, Y], "input", "RangeError", Y);
  expectThrowBytes(`${n}:input-not-whole`, f, [P, X.subarray(2), Wt, U, Y], "input", "RangeError", Y);
  expectThrowBytes(`${n}:input-unaligned`, f, [P, bytesAt(x, 2), Wt, U, Y], "input", "RangeError", Y);
  expectThrowBytes(`${n}:weights-short`, f, [P, X, Wt.subarray(2), U, Y], "weights", "RangeError", Y);
  expectThrowBytes(`${n}:weights-unaligned`, f, [P, X, bytesAt(w, 1), U, Y], "weights", "RangeError", Y);
  expectThrowBytes(`${n}:unweights-long`, f, [P, X, Wt, new Uint8Array(U.byteLength + 2), Y], "unweights", "RangeError", Y);
  expectThrowBytes(`${n}:output-short`, f, [P, X, Wt, U, Y.subarray(0, Y.byteLength - 4)], "output", "RangeError", Y);
  expectThrowBytes(`${n}:output-long`, f, [P, X, Wt, U, new Uint8Array(Y.byteLength + 8)], "output", "RangeError");
  expectThrowBytes(`${n}:output-unaligned`, f, [P, X, Wt, U, bytesAt(y, 2)], "output", "RangeError");
  expectThrowBytes(`${n}:output-is-input`, f, [P, X, Wt, U, new Uint8Array(x.buffer, 0, Y.byteLength)], "overlaps", "RangeError");
  {
    const shared = new ArrayBuffer(U.byteLength + Y.byteLength);
    expectThrowBytes(`${n}:output-overlaps-unweights`, f, [P, X, Wt, new Uint8Array(shared, 0, U.byteLength), new Uint8Array(shared, 8, Y.byteLength)], "overlaps", "RangeError");
  }
}

// SVDF: 2 batches, input 5, 3 units of rank 2 (6 filters), memory 4, with an int16 state.
{
  const n = "xs_tinyml_svdf_int8";
  const f = native(n) as Fn;
  const batches = 2, inputSize = 5, units = 3, rank = 2, filters = 6, memory = 4;
  const p = new Int32Array(Svdf.HEADER);
  p.set([batches, inputSize, filters, units, rank, memory, 3, 0, -7, 1518500250, -6, 1518500250, -9, -32768, 32767]);
  const P = bytes(p);
  const x = filled(batches * inputSize, 1), wf = filled(filters * inputSize, 2);
  const wt = new Int16Array(filters * memory).map((_, i) => i * 977 - 9000), Wt = u8(wt);
  const bias = new Int32Array(units).map((_, i) => i * 1000 - 1000), B = u8(bias);
  const state = new Int16Array(batches * filters * memory).map((_, i) => i * 613 - 14000), S = u8(state);
  const scratch = new Int32Array(batches * filters), Sc = u8(scratch);
  const y = new Int8Array(batches * units);
  attempt(`${n}:valid`, () => {
    const wantState = state.slice(), want = new Int8Array(y.length);
    portableKernels.svdfInt8(p, x, wf, wt, bias, wantState, new Int32Array(batches * filters), want);
    const before = state.slice();
    f(P, x, wf, Wt, B, S, Sc, y);
    const ok = bytesEqual(new Uint8Array(y.buffer), new Uint8Array(want.buffer)) && bytesEqual(S, u8(wantState));
    state.set(before);
    return ok || "differs from the TypeScript kernel";
  });
  expectThrow(`${n}:no-arguments`, f, [], "argument", "TypeError");
  expectThrow(`${n}:seven-arguments`, f, [P, x, wf, Wt, B, S, Sc], "argument", "TypeError");
  const names = ["params", "input", "weightsFeature", "weightsTime", "bias", "state", "scratch", "output"];
  for (let i = 0; i < 8; i++) {
    for (const [label, bad] of [...BAD_BUFFERS, ["null", null], ["undefined", undefined]] as [string, unknown][]) {
      if (i === 4 && (label === "null" || label === "undefined")) continue; // no bias is allowed
      const args: unknown[] = [P, x, wf, Wt, B, S, Sc, y];
      args[i] = bad;
      expectThrow(`${n}:${names[i]}-${label}`, f, args, names[i]!, "TypeError", i === 7 ? undefined : y);
    }
  }
  const cases: [string, number, number, string][] = [
    ["BATCHES=0", Svdf.BATCHES, 0, "BATCHES"], ["INPUT_SIZE=-1", Svdf.INPUT_SIZE, -1, "INPUT_SIZE"],
    ["NUM_FILTERS=5", Svdf.NUM_FILTERS, 5, "NUM_FILTERS"], ["RANK=3", Svdf.RANK, 3, "NUM_FILTERS"],
    ["NUM_UNITS=2^31-1", Svdf.NUM_UNITS, 2147483647, "NUM_UNITS"], ["NUM_UNITS=4", Svdf.NUM_UNITS, 4, "NUM_FILTERS"], ["MEMORY_SIZE=0", Svdf.MEMORY_SIZE, 0, "MEMORY_SIZE"],
    ["MEMORY_SIZE=5", Svdf.MEMORY_SIZE, 5, "weights_time"], ["STATE_MIN=-128", Svdf.STATE_MIN, -128, "STATE_MIN"],
    ["STATE_ZERO_POINT=1", Svdf.STATE_ZERO_POINT, 1, "STATE_ZERO_POINT"], ["INPUT_ZERO_POINT=128", Svdf.INPUT_ZERO_POINT, 128, "INPUT_ZERO_POINT"],
    ["OUTPUT_ZERO_POINT=-129", Svdf.OUTPUT_ZERO_POINT, -129, "OUTPUT_ZERO_POINT"], ["FEATURE_SHIFT=31", Svdf.FEATURE_SHIFT, 31, "FEATURE_SHIFT"],
    ["TIME_SHIFT=-32", Svdf.TIME_SHIFT, -32, "TIME_SHIFT"],
  ];
  for (const [label, index, v, mentions] of cases) expectThrow(`${n}:${label}`, f, [withField(p, index, v), x, wf, Wt, B, S, Sc, y], mentions, "RangeError", y);
  expectThrow(`${n}:params-short`, f, [P.slice(0, 4 * (Svdf.HEADER - 1)), x, wf, Wt, B, S, Sc, y], "params", "RangeError", y);
  expectThrow(`${n}:input-short`, f, [P, x.subarray(1), wf, Wt, B, S, Sc, y], "input", "RangeError", y);
  expectThrow(`${n}:weights-feature-long`, f, [P, x, new Int8Array(wf.length + 1), Wt, B, S, Sc, y], "weights_feature", "RangeError", y);
  expectThrow(`${n}:weights-time-unaligned`, f, [P, x, wf, bytesAt(wt, 1), B, S, Sc, y], "weightsTime", "RangeError", y);
  expectThrow(`${n}:state-short`, f, [P, x, wf, Wt, B, S.subarray(2), Sc, y], "state", "RangeError", y);
  expectThrow(`${n}:state-unaligned`, f, [P, x, wf, Wt, B, bytesAt(state, 1), Sc, y], "state", "RangeError", y);
  expectThrow(`${n}:scratch-short`, f, [P, x, wf, Wt, B, S, Sc.subarray(4), y], "scratch", "RangeError", y);
  expectThrow(`${n}:bias-long`, f, [P, x, wf, Wt, new Uint8Array(B.byteLength + 4), S, Sc, y], "bias", "RangeError", y);
  expectThrow(`${n}:output-short`, f, [P, x, wf, Wt, B, S, Sc, y.subarray(1)], "output", "RangeError");
  expectThrow(`${n}:state-is-scratch`, f, [P, x, wf, Wt, B, S, new Uint8Array(state.buffer, 0, Sc.byteLength), y], "overlaps", "RangeError", y);
  expectThrow(`${n}:output-in-state`, f, [P, x, wf, Wt, B, S, Sc, new Int8Array(state.buffer, 0, y.length)], "overlaps", "RangeError");
}

// LSTM: 2 batches, 3 steps, input 5, state 4, batch major.
{
  const n = "xs_tinyml_lstm_int8";
  const f = native(n) as Fn;
  const batches = 2, steps = 3, inputSize = 5, stateSize = 4;
  const p = new Int32Array(Lstm.HEADER);
  p.set([batches, steps, inputSize, stateSize, 0, 3, -2, 1, 0, 0, 1, 1073741824, -14, 1073741824, -18, 1518500250, -20]);
  for (let g = 0; g < 4; g++) p.set([1518500250, -9, 1518500250, -8], Lstm.GATES + 4 * g);
  const P = bytes(p);
  const x = filled(batches * steps * inputSize, 3);
  const w = [0, 1, 2, 3].map((g) => filled(stateSize * inputSize, 10 + g)), r = [0, 1, 2, 3].map((g) => filled(stateSize * stateSize, 20 + g));
  const b = [0, 1, 2, 3].map((g) => new Int32Array(stateSize).map((_, i) => (i - g) * 300));
  const B = b.map(u8);
  const hidden = filled(batches * stateSize, 5), cell = new Int16Array(batches * stateSize).map((_, i) => i * 1500 - 6000), C = u8(cell);
  const scratch = new Int16Array(3 * batches * stateSize), S = u8(scratch);
  const y = new Int8Array(batches * steps * stateSize);
  const args = (): unknown[] => [P, x, ...w, ...r, ...B, hidden, C, S, y];
  attempt(`${n}:valid`, () => {
    const h2 = hidden.slice(), c2 = cell.slice(), want = new Int8Array(y.length);
    portableKernels.lstmInt8(p, x, [w[0]!, w[1]!, w[2]!, w[3]!], [r[0]!, r[1]!, r[2]!, r[3]!], [b[0]!, b[1]!, b[2]!, b[3]!], h2, c2, new Int16Array(scratch.length), want);
    const h0 = hidden.slice(), c0 = cell.slice();
    f(...args());
    const same = bytesEqual(new Uint8Array(y.buffer), new Uint8Array(want.buffer)) && bytesEqual(new Uint8Array(hidden.buffer), new Uint8Array(h2.buffer)) && bytesEqual(C, u8(c2));
    hidden.set(h0);
    cell.set(c0);
    return same || "differs from the TypeScript kernel";
  });
  expectThrow(`${n}:no-arguments`, f, [], "argument", "TypeError");
  expectThrow(`${n}:seventeen-arguments`, f, args().slice(0, 17), "argument", "TypeError");
  const names = ["params", "input", "w0", "w1", "w2", "w3", "r0", "r1", "r2", "r3", "b0", "b1", "b2", "b3", "hidden", "cell", "scratch", "output"];
  for (let i = 0; i < 18; i++) {
    for (const [label, bad] of [["int32array", new Int32Array(8)], ["string", "abcdefgh"], ["null", null]] as [string, unknown][]) {
      if (i >= 10 && i < 14 && label === "null") continue; // a gate without bias is allowed
      const a = args();
      a[i] = bad;
      expectThrow(`${n}:${names[i]}-${label}`, f, a, names[i]!, "TypeError", i === 17 ? undefined : y);
    }
  }
  const cases: [string, number, number, string][] = [
    ["BATCHES=0", Lstm.BATCHES, 0, "BATCHES"], ["TIME_STEPS=-1", Lstm.TIME_STEPS, -1, "TIME_STEPS"], ["STATE_SIZE=5", Lstm.STATE_SIZE, 5, "output"],
    ["INPUT_SIZE=4", Lstm.INPUT_SIZE, 4, "input"], ["TIME_MAJOR=2", Lstm.TIME_MAJOR, 2, "TIME_MAJOR"], ["HIDDEN_ZERO_POINT=200", Lstm.HIDDEN_ZERO_POINT, 200, "HIDDEN_ZERO_POINT"],
    ["CELL_CLIP=-1", Lstm.CELL_CLIP, -1, "CELL_CLIP"], ["CELL_TANH_SHIFT=14", Lstm.CELL_TANH_SHIFT, 14, "CELL_TANH"], ["CELL_TANH_MULTIPLIER=5", Lstm.CELL_TANH_MULTIPLIER, 5, "CELL_TANH"],
    ["gate-shift=31", Lstm.GATES + 1, 31, "gate shifts"], ["OUTPUT_MUL_SHIFT=-40", Lstm.OUTPUT_MUL_SHIFT, -40, "product shifts"],
  ];
  for (const [label, index, v, mentions] of cases) {
    const a = args();
    a[0] = withField(p, index, v);
    expectThrow(`${n}:${label}`, f, a, mentions, "RangeError", y);
  }
  const sized = (i: number, v: unknown, mentions: string, label: string) => {
    const a = args();
    a[i] = v;
    expectThrow(`${n}:${label}`, f, a, mentions, "RangeError", i === 17 ? undefined : y);
  };
  sized(0, P.slice(0, 4 * (Lstm.HEADER - 1)), "params", "params-short");
  sized(1, x.subarray(1), "input", "input-short");
  sized(4, new Int8Array(stateSize * inputSize + 1), "inputWeights[2]", "w2-long");
  sized(9, new Int8Array(stateSize), "recurrentWeights[3]", "r3-short");
  sized(11, new Uint8Array(4 * stateSize + 4), "biases[1]", "b1-long");
  sized(14, hidden.subarray(1), "hidden", "hidden-short");
  sized(15, bytesAt(cell, 1), "cell", "cell-unaligned");
  sized(16, S.subarray(2), "scratch", "scratch-short");
  sized(17, y.subarray(1), "output", "output-short");
  {
    const shared = new ArrayBuffer(C.byteLength + S.byteLength - 4);
    const a = args();
    a[15] = new Uint8Array(shared, 0, C.byteLength);
    a[16] = new Uint8Array(shared, C.byteLength - 4, S.byteLength);
    expectThrow(`${n}:scratch-overlaps-cell`, f, a, "overlaps", "RangeError", y);
  }
  {
    const shared = new ArrayBuffer(hidden.length + y.length - 1);
    const a = args();
    a[14] = new Int8Array(shared, 0, hidden.length);
    a[17] = new Int8Array(shared, hidden.length - 1, y.length);
    expectThrow(`${n}:output-overlaps-hidden`, f, a, "overlaps", "RangeError");
  }
}

// TFLM_DECODE, LUT type.
{
  const n = "xs_tinyml_decode_lut";
  const f = native(n) as Fn;
  const p = new Int32Array(DecodeLut.HEADER);
  p.set([24, 3, 2, 12, 0, 8, 1, 16]);
  const P = bytes(p);
  const encoded = new Uint8Array(filled(9, 7).buffer), ancillary = new Uint8Array(filled(16 + 16, 8).buffer);
  const y = new Int8Array(24), yb = new Uint8Array(y.buffer);
  attempt(`${n}:valid`, () => {
    const want = new Uint8Array(24);
    portableKernels.decodeLut(p, encoded, ancillary, want);
    f(P, encoded, ancillary, yb);
    return bytesEqual(yb, want) || "differs from the TypeScript kernel";
  });
  expectThrow(`${n}:no-arguments`, f, [], "argument", "TypeError");
  const names = ["params", "encoded", "ancillary", "output"];
  for (let i = 0; i < 4; i++) {
    for (const [label, bad] of [...BAD_BUFFERS, ["undefined", undefined]] as [string, unknown][]) {
      const args: unknown[] = [P, encoded, ancillary, yb];
      args[i] = bad;
      expectThrow(`${n}:${names[i]}-${label}`, f, args, names[i]!, "TypeError", i === 3 ? undefined : y);
    }
  }
  expectThrow(`${n}:params-short`, f, [P.slice(0, 4 * (DecodeLut.HEADER - 1)), encoded, ancillary, yb], "params", "RangeError", y);
  for (const [field, index, values] of [
    ["COUNT", DecodeLut.COUNT, [0, -1, 25]],
    ["BIT_WIDTH", DecodeLut.BIT_WIDTH, [0, 9, -1]],
    ["CHANNELS", DecodeLut.CHANNELS, [0, -3]],
    ["CHANNEL_ELEMENTS", DecodeLut.CHANNEL_ELEMENTS, [11, 0]],
    ["ALTERNATE", DecodeLut.ALTERNATE, [2, -1]],
    ["STRIDE", DecodeLut.STRIDE, [-1, 256]],
    ["ELEMENT_BYTES", DecodeLut.ELEMENT_BYTES, [0, 3, 16]],
    ["VALUE_OFFSET", DecodeLut.VALUE_OFFSET, [-1]],
  ] as [string, number, number[]][]) {
    for (const v of values) expectThrow(`${n}:${field}=${v}`, f, [withField(p, index, v), encoded, ancillary, yb], field === "COUNT" && v === 25 ? "CHANNEL_ELEMENTS" : field, "RangeError", y);
  }
  // Indices or tables that would be read past the end of their buffers.
  expectThrow(`${n}:encoded-short`, f, [P, encoded.subarray(1), ancillary, yb], "encoded", "RangeError", y);
  expectThrow(`${n}:tables-past-the-end`, f, [withField(p, DecodeLut.VALUE_OFFSET, 17), encoded, ancillary, yb], "ancillary", "RangeError", y);
  expectThrow(`${n}:stride-past-the-end`, f, [withField(p, DecodeLut.STRIDE, 9), encoded, ancillary, yb], "ancillary", "RangeError", y);
  expectThrow(`${n}:output-short`, f, [P, encoded, ancillary, yb.subarray(1)], "output", "RangeError", y);
  expectThrow(`${n}:output-is-ancillary`, f, [P, encoded, ancillary, ancillary.subarray(0, 24)], "overlaps", "RangeError");
}

check("survived", true, "the process is still running after every bad call");
finish();
