/**
 * Shuffling along an axis (Keras' `keras.random.shuffle`).
 */
import { convertToTensor, fromTypedArray, type TensorLike } from '../create.js';
import { normalizeAxis } from '../shape.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { take } from '../ops/shape/index.js';
import { randomWords } from './philox.js';
import { unitDouble } from './samples.js';
import { drawSeed, type Seed, type SeedState } from './seed.js';

/** A permutation of 0..n-1 for `key` (Fisher-Yates; step i draws from words 2i and 2i+1). */
function permute(n: number, key: SeedState): Int32Array {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const words = randomWords(key, 2 * n);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(unitDouble(words[2 * i]!, words[2 * i + 1]!) * (i + 1));
    const tmp = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = tmp;
  }
  return perm;
}

/**
 * A random permutation of 0..n-1 on the host (NumPy's `permutation`); the same seed
 * gives the same order on every backend and runtime.
 */
export function permutation(n: number, seed?: Seed): Int32Array {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`permutation: n must be a non-negative integer, received ${n}.`);
  return permute(n, drawSeed(seed, 'permutation'));
}

/** Shuffles `x` along `axis` (default 0): the slices are permuted, each kept whole. Gradients flow back through the permutation. */
export function shuffle(x: TensorLike, options: { axis?: number; seed?: Seed } = {}): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'shuffle');
    if (t.rank === 0) throw new RangeError('shuffle: cannot shuffle a scalar; the input needs at least one axis.');
    const axis = normalizeAxis(options.axis ?? 0, t.rank, 'shuffle');
    const n = t.shape[axis]!;
    return take(t, fromTypedArray(permute(n, drawSeed(options.seed, 'shuffle')), [n], 'int32'), { axis });
  });
}
