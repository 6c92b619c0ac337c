/** The op resolver: which registration runs which op code. */
import { BuiltinOperator } from "../model/schema";
import { conv2d } from "./conv_2d";
import { depthwiseConv2d } from "./depthwise_conv_2d";
import { fullyConnected } from "./fully_connected";
import type { OpRegistration } from "./op";
import { averagePool2d, maxPool2d } from "./pooling";
import { reshape } from "./reshape";
import { transposeConv } from "./transpose_conv";
import { add } from "./add";
import { dequantize } from "./dequantize";
import { div } from "./div";
import { maximum, minimum } from "./minimum_maximum";
import { mul } from "./mul";
import { quantize } from "./quantize";
import { squaredDifference } from "./squared_difference";
import { sub } from "./sub";
// [elementwise imports]
import { hardSwish } from "./hard_swish";
import { leakyRelu } from "./leaky_relu";
import { logistic } from "./logistic";
import { relu, relu6, reluN1To1 } from "./relu";
import { softmax } from "./softmax";
import { tanh } from "./tanh";
import { abs, exp, log, neg, rsqrt, sqrt } from "./elementwise_math";
// [activation imports]
import { concatenation } from "./concatenation";
import { expandDims } from "./expand_dims";
import { mean, reduceMax, reduceMin, sum } from "./mean";
import { pad, padV2 } from "./pad";
import { shape } from "./shape";
import { squeeze } from "./squeeze";
import { stridedSlice } from "./strided_slice";
import { transpose } from "./transpose";
import { pack, unpack } from "./pack";
import { split, splitV } from "./split";
import { fill } from "./fill";
import { gather } from "./gather";
import { zerosLike } from "./zeros_like";
import { selectV2 } from "./select_v2";
import { batchMatMul } from "./batch_matmul";
// [shape imports]
import { cast } from "./cast";
import { signalEnergy } from "./signal/energy";
import { signalFftAutoScale } from "./signal/fft_auto_scale";
import { signalFilterBank } from "./signal/filter_bank";
import { signalFilterBankLog } from "./signal/filter_bank_log";
import { signalFilterBankSpectralSubtraction } from "./signal/filter_bank_spectral_subtraction";
import { signalFilterBankSquareRoot } from "./signal/filter_bank_square_root";
import { signalPcan } from "./signal/pcan";
import { signalRfft } from "./signal/rfft";
import { signalWindow } from "./signal/window";
// [signal imports]
import { svdf } from "./svdf";
import { unidirectionalSequenceLstm } from "./unidirectional_sequence_lstm";
// [recurrent imports]
import { decode } from "./decode";

export class OpResolver {
  private readonly builtins = new Map<number, OpRegistration>();
  private readonly customs = new Map<string, OpRegistration>();

  constructor(registrations: readonly OpRegistration[] = []) {
    for (const r of registrations) this.add(r);
  }

  add(r: OpRegistration): this {
    if (r.builtinCode === BuiltinOperator.CUSTOM) this.customs.set(r.customCode ?? r.name, r);
    else this.builtins.set(r.builtinCode, r);
    return this;
  }

  find(builtinCode: number, customCode: string | null): OpRegistration | undefined {
    return customCode !== null ? this.customs.get(customCode) : this.builtins.get(builtinCode);
  }

  /** Every registration, builtins first. */
  list(): OpRegistration[] {
    return [...this.builtins.values(), ...this.customs.values()];
  }
}

/** Every op tinyml-xs implements. */
export const allOps: readonly OpRegistration[] = [
  conv2d,
  depthwiseConv2d,
  fullyConnected,
  averagePool2d,
  maxPool2d,
  transposeConv,
  reshape,
  add,
  sub,
  mul,
  div,
  minimum,
  maximum,
  squaredDifference,
  quantize,
  dequantize,
  // [elementwise ops]
  softmax,
  logistic,
  tanh,
  hardSwish,
  leakyRelu,
  relu,
  relu6,
  reluN1To1,
  abs,
  neg,
  exp,
  log,
  sqrt,
  rsqrt,
  // [activation ops]
  pad,
  padV2,
  concatenation,
  stridedSlice,
  transpose,
  mean,
  sum,
  reduceMax,
  reduceMin,
  squeeze,
  expandDims,
  shape,
  split,
  splitV,
  pack,
  unpack,
  fill,
  zerosLike,
  gather,
  selectV2,
  batchMatMul,
  // [shape ops]
  cast,
  signalWindow,
  signalFftAutoScale,
  signalRfft,
  signalEnergy,
  signalFilterBank,
  signalFilterBankSquareRoot,
  signalFilterBankSpectralSubtraction,
  signalPcan,
  signalFilterBankLog,
  // [signal ops]
  svdf,
  unidirectionalSequenceLstm,
  // [recurrent ops]
  decode,
];
// Frozen: on a device the preloaded registrations then stay in flash (XS aliases unfrozen objects
// of preloaded modules, and xsl warns about each).
Object.freeze(allOps);
for (const op of allOps) Object.freeze(op);

export const defaultResolver = new OpResolver(allOps);
Object.freeze(defaultResolver);
