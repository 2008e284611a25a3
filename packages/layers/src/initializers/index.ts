/**
 * `initializers`: Keras 3's weight initializers, by name (`'glorot_uniform'`,
 * `'glorotUniform'`, `'GlorotUniform'`), instance or serialized config.
 */
import type { KerasObjectConfig } from '../serialization/json.js';
import { ObjectRegistry } from '../serialization/object-registry.js';
import { Constant, Ones, Zeros, type ConstantOptions } from './constant.js';
import { Initializer, type SeedOptions } from './initializer.js';
import { Orthogonal, type OrthogonalOptions } from './orthogonal.js';
import { RandomNormal, RandomUniform, TruncatedNormal, type NormalInitializerOptions, type UniformInitializerOptions } from './random.js';
import {
  GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform, VarianceScaling,
  type VarianceScalingOptions,
} from './variance-scaling.js';

export { Initializer, type SeedOptions } from './initializer.js';
export { Constant, Ones, Zeros, type ConstantOptions } from './constant.js';
export { RandomNormal, RandomUniform, TruncatedNormal, type NormalInitializerOptions, type UniformInitializerOptions } from './random.js';
export {
  VarianceScaling, GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform, computeFans,
  type FanMode, type ScalingDistribution, type VarianceScalingOptions,
} from './variance-scaling.js';
export { Orthogonal, type OrthogonalOptions } from './orthogonal.js';

/** What `get` accepts: a name, an instance, a serialized config, or nothing. */
export type InitializerIdentifier = string | Initializer | KerasObjectConfig | null | undefined;

/** The initializer family, with Keras' names and aliases. */
export const registry = new ObjectRegistry<Initializer>('initializer', 'keras.initializers', (v): v is Initializer => v instanceof Initializer);
registry.register('Zeros', () => new Zeros(), ['zeros', 'zero']);
registry.register('Ones', () => new Ones(), ['ones', 'one']);
registry.register('Constant', (o) => new Constant(o as ConstantOptions), ['constant']);
registry.register('RandomNormal', (o) => new RandomNormal(o as NormalInitializerOptions), ['random_normal', 'normal']);
registry.register('RandomUniform', (o) => new RandomUniform(o as UniformInitializerOptions), ['random_uniform', 'uniform']);
registry.register('TruncatedNormal', (o) => new TruncatedNormal(o as NormalInitializerOptions), ['truncated_normal']);
registry.register('VarianceScaling', (o) => new VarianceScaling(o as VarianceScalingOptions), ['variance_scaling']);
registry.register('GlorotUniform', (o) => new GlorotUniform(o as SeedOptions), ['glorot_uniform']);
registry.register('GlorotNormal', (o) => new GlorotNormal(o as SeedOptions), ['glorot_normal']);
registry.register('HeUniform', (o) => new HeUniform(o as SeedOptions), ['he_uniform']);
registry.register('HeNormal', (o) => new HeNormal(o as SeedOptions), ['he_normal']);
registry.register('LecunUniform', (o) => new LecunUniform(o as SeedOptions), ['lecun_uniform']);
registry.register('LecunNormal', (o) => new LecunNormal(o as SeedOptions), ['lecun_normal']);
registry.register('Orthogonal', (o) => new Orthogonal(o as OrthogonalOptions), ['orthogonal', 'OrthogonalInitializer']);

/** Keras' `initializers.get`: an Initializer from a name, instance or config (null for null). */
export function get(identifier: InitializerIdentifier): Initializer | null {
  return registry.get(identifier);
}

/** Keras' `initializers.serialize`: `{ module: 'keras.initializers', class_name, config, registered_name }`. */
export function serialize(initializer: Initializer): KerasObjectConfig;
export function serialize(initializer: Initializer | null): KerasObjectConfig | null;
export function serialize(initializer: Initializer | null): KerasObjectConfig | null {
  return registry.serialize(initializer);
}

/** Keras' `initializers.deserialize`. */
export function deserialize(config: KerasObjectConfig): Initializer {
  return registry.deserialize(config);
}
