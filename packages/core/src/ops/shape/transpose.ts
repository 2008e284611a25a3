/**
 * Permuting axes: `transpose`, `moveaxis`, `swapaxes`.
 */
import { convertToTensor, empty, type TensorLike } from '../../create.js';
import { kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { normalizeAxis } from '../../shape.js';
import { record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { reshape } from './reshape.js';

/** Checks that `axes` is a permutation of the axes of a rank-`rank` tensor; returns it non-negative. */
function checkPermutation(axes: readonly number[], rank: number, name: string): number[] {
  const perm = axes.map((a) => normalizeAxis(a, rank, name));
  if (perm.length !== rank || new Set(perm).size !== rank) {
    throw new RangeError(`${name}: axes ${JSON.stringify(axes)} are not a permutation of the ${rank} axes of the tensor.`);
  }
  return perm;
}

/** Permutes the axes of a tensor (already validated); a permutation that keeps the order of non-unit axes is a zero-copy reshape. */
function permute(t: Tensor, perm: readonly number[]): Tensor {
  const outShape = perm.map((p) => t.shape[p]!);
  const moved = perm.filter((p) => t.shape[p] !== 1);
  if (moved.every((p, i) => i === 0 || p > moved[i - 1]!)) return reshape(t, outShape);
  const y = empty(outShape, t.dtype);
  if (y.size > 0) kernel('transpose')({ x: t.dataId, out: y.dataId, shape: t.shape, perm, dtype: t.dtype });
  if (t.dtype === 'float32') {
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    record('transpose', [t], y, (dy) => [permute(dy, inverse)]);
  }
  return y;
}

/** Permutes the axes of `x`: output axis i is input axis `axes[i]`; reverses them when `axes` is undefined (Keras' default). */
export function transpose(x: TensorLike, axes?: readonly number[]): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'transpose');
    const perm = axes === undefined ? t.shape.map((_, i) => t.rank - 1 - i) : checkPermutation(axes, t.rank, 'transpose');
    return permute(t, perm);
  });
}

/** Moves axes `source` to positions `destination` (numbers or equal-length lists), keeping the others in order. */
export function moveaxis(x: TensorLike, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'moveaxis');
    const src = (typeof source === 'number' ? [source] : [...source]).map((a) => normalizeAxis(a, t.rank, 'moveaxis'));
    const dst = (typeof destination === 'number' ? [destination] : [...destination]).map((a) => normalizeAxis(a, t.rank, 'moveaxis'));
    if (src.length !== dst.length || new Set(src).size !== src.length || new Set(dst).size !== dst.length) {
      throw new RangeError(`moveaxis: source ${JSON.stringify(source)} and destination ${JSON.stringify(destination)} must be lists of distinct axes of equal length.`);
    }
    const rest = t.shape.map((_, i) => i).filter((i) => !src.includes(i));
    const perm = new Array<number>(t.rank);
    dst.forEach((d, i) => (perm[d] = src[i]!));
    for (let i = 0; i < t.rank; i++) if (perm[i] === undefined) perm[i] = rest.shift()!;
    return permute(t, perm);
  });
}

/** Swaps two axes of `x`. */
export function swapaxes(x: TensorLike, axis1: number, axis2: number): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'swapaxes');
    const a = normalizeAxis(axis1, t.rank, 'swapaxes');
    const b = normalizeAxis(axis2, t.rank, 'swapaxes');
    const perm = t.shape.map((_, i) => (i === a ? b : i === b ? a : i));
    return permute(t, perm);
  });
}
