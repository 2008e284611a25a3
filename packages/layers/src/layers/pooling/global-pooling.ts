/**
 * Global pooling layers, channels-last: the max or mean over all spatial axes.
 */
import { ops, type Tensor } from '@keras/core';
import { InputSpec } from '../../engine/input-spec.js';
import type { SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import type { JsonObject } from '../../serialization/json.js';
import { checkChannelsLast, type DataFormatOptions } from '../data-format.js';
import { floatInput } from '../float-input.js';

/** Options of the global pooling layers. */
export interface GlobalPoolingOptions extends LayerOptions, DataFormatOptions {
  /** Keep the spatial axes with size 1; default false. */
  keepdims?: boolean;
}

/** Reduction over every spatial axis of a rank + 2 input. */
abstract class GlobalPooling extends Layer {
  /** Whether the spatial axes are kept with size 1. */
  readonly keepdims: boolean;
  private readonly mode: 'max' | 'average';
  private readonly rank: number;

  /** Validates Keras' arguments. */
  protected constructor(rank: 1 | 2, mode: 'max' | 'average', options: GlobalPoolingOptions) {
    super(options);
    checkChannelsLast(options.dataFormat, this.className);
    this.keepdims = options.keepdims ?? false;
    this.mode = mode;
    this.rank = rank;
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
  }

  /** The max or mean over the spatial axes. */
  call(inputs: Tensor): Tensor {
    const axis = Array.from({ length: this.rank }, (_, i) => i + 1);
    const reduce = this.mode === 'max' ? ops.max : ops.mean;
    return reduce(floatInput(inputs), { axis, keepdims: this.keepdims });
  }

  /** (batch, channels), or (batch, 1, ..., channels) with keepdims. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const channels = inputShape[inputShape.length - 1] ?? null;
    const ones = this.keepdims ? new Array<number>(this.rank).fill(1) : [];
    return [inputShape[0] ?? null, ...ones, channels];
  }

  /** `{ ..., data_format, keepdims }`. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), data_format: 'channels_last', keepdims: this.keepdims };
  }
}

/** Mean over the steps of (batch, steps, channels). */
export class GlobalAveragePooling1D extends GlobalPooling {
  static override readonly className: string = 'GlobalAveragePooling1D';
  static override readonly callTakesMask: boolean = true;
  /** `new GlobalAveragePooling1D({ keepdims: false })`. */
  constructor(options: GlobalPoolingOptions = {}) {
    super(1, 'average', options);
  }
}

/** Mean over height and width of (batch, height, width, channels). */
export class GlobalAveragePooling2D extends GlobalPooling {
  static override readonly className: string = 'GlobalAveragePooling2D';
  /** `new GlobalAveragePooling2D({ keepdims: false })`. */
  constructor(options: GlobalPoolingOptions = {}) {
    super(2, 'average', options);
  }
}

/** Max over the steps of (batch, steps, channels). */
export class GlobalMaxPooling1D extends GlobalPooling {
  static override readonly className: string = 'GlobalMaxPooling1D';
  /** `new GlobalMaxPooling1D({ keepdims: false })`. */
  constructor(options: GlobalPoolingOptions = {}) {
    super(1, 'max', options);
  }
}

/** Max over height and width of (batch, height, width, channels). */
export class GlobalMaxPooling2D extends GlobalPooling {
  static override readonly className: string = 'GlobalMaxPooling2D';
  /** `new GlobalMaxPooling2D({ keepdims: false })`. */
  constructor(options: GlobalPoolingOptions = {}) {
    super(2, 'max', options);
  }
}
