/**
 * Flatten: collapses every axis but the batch axis.
 */
import { ops, type DType, type Tensor } from '@keras/core';
import type { SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import type { JsonObject } from '../../serialization/json.js';
import { checkChannelsLast, type DataFormatOptions } from '../data-format.js';

/** `new Flatten()`: (batch, d1, d2, ...) -> (batch, d1 * d2 * ...). */
export class Flatten extends Layer {
  static override readonly className: string = 'Flatten';

  /** `new Flatten(options)`; only channels_last data is supported. */
  constructor(options: LayerOptions & DataFormatOptions = {}) {
    super(options);
    checkChannelsLast(options.dataFormat, this.className);
  }

  /** Reshapes to (batch, product of the other axes); rank-1 inputs become (batch, 1). */
  call(inputs: Tensor): Tensor {
    return ops.reshape(inputs, [inputs.shape[0]!, inputs.shape.slice(1).reduce((a, b) => a * b, 1)]);
  }

  /** (batch, product), or (batch, None) when a size is unknown. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const rest = inputShape.slice(1);
    const size = rest.some((d) => d === null) ? null : rest.reduce<number>((a, b) => a * (b as number), 1);
    return [inputShape[0] ?? null, size];
  }

  /** The input's dtype (reshaping keeps it). */
  override computeOutputDtype(inputDtypes: readonly DType[]): DType {
    return inputDtypes[0] ?? this.dtype;
  }

  /** `{ ..., data_format }`. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), data_format: 'channels_last' };
  }
}
