/**
 * Optimizers (Keras' `keras.optimizers`): classes, schedules, and lookup by name or config.
 */
import type { KerasObjectConfig } from '../serialization/json.js';
import { isKerasObjectConfig } from '../serialization/json.js';
import { ObjectRegistry } from '../serialization/object-registry.js';
import { Adagrad, type AdagradOptions } from './adagrad.js';
import { Adam, type AdamOptions } from './adam.js';
import { Adamax, type AdamaxOptions } from './adamax.js';
import { AdamW } from './adamw.js';
import { Nadam, type NadamOptions } from './nadam.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';
import { RMSprop, type RMSpropOptions } from './rmsprop.js';
import { deserialize as deserializeSchedule } from './schedules/index.js';
import { SGD, type SGDOptions } from './sgd.js';

export { Optimizer, type OptimizerOptions } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, type AdamOptions } from './adam.js';
export { AdamW } from './adamw.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { Adamax, type AdamaxOptions } from './adamax.js';
export { Nadam, type NadamOptions } from './nadam.js';
export * as schedules from './schedules/index.js';

/** Constructor options from a deserialized config, with a serialized learning-rate schedule rebuilt. */
function withSchedule<T extends OptimizerOptions>(options: Record<string, unknown>): T {
  const lr = options['learningRate'];
  return (isKerasObjectConfig(lr) ? { ...options, learningRate: deserializeSchedule(lr) } : options) as T;
}

/** The optimizer family, with Keras' class names and lower-case aliases. */
export const registry = new ObjectRegistry<Optimizer>('optimizer', 'keras.optimizers', (v): v is Optimizer => v instanceof Optimizer);
registry.register('SGD', (o) => new SGD(withSchedule<SGDOptions>(o)), ['sgd']);
registry.register('Adam', (o) => new Adam(withSchedule<AdamOptions>(o)), ['adam']);
registry.register('AdamW', (o) => new AdamW(withSchedule<AdamOptions>(o)), ['adamw', 'adam_w']);
registry.register('RMSprop', (o) => new RMSprop(withSchedule<RMSpropOptions>(o)), ['rmsprop', 'rms_prop']);
registry.register('Adagrad', (o) => new Adagrad(withSchedule<AdagradOptions>(o)), ['adagrad']);
registry.register('Adamax', (o) => new Adamax(withSchedule<AdamaxOptions>(o)), ['adamax']);
registry.register('Nadam', (o) => new Nadam(withSchedule<NadamOptions>(o)), ['nadam']);

/** What `get` accepts: an optimizer, a name ('adam', 'sgd', 'RMSprop'...) or a serialized optimizer. */
export type OptimizerIdentifier = Optimizer | string | KerasObjectConfig;

/** Keras' `optimizers.serialize`: `{ module: 'keras.optimizers', class_name, config, registered_name }`. */
export function serialize(optimizer: Optimizer): KerasObjectConfig {
  return registry.serialize(optimizer)!;
}

/** Keras' `optimizers.deserialize`. */
export function deserialize(config: KerasObjectConfig): Optimizer {
  return registry.deserialize(config);
}

/**
 * Keras' `optimizers.get`: an instance is returned as is, a name gives a new optimizer
 * with Keras' defaults, a serialized optimizer is rebuilt.
 */
export function get(identifier: OptimizerIdentifier): Optimizer {
  const optimizer = registry.get(identifier);
  if (optimizer === null) throw new TypeError('Could not interpret optimizer identifier: null. Pass an Optimizer, a name such as "adam", or a serialized optimizer.');
  return optimizer;
}
