/**
 * The Initializer base class: a callable that makes the initial value of a weight.
 */
import type { DType, Shape, Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';

/** Makes initial weight values: `initializer.call([3, 4])`. */
export abstract class Initializer {
  /** The Keras class name, used by `serialize` (kept explicit so minified bundles serialize correctly). */
  static readonly className: string = 'Initializer';

  /** A new tensor of `shape` and `dtype` (float32 by default). */
  abstract call(shape: Shape, dtype?: DType): Tensor;

  /** Keras' `get_config()`: the constructor arguments as snake_case JSON. */
  abstract getConfig(): JsonObject;

  /** The Keras class name of this initializer. */
  get className(): string {
    return (this.constructor as typeof Initializer).className;
  }
}

/** A seed as initializers keep it: the one given (serialized), and the one used (random when none was given). */
export interface InitializerSeed {
  /** The seed passed to the constructor, or null (what `getConfig` reports). */
  readonly given: number | null;
  /** The seed used for every call: Keras draws one at construction when none is given, so one instance always makes the same values. */
  readonly used: number;
}

/** Resolves an optional integer seed as Keras 3 initializers do (`make_default_seed` when none). */
export function initializerSeed(seed: number | null | undefined, className: string): InitializerSeed {
  if (seed === null || seed === undefined) return { given: null, used: Math.floor(Math.random() * 2 ** 31) };
  if (!Number.isSafeInteger(seed)) throw new TypeError(`${className}: seed must be an integer or null, received ${seed}.`);
  return { given: seed, used: seed };
}

/** Checks that random initializers make float32 values. */
export function checkFloat(dtype: DType, className: string): void {
  if (dtype !== 'float32') throw new TypeError(`${className}: random initializers make float32 values, received dtype ${dtype}. Use Zeros, Ones or Constant for integer weights.`);
}
