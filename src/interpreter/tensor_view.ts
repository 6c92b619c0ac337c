/** TensorView: what users see of a tensor: shape, type, quantization and its live data. */
import { tensorTypeName } from "../model/schema";

/** What a view shows of its tensor: a model's TensorSpec, or a compiled plan's description. */
export interface TensorInfo {
  readonly index: number;
  readonly type: number;
  readonly name: string;
  readonly shape: readonly number[];
  readonly quantization: { readonly scale: ArrayLike<number>; readonly zeroPoint: ArrayLike<number> } | null;
}

export type TensorData = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export class TensorView {
  readonly index: number;
  /** "int8", "float32", ... */
  readonly type: string;
  /** Per-tensor scale (the first one for per-channel tensors); 0 when not quantized. */
  readonly scale: number;
  readonly zeroPoint: number;
  /** Typed view of the values, in the arena (or the model, for constants). */
  readonly data: TensorData;
  /** The same memory as bytes. */
  readonly bytes: Uint8Array;

  constructor(
    private readonly spec: TensorInfo,
    data: TensorData,
    bytes: Uint8Array,
  ) {
    this.index = spec.index;
    this.type = tensorTypeName(spec.type);
    this.scale = spec.quantization?.scale[0] ?? 0;
    this.zeroPoint = spec.quantization?.zeroPoint[0] ?? 0;
    this.data = data;
    this.bytes = bytes;
  }

  /** The tensor's name in the model (read from the model on each call). */
  get name(): string {
    return this.spec.name;
  }

  /** The tensor's dimensions (read from the model on each call). */
  get shape(): readonly number[] {
    return this.spec.shape;
  }

  /** Real value of element i: scale * (q - zeroPoint) for quantized tensors, the value itself otherwise. */
  dequantize(i: number): number {
    const q = this.data[i] ?? NaN;
    return this.scale === 0 ? q : this.scale * (q - this.zeroPoint);
  }
}
