/**
 * Convolution layers, channels-last: Conv1D and Conv2D on a shared base (Keras' `BaseConv`).
 */
import { ops, type Tensor } from '@keras/core';
import { InputSpec } from '../../engine/input-spec.js';
import { formatSymbolicShape, type SymbolicShape } from '../../engine/keras-tensor.js';
import { optionsFromConfig } from '../../serialization/layer-options.js';
import * as regularizers from '../../regularizers/index.js';
import type { JsonObject } from '../../serialization/json.js';
import { checkChannelsLast, type DataFormatOptions } from '../data-format.js';
import { floatInput } from '../float-input.js';
import { KernelLayer, type KernelLayerOptions } from '../kernel-layer.js';
import { standardizePadding, standardizeTuple, windowOutputShape, type SpatialSize, type WindowGeometry, type WindowPadding } from '../window.js';

/** Options of {@link Conv1D} and {@link Conv2D} (Keras' arguments in camelCase). */
export interface ConvOptions extends KernelLayerOptions, DataFormatOptions {
  /** Stride per spatial axis; default 1. */
  strides?: SpatialSize;
  /** 'valid' (default), 'same', or for Conv1D 'causal'. */
  padding?: string;
  /** Dilation per spatial axis; default 1. */
  dilationRate?: SpatialSize;
  /** Grouped convolution is not supported; only 1. */
  groups?: number;
}

/**
 * The shared convolution layer over `rank` spatial axes, with a
 * (...kernelSize, inChannels, filters) kernel and a (filters,) bias.
 */
export abstract class BaseConv extends KernelLayer {
  /** Number of spatial axes (1 or 2). */
  abstract readonly rank: 1 | 2;
  /** Number of output channels. */
  readonly filters: number;
  /** Window size per spatial axis. */
  readonly kernelSize: readonly number[];
  /** Stride per spatial axis. */
  readonly strides: readonly number[];
  /** Padding mode. */
  readonly padding: WindowPadding;
  /** Dilation per spatial axis. */
  readonly dilationRate: readonly number[];

  /** Validates Keras' arguments for a convolution over `rank` spatial axes. */
  protected constructor(rank: 1 | 2, filters: number, kernelSize: SpatialSize, options: ConvOptions) {
    super(options);
    const name = this.className;
    if (!Number.isInteger(filters) || filters <= 0) throw new RangeError(`${name}: invalid value for argument filters, expected a positive integer. Received: filters=${filters}.`);
    checkChannelsLast(options.dataFormat, name);
    if ((options.groups ?? 1) !== 1) throw new Error(`${name}: grouped convolution (groups=${options.groups}) is not supported; use groups=1.`);
    this.filters = filters;
    this.kernelSize = standardizeTuple(kernelSize, rank, 'kernel_size', name);
    this.strides = standardizeTuple(options.strides ?? 1, rank, 'strides', name);
    this.dilationRate = standardizeTuple(options.dilationRate ?? 1, rank, 'dilation_rate', name);
    this.padding = standardizePadding(options.padding ?? 'valid', rank === 1, name);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new RangeError(`${name}: strides > 1 not supported in conjunction with dilation_rate > 1. Received: strides=${JSON.stringify(this.strides)} and dilation_rate=${JSON.stringify(this.dilationRate)}.`);
    }
    this.inputSpec = new InputSpec({ ndim: rank + 2 });
  }

  /** Creates the kernel and bias from the input's channel count. */
  override build(inputShape: SymbolicShape): void {
    const channels = inputShape[inputShape.length - 1];
    if (channels === null || channels === undefined) {
      throw new RangeError(`${this.className} '${this.name}': the channel dimension of the inputs must be defined, received shape ${formatSymbolicShape(inputShape)}.`);
    }
    this.addKernelAndBias([...this.kernelSize, channels, this.filters], this.filters);
    this.inputSpec = new InputSpec({ ndim: this.rank + 2, axes: { [-1]: channels } });
  }

  /** Convolution, bias, activation, as one fused kernel call. 'causal' pads the start of the time axis, then convolves with 'valid'. */
  call(inputs: Tensor): Tensor {
    let x = floatInput(inputs);
    let padding: 'valid' | 'same' = this.padding === 'same' ? 'same' : 'valid';
    if (this.padding === 'causal') {
      x = ops.pad(x, [[0, 0], [this.dilationRate[0]! * (this.kernelSize[0]! - 1), 0], [0, 0]]);
      padding = 'valid';
    }
    const options = { strides: this.strides, padding, dilationRate: this.dilationRate };
    return this.fusedCall((epilogue) => ops.fusedConv(x, this.kernel!, { ...options, ...epilogue }));
  }

  /** The window geometry of this layer. */
  private get geometry(): WindowGeometry {
    return { kernel: this.kernelSize, strides: this.strides, dilation: this.dilationRate, padding: this.padding };
  }

  /** (batch, ...spatial out, filters). */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return windowOutputShape(inputShape, this.geometry, this.filters, this.name);
  }

  /** Keras' convolution config. */
  override getConfig(): JsonObject {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernel_size: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      data_format: 'channels_last',
      dilation_rate: [...this.dilationRate],
      groups: 1,
      ...this.kernelConfig(),
      activity_regularizer: regularizers.serialize(this.activityRegularizer),
      kernel_constraint: null,
      bias_constraint: null,
    };
  }
}

/** 1-D convolution over (batch, steps, channels): `new Conv1D(32, 3, { activation: 'relu' })`. */
export class Conv1D extends BaseConv {
  static override readonly className: string = 'Conv1D';
  readonly rank = 1;

  /** `new Conv1D(filters, kernelSize, options)`. */
  constructor(filters: number, kernelSize: SpatialSize, options: ConvOptions = {}) {
    super(1, filters, kernelSize, options);
  }

  /** A Conv1D layer from its config. */
  static override fromConfig(config: JsonObject): Conv1D {
    return new Conv1D(config['filters'] as number, config['kernel_size'] as number[], optionsFromConfig(config, 'Conv1D') as ConvOptions);
  }
}

/** 2-D convolution over (batch, height, width, channels): `new Conv2D(32, 3, { activation: 'relu' })`. */
export class Conv2D extends BaseConv {
  static override readonly className: string = 'Conv2D';
  readonly rank = 2;

  /** `new Conv2D(filters, kernelSize, options)`. */
  constructor(filters: number, kernelSize: SpatialSize, options: ConvOptions = {}) {
    super(2, filters, kernelSize, options);
  }

  /** A Conv2D layer from its config. */
  static override fromConfig(config: JsonObject): Conv2D {
    return new Conv2D(config['filters'] as number, config['kernel_size'] as number[], optionsFromConfig(config, 'Conv2D') as ConvOptions);
  }
}
