/**
 * Activation: applies an activation function as a layer.
 */
import type { Tensor } from '@keras/core';
import * as activations from '../../activations/index.js';
import type { SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import { optionsFromConfig } from '../../serialization/layer-options.js';
import type { JsonObject } from '../../serialization/json.js';

/** `new Activation('relu')`: the activation as its own layer. */
export class Activation extends Layer {
  static override readonly className: string = 'Activation';
  /** The activation function. */
  readonly activation: activations.Activation;

  /** `new Activation(activation, options)`. */
  constructor(activation: activations.ActivationIdentifier, options: LayerOptions = {}) {
    super(options);
    this.activation = activations.get(activation);
  }

  /** activation(inputs). */
  call(inputs: Tensor): Tensor {
    return this.activation(inputs);
  }

  /** Unchanged. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  /** `{ ..., activation }`. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), activation: activations.serialize(this.activation) };
  }

  /** An Activation layer from its config. */
  static override fromConfig(config: JsonObject): Activation {
    return new Activation(config['activation'] as string, optionsFromConfig(config, 'Activation'));
  }
}
