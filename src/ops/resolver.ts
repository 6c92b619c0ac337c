/** The op resolver: which registration runs which op code. */
import { BuiltinOperator } from "../model/schema";
import { conv2d } from "./conv_2d";
import { depthwiseConv2d } from "./depthwise_conv_2d";
import { fullyConnected } from "./fully_connected";
import type { OpRegistration } from "./op";
import { averagePool2d, maxPool2d } from "./pooling";
import { reshape } from "./reshape";
// [elementwise imports]
// [activation imports]
// [shape imports]

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
  reshape,
  // [elementwise ops]
  // [activation ops]
  // [shape ops]
];

export const defaultResolver = new OpResolver(allOps);
