/**
 * Initializers drawing from fixed distributions: RandomNormal, RandomUniform, TruncatedNormal.
 */
import { random, type DType, type Shape, type Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { checkFloat, Initializer, initializerSeed, type InitializerSeed } from './initializer.js';

/** Options of {@link RandomNormal} and {@link TruncatedNormal}. */
export interface NormalInitializerOptions {
  /** Mean; default 0. */
  mean?: number;
  /** Standard deviation; default 0.05. */
  stddev?: number;
  /** An integer seed; with one, every call makes the same values. */
  seed?: number | null;
}

/** Normal samples (Keras' `RandomNormal(mean=0.0, stddev=0.05, seed=None)`). */
export class RandomNormal extends Initializer {
  static override readonly className: string = 'RandomNormal';
  /** Mean of the distribution. */
  readonly mean: number;
  /** Standard deviation of the distribution. */
  readonly stddev: number;
  protected readonly seed: InitializerSeed;

  /** `new RandomNormal({ mean: 0, stddev: 0.05, seed: 1 })`. */
  constructor(options: NormalInitializerOptions = {}) {
    super();
    this.mean = options.mean ?? 0;
    this.stddev = options.stddev ?? 0.05;
    this.seed = initializerSeed(options.seed, this.className);
  }

  /** Samples of `shape`. */
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    checkFloat(dtype, this.className);
    return random.normal(shape, { mean: this.mean, stddev: this.stddev, seed: this.seed.used });
  }

  /** `{ mean, stddev, seed }`. */
  getConfig(): JsonObject {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed.given };
  }
}

/** Normal samples redrawn beyond two standard deviations (Keras' `TruncatedNormal(mean=0.0, stddev=0.05, seed=None)`). */
export class TruncatedNormal extends RandomNormal {
  static override readonly className: string = 'TruncatedNormal';

  /** Samples of `shape`. */
  override call(shape: Shape, dtype: DType = 'float32'): Tensor {
    checkFloat(dtype, this.className);
    return random.truncatedNormal(shape, { mean: this.mean, stddev: this.stddev, seed: this.seed.used });
  }
}

/** Options of {@link RandomUniform}. */
export interface UniformInitializerOptions {
  /** Lower bound; default -0.05. */
  minval?: number;
  /** Upper bound; default 0.05. */
  maxval?: number;
  /** An integer seed; with one, every call makes the same values. */
  seed?: number | null;
}

/** Uniform samples (Keras' `RandomUniform(minval=-0.05, maxval=0.05, seed=None)`). */
export class RandomUniform extends Initializer {
  static override readonly className: string = 'RandomUniform';
  /** Lower bound. */
  readonly minval: number;
  /** Upper bound. */
  readonly maxval: number;
  private readonly seed: InitializerSeed;

  /** `new RandomUniform({ minval: -0.05, maxval: 0.05, seed: 1 })`. */
  constructor(options: UniformInitializerOptions = {}) {
    super();
    this.minval = options.minval ?? -0.05;
    this.maxval = options.maxval ?? 0.05;
    this.seed = initializerSeed(options.seed, this.className);
  }

  /** Samples of `shape`. */
  call(shape: Shape, dtype: DType = 'float32'): Tensor {
    checkFloat(dtype, this.className);
    return random.uniform(shape, { minval: this.minval, maxval: this.maxval, seed: this.seed.used });
  }

  /** `{ minval, maxval, seed }`. */
  getConfig(): JsonObject {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed.given };
  }
}
