/**
 * The Initializer base class: a callable that makes the initial value of a weight.
 */
import { random, type DType, type Shape, type Tensor } from '@keras/core';
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

/** Options of initializers whose only argument is a seed; the others extend it. */
export interface SeedOptions {
  /** An integer seed; with one, every call makes the same values. */
  seed?: number | null;
}

/** A seed as initializers keep it: the one given (serialized), and the one used (random when none was given). */
export interface InitializerSeed {
  /** The seed passed to the constructor, or null (what `getConfig` reports). */
  readonly given: number | null;
  /** The seed used for every call: Keras draws one at construction when none is given, so one instance always makes the same values. */
  readonly used: number;
}

/**
 * Resolves an optional integer seed as Keras 3 initializers do: without one, a seed is
 * drawn from core's global generator (`make_default_seed`, fixed by `setRandomSeed`).
 */
function initializerSeed(seed: number | null | undefined, className: string): InitializerSeed {
  if (seed === null || seed === undefined) return { given: null, used: random.makeDefaultSeed() };
  if (!Number.isSafeInteger(seed)) throw new TypeError(`${className}: seed must be an integer or null, received ${seed}.`);
  return { given: seed, used: seed };
}

/**
 * An initializer of random float32 values. It keeps one seed for its lifetime, as
 * Keras' seeded initializers do, so one instance always makes the same values.
 */
export abstract class RandomInitializer extends Initializer {
  /** The seed given (reported by `getConfig`) and the seed used. */
  protected readonly seed: InitializerSeed;

  /** Resolves `seed` (drawn from the global generator when null or absent). */
  constructor(seed: number | null | undefined) {
    super();
    this.seed = initializerSeed(seed, this.className);
  }

  /** Samples of `shape`; only float32 is supported. */
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    if (dtype !== 'float32') throw new TypeError(`${this.className}: random initializers make float32 values, received dtype ${dtype}. Use Zeros, Ones or Constant for integer weights.`);
    return this.sample(shape, this.seed.used);
  }

  /** float32 samples of `shape` drawn with `seed`. */
  protected abstract sample(shape: Shape, seed: number): Tensor;
}
