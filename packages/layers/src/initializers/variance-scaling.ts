/**
 * VarianceScaling and its named forms: Glorot (Xavier), He and LeCun, uniform and normal.
 */
import { random, type Shape, type Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { RandomInitializer, type SeedOptions } from './initializer.js';

/** Which fan the variance is scaled by. */
export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';

/** The distribution samples come from ('normal' is an alias of 'truncated_normal', as in Keras). */
export type ScalingDistribution = 'truncated_normal' | 'untruncated_normal' | 'uniform' | 'normal';

/** Options of {@link VarianceScaling}. */
export interface VarianceScalingOptions extends SeedOptions {
  /** Scaling factor (positive); default 1. */
  scale?: number;
  /** 'fan_in' (default), 'fan_out' or 'fan_avg'. */
  mode?: FanMode;
  /** 'truncated_normal' (default), 'untruncated_normal' or 'uniform'. */
  distribution?: ScalingDistribution;
}

/**
 * Keras' `compute_fans`: for a dense kernel (in, out); for a convolution kernel
 * (..., in, out) both fans are multiplied by the receptive field size.
 */
export function computeFans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

/** Stddev of a standard normal truncated to [-2, 2], used to correct truncated samples (Keras' constant). */
const TRUNCATED_STDDEV = 0.87962566103423978;

/** Samples whose variance is `scale / fan` (Keras' `VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")`). */
export class VarianceScaling extends RandomInitializer {
  static override readonly className: string = 'VarianceScaling';
  /** Scaling factor. */
  readonly scale: number;
  /** Which fan divides the scale. */
  readonly mode: FanMode;
  /** The sampling distribution. */
  readonly distribution: Exclude<ScalingDistribution, 'normal'>;

  /** `new VarianceScaling({ scale: 2, mode: 'fan_in', distribution: 'uniform' })`. */
  constructor(options: VarianceScalingOptions = {}) {
    super(options.seed);
    const { scale = 1, mode = 'fan_in', distribution = 'truncated_normal' } = options;
    if (!(scale > 0)) throw new RangeError(`${this.className}: scale must be a positive number, received ${scale}.`);
    if (!['fan_in', 'fan_out', 'fan_avg'].includes(mode)) throw new RangeError(`${this.className}: mode must be 'fan_in', 'fan_out' or 'fan_avg', received '${mode}'.`);
    if (!['truncated_normal', 'untruncated_normal', 'uniform', 'normal'].includes(distribution)) {
      throw new RangeError(`${this.className}: distribution must be 'truncated_normal', 'untruncated_normal' or 'uniform', received '${distribution}'.`);
    }
    this.scale = scale;
    this.mode = mode;
    this.distribution = distribution === 'normal' ? 'truncated_normal' : distribution;
  }

  /** Samples of `shape` with variance scale / fan. */
  protected sample(shape: Shape, seed: number): Tensor {
    const { fanIn, fanOut } = computeFans(shape);
    const fan = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, fan);
    if (this.distribution === 'truncated_normal') return random.truncatedNormal(shape, { stddev: Math.sqrt(variance) / TRUNCATED_STDDEV, seed });
    if (this.distribution === 'untruncated_normal') return random.normal(shape, { stddev: Math.sqrt(variance), seed });
    const limit = Math.sqrt(3 * variance);
    return random.uniform(shape, { minval: -limit, maxval: limit, seed });
  }

  /** `{ scale, mode, distribution, seed }`. */
  getConfig(): JsonObject {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed.given };
  }
}

/** A named VarianceScaling whose config is only `{ seed }`, as Keras serializes GlorotUniform and friends. */
abstract class NamedVarianceScaling extends VarianceScaling {
  /** `{ seed }`. */
  override getConfig(): JsonObject {
    return { seed: this.seed.given };
  }
}

/** Glorot (Xavier) uniform: limit sqrt(6 / (fanIn + fanOut)). The default kernel initializer. */
export class GlorotUniform extends NamedVarianceScaling {
  static override readonly className: string = 'GlorotUniform';
  /** `new GlorotUniform({ seed })`. */
  constructor(options: SeedOptions = {}) {
    super({ scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: options.seed ?? null });
  }
}

/** Glorot (Xavier) normal: truncated normal with stddev sqrt(2 / (fanIn + fanOut)). */
export class GlorotNormal extends NamedVarianceScaling {
  static override readonly className: string = 'GlorotNormal';
  /** `new GlorotNormal({ seed })`. */
  constructor(options: SeedOptions = {}) {
    super({ scale: 1, mode: 'fan_avg', distribution: 'truncated_normal', seed: options.seed ?? null });
  }
}

/** He uniform: limit sqrt(6 / fanIn). */
export class HeUniform extends NamedVarianceScaling {
  static override readonly className: string = 'HeUniform';
  /** `new HeUniform({ seed })`. */
  constructor(options: SeedOptions = {}) {
    super({ scale: 2, mode: 'fan_in', distribution: 'uniform', seed: options.seed ?? null });
  }
}

/** He normal: truncated normal with stddev sqrt(2 / fanIn). */
export class HeNormal extends NamedVarianceScaling {
  static override readonly className: string = 'HeNormal';
  /** `new HeNormal({ seed })`. */
  constructor(options: SeedOptions = {}) {
    super({ scale: 2, mode: 'fan_in', distribution: 'truncated_normal', seed: options.seed ?? null });
  }
}

/** LeCun uniform: limit sqrt(3 / fanIn). */
export class LecunUniform extends NamedVarianceScaling {
  static override readonly className: string = 'LecunUniform';
  /** `new LecunUniform({ seed })`. */
  constructor(options: SeedOptions = {}) {
    super({ scale: 1, mode: 'fan_in', distribution: 'uniform', seed: options.seed ?? null });
  }
}

/** LeCun normal: truncated normal with stddev sqrt(1 / fanIn). */
export class LecunNormal extends NamedVarianceScaling {
  static override readonly className: string = 'LecunNormal';
  /** `new LecunNormal({ seed })`. */
  constructor(options: SeedOptions = {}) {
    super({ scale: 1, mode: 'fan_in', distribution: 'truncated_normal', seed: options.seed ?? null });
  }
}
