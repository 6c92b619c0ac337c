/** The portable TypeScript kernels: every kernel of the Kernels interface, runnable on any JS engine. */
import type { Kernels } from "../kernels";
import { conv2dFloat32, conv2dInt16, conv2dInt8 } from "./conv_2d";
import { depthwiseConv2dFloat32, depthwiseConv2dInt16, depthwiseConv2dInt8 } from "./depthwise_conv_2d";
import { fullyConnectedFloat32, fullyConnectedInt16, fullyConnectedInt8 } from "./fully_connected";
import { averagePool2dFloat32, averagePool2dInt8, maxPool2dFloat32, maxPool2dInt8 } from "./pooling";
import { transposeConvFloat32, transposeConvInt16, transposeConvInt8 } from "./transpose_conv";
import { addInt16, addInt8, subInt16, subInt8 } from "./add";
import { binaryFloat32, binaryInt32, minMaxInt16, minMaxInt8 } from "./binary";
import { mulInt16, mulInt8 } from "./mul";
import { dequantize, quantizeFloat32, requantize } from "./quantize";
// [elementwise imports]
import { clampFloat32, hardSwishFloat32, leakyReluFloat32, logisticFloat32, tanhFloat32 } from "./activation";
import { lookupInt8 } from "./lookup";
import { softmaxFloat32, softmaxInt16, softmaxInt8, softmaxInt8Int16 } from "./softmax";
import { elementwiseMathFloat32 } from "./elementwise_math";
import { leakyReluInt16, sigmoidInt16 } from "./int16_activation";
// [activation imports]
import { filterBankUint32 } from "./filter_bank";
import { rfftInt16 } from "./rfft";
// [signal imports]
import { meanInt16, meanInt8 } from "./mean";
import { batchMatMulFloat32, batchMatMulInt8 } from "./batch_matmul";
// [reduce imports]
import { lstmFloat32, lstmInt8 } from "./lstm";
import { svdfFloat32, svdfInt8 } from "./svdf";
// [recurrent imports]
import { decodeLut } from "./decode_lut";

/** The TypeScript kernels need no scratch. */
const noScratch = (): number => 0;

export const portableKernels: Kernels = {
  conv2dInt8,
  conv2dInt8ScratchBytes: noScratch,
  depthwiseConv2dInt8,
  depthwiseConv2dInt8ScratchBytes: noScratch,
  fullyConnectedInt8,
  fullyConnectedInt8ScratchBytes: noScratch,
  conv2dInt16,
  conv2dInt16ScratchBytes: noScratch,
  depthwiseConv2dInt16,
  depthwiseConv2dInt16ScratchBytes: noScratch,
  fullyConnectedInt16,
  fullyConnectedInt16ScratchBytes: noScratch,
  averagePool2dInt8,
  maxPool2dInt8,
  poolingInt8ScratchBytes: noScratch,
  conv2dFloat32,
  depthwiseConv2dFloat32,
  fullyConnectedFloat32,
  averagePool2dFloat32,
  maxPool2dFloat32,
  transposeConvInt8,
  transposeConvInt16,
  transposeConvFloat32,
  addInt8,
  subInt8,
  addInt8ScratchBytes: noScratch,
  addInt16,
  subInt16,
  mulInt8,
  mulInt16,
  binaryFloat32,
  binaryInt32,
  minMaxInt8,
  minMaxInt16,
  quantizeFloat32,
  requantize,
  dequantize,
  // [elementwise kernels]
  softmaxInt8,
  softmaxInt8Int16,
  softmaxInt16,
  softmaxFloat32,
  lookupInt8,
  logisticFloat32,
  tanhFloat32,
  hardSwishFloat32,
  leakyReluFloat32,
  clampFloat32,
  elementwiseMathFloat32,
  leakyReluInt16,
  sigmoidInt16,
  // [activation kernels]
  rfftInt16,
  filterBankUint32,
  // [signal kernels]
  meanInt8,
  meanInt16,
  batchMatMulInt8,
  batchMatMulFloat32,
  // [reduce kernels]
  svdfInt8,
  svdfFloat32,
  lstmInt8,
  lstmFloat32,
  // [recurrent kernels]
  decodeLut,
};
Object.freeze(portableKernels);
