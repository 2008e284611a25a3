/**
 * Window pooling layers, channels-last: MaxPooling1D/2D and AveragePooling1D/2D on a
 * shared base (Keras' `BasePooling`).
 */
import { ops, type Tensor } from '@keras/core';
import { InputSpec } from '../../engine/input-spec.js';
import type { SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import type { JsonObject } from '../../serialization/json.js';
import { checkChannelsLast, type DataFormatOptions } from '../data-format.js';
import { floatInput } from '../float-input.js';
import { standardizePadding, standardizeTuple, windowOutputShape, type SpatialSize, type WindowPadding } from '../window.js';

/** Options of the pooling layers (Keras' arguments in camelCase). */
export interface PoolingOptions extends LayerOptions, DataFormatOptions {
  /** Window size per spatial axis; default 2. */
  poolSize?: SpatialSize;
  /** Stride per spatial axis; default (null) the pool size. */
  strides?: SpatialSize | null;
  /** 'valid' (default) or 'same'. */
  padding?: string;
}

/** Keras' positional `pool_size` merged into the options: `(2, { strides })` or `({ poolSize: 2 })`. */
function poolingOptions(poolSize: SpatialSize | PoolingOptions, options: PoolingOptions): PoolingOptions {
  return typeof poolSize === 'number' || Array.isArray(poolSize) ? { ...options, poolSize: poolSize as SpatialSize } : { ...(poolSize as PoolingOptions), ...options };
}

/** Max or average pooling over `rank` spatial axes. */
abstract class BasePooling extends Layer {
  /** Window size per spatial axis. */
  readonly poolSize: readonly number[];
  /** Stride per spatial axis. */
  readonly strides: readonly number[];
  /** Padding mode. */
  readonly padding: WindowPadding;
  private readonly mode: 'max' | 'average';

  /** Validates Keras' pooling arguments. */
  protected constructor(rank: 1 | 2, mode: 'max' | 'average', options: PoolingOptions) {
    super(options);
    checkChannelsLast(options.dataFormat, this.className);
    this.mode = mode;
    this.poolSize = standardizeTuple(options.poolSize ?? 2, rank, 'pool_size', this.className);
    this.strides = standardizeTuple(options.strides ?? this.poolSize, rank, 'strides', this.className);
    this.padding = standardizePadding(options.padding ?? 'valid', false, this.className);
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
  }

  /** Pools each window. */
  call(inputs: Tensor): Tensor {
    const pool = this.mode === 'max' ? ops.maxPool : ops.averagePool;
    return pool(floatInput(inputs), this.poolSize, { strides: this.strides, padding: this.padding === 'same' ? 'same' : 'valid' });
  }

  /** (batch, ...spatial out, channels). */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const geometry = { kernel: this.poolSize, strides: this.strides, dilation: this.poolSize.map(() => 1), padding: this.padding };
    return windowOutputShape(inputShape, geometry, null, this.name);
  }

  /** Keras' pooling config. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), pool_size: [...this.poolSize], padding: this.padding, strides: [...this.strides], data_format: 'channels_last' };
  }
}

/** Max over windows of (batch, steps, channels). */
export class MaxPooling1D extends BasePooling {
  static override readonly className: string = 'MaxPooling1D';
  /** `new MaxPooling1D(2)` or `new MaxPooling1D({ poolSize: 2, strides, padding })`. */
  constructor(poolSize: SpatialSize | PoolingOptions = {}, options: PoolingOptions = {}) {
    super(1, 'max', poolingOptions(poolSize, options));
  }
}

/** Max over windows of (batch, height, width, channels). */
export class MaxPooling2D extends BasePooling {
  static override readonly className: string = 'MaxPooling2D';
  /** `new MaxPooling2D(2)` or `new MaxPooling2D({ poolSize: 2, strides, padding })`. */
  constructor(poolSize: SpatialSize | PoolingOptions = {}, options: PoolingOptions = {}) {
    super(2, 'max', poolingOptions(poolSize, options));
  }
}

/** Average over windows of (batch, steps, channels). */
export class AveragePooling1D extends BasePooling {
  static override readonly className: string = 'AveragePooling1D';
  /** `new AveragePooling1D(2)` or `new AveragePooling1D({ poolSize: 2, strides, padding })`. */
  constructor(poolSize: SpatialSize | PoolingOptions = {}, options: PoolingOptions = {}) {
    super(1, 'average', poolingOptions(poolSize, options));
  }
}

/** Average over windows of (batch, height, width, channels). */
export class AveragePooling2D extends BasePooling {
  static override readonly className: string = 'AveragePooling2D';
  /** `new AveragePooling2D(2)` or `new AveragePooling2D({ poolSize: 2, strides, padding })`. */
  constructor(poolSize: SpatialSize | PoolingOptions = {}, options: PoolingOptions = {}) {
    super(2, 'average', poolingOptions(poolSize, options));
  }
}
