/**
 * Dropout: randomly zeroes inputs during training, scaling the rest by 1 / (1 - rate).
 */
import { random, type Tensor } from '@keras/core';
import type { SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type CallOptions, type LayerOptions } from '../../engine/layer.js';
import { optionsFromConfig } from '../../serialization/layer-options.js';
import type { JsonObject } from '../../serialization/json.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions extends LayerOptions {
  /** Shape of the keep/drop mask, broadcast over the input; null entries take the input's size. */
  noiseShape?: readonly (number | null)[] | null;
  /** An integer seed for reproducible masks. */
  seed?: number | null;
}

/** `new Dropout(0.5)`: identity at inference; in training, zeroes each value with probability `rate`. */
export class Dropout extends Layer {
  static override readonly className: string = 'Dropout';
  /** Fraction of the inputs to drop, in [0, 1]. */
  readonly rate: number;
  /** Mask shape, or null for the input's shape. */
  readonly noiseShape: readonly (number | null)[] | null;
  /** The seed given, or null. */
  readonly seed: number | null;
  private readonly seedGenerator: random.SeedGenerator;

  /** `new Dropout(rate, options)`. */
  constructor(rate: number, options: DropoutOptions = {}) {
    super(options);
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new RangeError(`Dropout: invalid value received for argument rate. Expected a float value between 0 and 1. Received: rate=${String(rate)}.`);
    }
    this.rate = rate;
    this.noiseShape = options.noiseShape ?? null;
    this.seed = options.seed ?? null;
    this.seedGenerator = new random.SeedGenerator(this.seed ?? undefined);
  }

  /** Drops in training mode; returns the inputs unchanged otherwise. */
  call(inputs: Tensor, options: CallOptions): Tensor {
    if (!options.training || this.rate === 0) return inputs;
    return random.dropout(inputs, this.rate, { noiseShape: this.noiseShape, seed: this.seedGenerator });
  }

  /** Unchanged. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  /** `{ ..., rate, seed, noise_shape }`. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noise_shape: this.noiseShape ? [...this.noiseShape] : null };
  }

  /** A Dropout layer from its config. */
  static override fromConfig(config: JsonObject): Dropout {
    return new Dropout(config['rate'] as number, optionsFromConfig(config, 'Dropout') as DropoutOptions);
  }
}
