/** The portable TypeScript kernels: every kernel of the Kernels interface, runnable on any JS engine. */
import type { Kernels } from "../kernels";
import { conv2dFloat32, conv2dInt8 } from "./conv_2d";
import { depthwiseConv2dFloat32, depthwiseConv2dInt8 } from "./depthwise_conv_2d";
import { fullyConnectedFloat32, fullyConnectedInt8 } from "./fully_connected";
import { averagePool2dFloat32, averagePool2dInt8, maxPool2dFloat32, maxPool2dInt8 } from "./pooling";
// [elementwise imports]
// [activation imports]

export const portableKernels: Kernels = {
  conv2dInt8,
  depthwiseConv2dInt8,
  fullyConnectedInt8,
  averagePool2dInt8,
  maxPool2dInt8,
  conv2dFloat32,
  depthwiseConv2dFloat32,
  fullyConnectedFloat32,
  averagePool2dFloat32,
  maxPool2dFloat32,
  // [elementwise kernels]
  // [activation kernels]
};
