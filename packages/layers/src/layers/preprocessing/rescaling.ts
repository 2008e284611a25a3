/**
 * Rescaling: x * scale + offset (e.g. pixel values from [0, 255] to [0, 1]).
 */
import { ops, type Tensor } from '@keras/core';
import type { SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import { optionsFromConfig } from '../../serialization/layer-options.js';
import type { JsonObject } from '../../serialization/json.js';
import { floatInput } from '../float-input.js';

/** A scale or offset: one number, or one per channel (broadcast over the last axis). */
export type RescaleValue = number | readonly number[];

/** Options of {@link Rescaling}. */
export interface RescalingOptions extends LayerOptions {
  /** Added after scaling; default 0. */
  offset?: RescaleValue;
}

/** `new Rescaling(1 / 255)`: x * scale + offset, computed in float32. */
export class Rescaling extends Layer {
  static override readonly className: string = 'Rescaling';
  /** The multiplier. */
  readonly scale: RescaleValue;
  /** The offset. */
  readonly offset: RescaleValue;

  /** `new Rescaling(scale, { offset })`. */
  constructor(scale: RescaleValue, options: RescalingOptions = {}) {
    super(options);
    this.scale = scale;
    this.offset = options.offset ?? 0;
  }

  /** x * scale + offset. */
  call(inputs: Tensor): Tensor {
    const scale = typeof this.scale === 'number' ? this.scale : [...this.scale];
    const offset = typeof this.offset === 'number' ? this.offset : [...this.offset];
    return ops.add(ops.multiply(floatInput(inputs), scale), offset);
  }

  /** Unchanged. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  /** `{ ..., scale, offset }`. */
  override getConfig(): JsonObject {
    const value = (v: RescaleValue): number | number[] => (typeof v === 'number' ? v : [...v]);
    return { ...super.getConfig(), scale: value(this.scale), offset: value(this.offset) };
  }

  /** A Rescaling layer from its config. */
  static override fromConfig(config: JsonObject): Rescaling {
    return new Rescaling(config['scale'] as RescaleValue, optionsFromConfig(config, 'Rescaling') as RescalingOptions);
  }
}
