/**
 * Losses (Keras' `keras.losses`): classes, per-sample functions, and lookup by name or config.
 */
import type { Tensor } from '@keras/core';
import type { KerasObjectConfig } from '../serialization/json.js';
import { ObjectRegistry } from '../serialization/object-registry.js';
import type { BinaryCrossentropyOptions, CategoricalCrossentropyOptions, HuberOptions, SparseCategoricalCrossentropyOptions } from './functions.js';
import { Loss, LossFunctionWrapper, type LossOptions } from './loss.js';
import { BinaryCrossentropy, CategoricalCrossentropy, Huber, MeanAbsoluteError, MeanSquaredError, SparseCategoricalCrossentropy } from './losses.js';

export { Loss, LossFunctionWrapper, type LossFunction, type LossOptions } from './loss.js';
export { MeanSquaredError, MeanAbsoluteError, Huber, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy } from './losses.js';
export {
  meanSquaredError, meanAbsoluteError, huber, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy,
  type HuberOptions, type BinaryCrossentropyOptions, type CategoricalCrossentropyOptions, type SparseCategoricalCrossentropyOptions,
} from './functions.js';
export { squeezeOrExpandToSameRank, reduceWeightedValues, type Reduction } from './reduce.js';

/** The loss family: Keras' class names, with the function names and Keras' aliases ('mse', 'mae', 'bce'). */
export const registry = new ObjectRegistry<Loss>('loss', 'keras.losses', (v): v is Loss => v instanceof Loss);
registry.register('MeanSquaredError', (o) => new MeanSquaredError(o as LossOptions), ['mean_squared_error', 'mse', 'MSE']);
registry.register('MeanAbsoluteError', (o) => new MeanAbsoluteError(o as LossOptions), ['mean_absolute_error', 'mae', 'MAE']);
registry.register('Huber', (o) => new Huber(o as LossOptions & HuberOptions), ['huber', 'huber_loss']);
registry.register('BinaryCrossentropy', (o) => new BinaryCrossentropy(o as LossOptions & BinaryCrossentropyOptions), ['binary_crossentropy', 'bce', 'BCE']);
registry.register('CategoricalCrossentropy', (o) => new CategoricalCrossentropy(o as LossOptions & CategoricalCrossentropyOptions), ['categorical_crossentropy']);
registry.register(
  'SparseCategoricalCrossentropy',
  (o) => new SparseCategoricalCrossentropy(o as LossOptions & SparseCategoricalCrossentropyOptions),
  ['sparse_categorical_crossentropy'],
);

/** What `get` accepts: a Loss, a per-sample function, a name or a serialized loss. */
export type LossIdentifier = Loss | ((yTrue: Tensor, yPred: Tensor) => Tensor) | string | KerasObjectConfig;

/** Keras' `losses.serialize`: `{ module: 'keras.losses', class_name, config, registered_name }`. */
export function serialize(loss: Loss): KerasObjectConfig {
  return registry.serialize(loss)!;
}

/** Keras' `losses.deserialize`. */
export function deserialize(config: KerasObjectConfig): Loss {
  return registry.deserialize(config);
}

/**
 * Resolves a loss identifier to a Loss: an instance is returned as is; a class name, a
 * function name or an alias ('BinaryCrossentropy', 'binary_crossentropy', 'binaryCrossentropy',
 * 'bce') gives an instance with Keras' defaults; a per-sample function is wrapped in a
 * {@link LossFunctionWrapper}; a serialized loss is rebuilt.
 */
export function get(identifier: LossIdentifier): Loss {
  if (typeof identifier === 'function') return new LossFunctionWrapper(identifier, { name: identifier.name || 'loss' });
  const loss = registry.get(identifier);
  if (loss === null) throw new TypeError('Could not interpret loss identifier: null. Pass a Loss, a function, a name such as "mse", or a serialized loss.');
  return loss;
}
