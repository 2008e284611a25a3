/**
 * Repeating data: `tile` and `repeat`, built from zero-copy reshapes around
 * `broadcastTo` (or a gather for per-element repeat counts), so their gradients come for free.
 */
import { convertToTensor, tensor, type TensorLike } from '../../create.js';
import { tidy } from '../../memory.js';
import { formatShape, normalizeAxis, padShape } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { broadcastTo } from './broadcast.js';
import { take } from './gather.js';
import { ravel, reshape } from './reshape.js';

function checkCounts(counts: readonly number[], name: string): void {
  if (counts.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new RangeError(`${name}: repeat counts must be non-negative integers, received ${JSON.stringify(counts)}.`);
  }
}

/**
 * Repeats `x` `repeats[i]` times along axis i (NumPy's `tile`): a shorter `repeats` is
 * padded with 1s on the left, a longer one adds leading axes to `x`.
 */
export function tile(x: TensorLike, repeats: number | readonly number[]): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'tile');
    const reps = typeof repeats === 'number' ? [repeats] : [...repeats];
    checkCounts(reps, 'tile');
    const rank = Math.max(t.rank, reps.length);
    const dims = padShape(t.shape, rank);
    const counts = padShape(reps, rank);
    const interleaved = reshape(t, dims.flatMap((d) => [1, d]));
    const repeated = broadcastTo(interleaved, dims.flatMap((d, i) => [counts[i]!, d]));
    return reshape(repeated, dims.map((d, i) => d * counts[i]!));
  });
}

/**
 * Repeats each element of `x` along `axis` (flattening `x` first when `axis` is undefined):
 * `repeats` is one count for all elements or one count per element of the axis.
 */
export function repeat(x: TensorLike, repeats: number | readonly number[], options: { axis?: number } = {}): Tensor {
  return tidy(() => {
    let t = convertToTensor(x, undefined, 'repeat');
    if (options.axis === undefined) t = ravel(t);
    const axis = normalizeAxis(options.axis ?? 0, t.rank, 'repeat');
    const dim = t.shape[axis]!;
    const counts = typeof repeats === 'number' ? [repeats] : [...repeats];
    checkCounts(counts, 'repeat');
    if (counts.length === 1) {
      const r = counts[0]!;
      const before = t.shape.slice(0, axis + 1);
      const after = t.shape.slice(axis + 1);
      const repeated = broadcastTo(reshape(t, [...before, 1, ...after]), [...before, r, ...after]);
      return reshape(repeated, t.shape.map((d, i) => (i === axis ? d * r : d)));
    }
    if (counts.length !== dim) {
      throw new RangeError(`repeat: ${counts.length} repeat counts for axis ${axis} of size ${dim} (shape ${formatShape(t.shape)}); give one count or one per element.`);
    }
    const indices = counts.flatMap((r, i) => new Array<number>(r).fill(i));
    return take(t, tensor(Int32Array.from(indices)), { axis });
  });
}
