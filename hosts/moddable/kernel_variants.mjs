// Kernel variants for firmware that knows its models (native/kernels/tinyml_variants.h): which
// variants of the conv, depthwise and fully connected natives' Arm DSP paths, and of the RFFT's
// butterflies, the layers of some models use, and the selection that leaves the others out of a build, as
//   a Moddable manifest's "defines": { "tinyml": { "variants": { "<name>": 0, ... } } }, or
//   compiler flags -DTINYML_VARIANT_<NAME>=0.
// A layer of another model that needs a variant left out is refused by the native (its scratch
// query says -1) and runs in TypeScript: slower, never wrong.
//
// The layers are read as the kernels see them: each model is prepared and bound (an Interpreter)
// with kernels whose scratch queries, and the RFFT's bind, record the packed params, and every record is classified here by
// the same rules as the C (kept in step with tinyml_variants.h, conv_2d_dsp.h,
// depthwise_conv_2d_dsp.h and fully_connected_dsp.h; test/kernel_variants.test.ts checks them
// against the C on the emulated Cortex-M4).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Every variant of tinyml_variants.h, in its order. */
export const VARIANTS = ["conv_general", "conv_im2col", "conv_direct", "dw_3x3_s1", "dw_3x3", "dw_8wide", "dw_4ch_load", "dw_dilated_w", "fc_general", "fc_tail", "fc_one", "rfft_radix_3_5", "rfft_radix_2"];

/** The variants a conv layer (packed params p, layout Conv) runs with all of them in. */
function convVariants(p, C) {
  const inC = p[C.IN_C], kW = p[C.K_W], kH = p[C.K_H], offset = p[C.INPUT_OFFSET];
  const pointwise = kH === 1 && kW === 1 && p[C.STRIDE_H] === 1 && p[C.STRIDE_W] === 1 && p[C.DILATION_H] === 1 && p[C.DILATION_W] === 1
    && p[C.PAD_H] === 0 && p[C.PAD_W] === 0 && p[C.OUT_H] === p[C.IN_H] && p[C.OUT_W] === p[C.IN_W] && p[C.FILTER_C] === inC;
  if (p[C.FILTER_C] !== inC || kH * kW * inC > 0x0fffffff) return ["conv_general"];
  if (pointwise) return [];
  if (offset < -127 || offset > 128) return ["conv_general"];
  return (kW * inC) % 4 === 0 ? ["conv_direct"] : ["conv_im2col"];
}

/** The variants a depthwise layer runs with all of them in (the speed ones where a channel may take them). */
function depthwiseVariants(p, C) {
  const kH = p[C.K_H], kW = p[C.K_W], dW = p[C.DILATION_W];
  const kwp = ((kW - 1) * dW + 2) & ~1;
  const used = [];
  if (dW !== 1) used.push("dw_dilated_w");
  const is3 = kH === 3 && kW === 3 && p[C.STRIDE_W] === 1 && dW === 1;
  if (is3) used.push("dw_3x3_s1");
  // tinyml_dw_plane's unrolled paths take the channels with the fast requantization (a right shift
  // of 1..21) that tinyml_dw3_plane does not (it needs a multiplier above 2^30).
  const outC = p[C.OUT_C];
  let fast = false, fastNot3 = false;
  for (let c = 0; c < outC; c++) {
    const mult = p[C.HEADER + c], shift = p[C.HEADER + outC + c];
    if (shift > -1 || shift < -21) continue;
    fast = true;
    if (!is3 || mult <= 0x40000000) fastNot3 = true;
  }
  if (kwp === 4 && kH === 3 && fastNot3) used.push("dw_3x3");
  if (kwp === 8 && fast) used.push("dw_8wide");
  // tinyml_dw_load's packed loads take blocks of four channels (a block has at most IN_C).
  if (p[C.IN_C] >= 4) used.push("dw_4ch_load");
  return used;
}

/** The variants a fully connected layer (layout FullyConnected) runs with all of them in. */
function fullyConnectedVariants(p, F) {
  const out = p[F.OUT_DEPTH], shift = p[F.HEADER + 1];
  if (out === 1 && p[F.FILTER_OFFSET] === 0) return ["fc_one"];
  const used = [];
  if (p[F.PER_CHANNEL] !== 0 || shift > -1 || shift < -21 || p[F.FILTER_OFFSET] !== 0) used.push("fc_general");
  if (out % 4 !== 0) used.push("fc_tail");
  return used;
}

/** The variants a SignalRfft layer (layout Rfft) uses: the radix 2, 3 and 5 butterflies where its factor list has them. */
function rfftVariants(p, R) {
  const used = [];
  for (let i = 0; i < p[R.FACTORS]; i++) {
    const radix = p[R.FACTOR_LIST + 2 * i];
    if (radix === 3 || radix === 5) used.push("rfft_radix_3_5");
    if (radix === 2) used.push("rfft_radix_2");
  }
  return used;
}

/** The variants the int8 conv, depthwise and fully connected layers and the SignalRfft layers of these models use: a sorted list of names. */
export async function variantsOf(modelPaths) {
  const { Model, Interpreter } = await tsImport(join(repo, "src/index.ts"), import.meta.url);
  const { Conv, FullyConnected, Rfft } = await tsImport(join(repo, "src/kernels/layout.ts"), import.meta.url);
  const used = new Set();
  const record = (classify) => (p) => {
    for (const v of classify(Array.from(p))) used.add(v);
    return 0;
  };
  const kernels = {
    conv2dInt8ScratchBytes: record((p) => convVariants(p, Conv)),
    depthwiseConv2dInt8ScratchBytes: record((p) => depthwiseVariants(p, Conv)),
    fullyConnectedInt8ScratchBytes: record((p) => fullyConnectedVariants(p, FullyConnected)),
    // SignalRfft has no scratch query: its params are recorded where the op binds its kernel.
    rfftInt16: Object.defineProperty(() => {}, "bind", { value: (_this, p) => (record((q) => rfftVariants(q, Rfft))(p), () => {}) }),
  };
  for (const path of modelPaths) {
    const b = readFileSync(path);
    new Interpreter(Model.from(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)), { kernels });
  }
  // conv_direct left out sends its layers to the im2col path.
  return VARIANTS.filter((v) => used.has(v));
}

/** The selection that leaves out every variant not in `used`: { name: 0 } (a manifest's "defines".tinyml.variants). */
export function variantSelection(used) {
  return Object.fromEntries(VARIANTS.filter((v) => !used.includes(v)).map((v) => [v, 0]));
}

/** The same selection as compiler flags. */
export function variantFlags(used) {
  return Object.keys(variantSelection(used)).map((v) => `-DTINYML_VARIANT_${v.toUpperCase()}=0`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const models = process.argv.slice(2);
  if (models.length === 0) {
    console.error("usage: node hosts/moddable/kernel_variants.mjs MODEL.tflite [...]: the kernel variants the models use, and a manifest's selection");
    process.exit(2);
  }
  const used = await variantsOf(models);
  console.log(JSON.stringify({ used, defines: { tinyml: { variants: variantSelection(used) } } }, null, "\t"));
}
