/**
 * Initializers drawing from fixed distributions: RandomNormal, RandomUniform, TruncatedNormal.
 */
import { random, type Shape, type Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { RandomInitializer, type SeedOptions } from './initializer.js';

/** Options of {@link RandomNormal} and {@link TruncatedNormal}. */
export interface NormalInitializerOptions extends SeedOptions {
  /** Mean; default 0. */
  mean?: number;
  /** Standard deviation; default 0.05. */
  stddev?: number;
}

/** Normal samples (Keras' `RandomNormal(mean=0.0, stddev=0.05, seed=None)`). */
export class RandomNormal extends RandomInitializer {
  static override readonly className: string = 'RandomNormal';
  /** Mean of the distribution. */
  readonly mean: number;
  /** Standard deviation of the distribution. */
  readonly stddev: number;

  /** `new RandomNormal({ mean: 0, stddev: 0.05, seed: 1 })`. */
  constructor(options: NormalInitializerOptions = {}) {
    super(options.seed);
    this.mean = options.mean ?? 0;
    this.stddev = options.stddev ?? 0.05;
  }

  /** Normal samples of `shape`. */
  protected sample(shape: Shape, seed: number): Tensor {
    return random.normal(shape, { mean: this.mean, stddev: this.stddev, seed });
  }

  /** `{ mean, stddev, seed }`. */
  getConfig(): JsonObject {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed.given };
  }
}

/** Normal samples redrawn beyond two standard deviations (Keras' `TruncatedNormal(mean=0.0, stddev=0.05, seed=None)`). */
export class TruncatedNormal extends RandomNormal {
  static override readonly className: string = 'TruncatedNormal';

  /** Truncated normal samples of `shape`. */
  protected override sample(shape: Shape, seed: number): Tensor {
    return random.truncatedNormal(shape, { mean: this.mean, stddev: this.stddev, seed });
  }
}

/** Options of {@link RandomUniform}. */
export interface UniformInitializerOptions extends SeedOptions {
  /** Lower bound; default -0.05. */
  minval?: number;
  /** Upper bound; default 0.05. */
  maxval?: number;
}

/** Uniform samples (Keras' `RandomUniform(minval=-0.05, maxval=0.05, seed=None)`). */
export class RandomUniform extends RandomInitializer {
  static override readonly className: string = 'RandomUniform';
  /** Lower bound. */
  readonly minval: number;
  /** Upper bound. */
  readonly maxval: number;

  /** `new RandomUniform({ minval: -0.05, maxval: 0.05, seed: 1 })`. */
  constructor(options: UniformInitializerOptions = {}) {
    super(options.seed);
    this.minval = options.minval ?? -0.05;
    this.maxval = options.maxval ?? 0.05;
  }

  /** Uniform samples of `shape`. */
  protected sample(shape: Shape, seed: number): Tensor {
    return random.uniform(shape, { minval: this.minval, maxval: this.maxval, seed });
  }

  /** `{ minval, maxval, seed }`. */
  getConfig(): JsonObject {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed.given };
  }
}
