/**
 * `regularizers`: Keras 3's weight penalties by name (`'l1'`, `'l2'`, `'l1_l2'`),
 * instance or serialized config.
 */
import type { KerasObjectConfig } from '../serialization/json.js';
import { ObjectRegistry } from '../serialization/object-registry.js';
import { L1, L1L2, L2, Regularizer } from './regularizer.js';

export { Regularizer, L1, L2, L1L2 } from './regularizer.js';

/** What `get` accepts: a name, an instance, a serialized config, or nothing. */
export type RegularizerIdentifier = string | Regularizer | KerasObjectConfig | null | undefined;

/** The regularizer family, with Keras' names. */
export const registry = new ObjectRegistry<Regularizer>('regularizer', 'keras.regularizers', (v): v is Regularizer => v instanceof Regularizer);
registry.register('L1', (o) => new L1(o['l1'] as number | undefined), ['l1']);
registry.register('L2', (o) => new L2(o['l2'] as number | undefined), ['l2']);
registry.register('L1L2', (o) => new L1L2(o['l1'] as number | undefined, o['l2'] as number | undefined), ['l1_l2']);

/** Keras' `regularizers.get`: a Regularizer from a name, instance or config (null for null). */
export function get(identifier: RegularizerIdentifier): Regularizer | null {
  return registry.get(identifier);
}

/** Keras' `regularizers.serialize`. */
export function serialize(regularizer: Regularizer): KerasObjectConfig;
export function serialize(regularizer: Regularizer | null): KerasObjectConfig | null;
export function serialize(regularizer: Regularizer | null): KerasObjectConfig | null {
  return registry.serialize(regularizer);
}

/** Keras' `regularizers.deserialize`. */
export function deserialize(config: KerasObjectConfig): Regularizer {
  return registry.deserialize(config);
}
