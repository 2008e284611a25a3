/**
 * Dropout (Keras' `keras.random.dropout`).
 */
import { convertToTensor, fromTypedArray, type TensorLike } from '../create.js';
import { broadcastShapes, formatShape, sizeOf, shapesEqual } from '../shape.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { multiply } from '../ops/elementwise/arithmetic.js';
import { uniformSamples } from './samples.js';
import { drawSeed, type Seed } from './seed.js';

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** Shape of the keep/drop mask, broadcast over x; null entries take x's dimension (Keras' `noise_shape`). */
  noiseShape?: readonly (number | null)[] | null;
  seed?: Seed;
}

/** Resolves `noiseShape` against x's shape, checking that it broadcasts. */
function resolveNoiseShape(shape: readonly number[], noiseShape: readonly (number | null)[] | null | undefined): number[] {
  if (!noiseShape) return [...shape];
  const resolved = noiseShape.map((d, i) => d ?? shape[shape.length - noiseShape.length + i] ?? 1);
  const out = broadcastShapes(resolved, shape, 'dropout');
  if (!shapesEqual(out, shape)) {
    throw new RangeError(`dropout: noiseShape ${formatShape(noiseShape)} must broadcast to the input shape ${formatShape(shape)}.`);
  }
  return resolved;
}

/**
 * Zeroes each element with probability `rate` (0 <= rate < 1) and scales the kept ones
 * by 1 / (1 - rate), so the expected value is unchanged. The mask is drawn per element
 * of `noiseShape` (default x's shape) and broadcast. The gradient is the output
 * gradient times the same scaled mask (the op is `x * mask`, and the tape keeps the mask).
 */
export function dropout(x: TensorLike, rate: number, options: DropoutOptions = {}): Tensor {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout: rate must be in [0, 1), received ${rate}.`);
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'dropout');
    const noiseShape = resolveNoiseShape(t.shape, options.noiseShape);
    const keep = 1 - rate;
    const u = uniformSamples(drawSeed(options.seed, 'dropout'), sizeOf(noiseShape));
    return multiply(t, fromTypedArray(Float32Array.from(u, (v) => (v < keep ? 1 / keep : 0)), noiseShape, 'float32'));
  });
}
