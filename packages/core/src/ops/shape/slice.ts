/**
 * Reading sub-tensors: `slice`, `split`, `flip`, and the strided slice they share.
 */
import { convertToTensor, empty, type TensorLike } from '../../create.js';
import { kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { formatShape, normalizeAxes, normalizeAxis, shapesEqual } from '../../shape.js';
import { record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { pad } from './pad.js';
import { reshape } from './reshape.js';

/**
 * out[i] = x[begin + i * step] per axis, with steps of +1 or -1 (already validated).
 * The gradient flips the reversed axes of dy back and pads it into place.
 */
export function stridedSlice(x: Tensor, begin: readonly number[], step: readonly (1 | -1)[], outShape: readonly number[]): Tensor {
  if (step.every((s) => s === 1) && shapesEqual(outShape, x.shape)) return reshape(x, outShape);
  const y = empty(outShape, x.dtype);
  if (y.size > 0) kernel('slice')({ x: x.dataId, out: y.dataId, shape: x.shape, begin, step, outShape, dtype: x.dtype });
  if (x.dtype === 'float32') {
    record('slice', [x], y, (dy) => {
      const low = begin.map((b, i) => (step[i] === 1 ? b : b - outShape[i]! + 1));
      const unflipped = step.every((s) => s === 1) ? dy : stridedSlice(dy, step.map((s, i) => (s === 1 ? 0 : outShape[i]! - 1)), step, outShape);
      return [pad(unflipped, low.map((l, i) => [l, x.shape[i]! - l - outShape[i]!] as [number, number]))];
    });
  }
  return y;
}

/** The block of `x` starting at `startIndices` with shape `shape` (Keras' `ops.slice`); it must lie inside `x`. */
export function slice(x: TensorLike, startIndices: readonly number[], shape: readonly number[]): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'slice');
    const inside = startIndices.length === t.rank && shape.length === t.rank &&
      t.shape.every((d, i) => Number.isInteger(startIndices[i]) && Number.isInteger(shape[i]) && startIndices[i]! >= 0 && shape[i]! >= 0 && startIndices[i]! + shape[i]! <= d);
    if (!inside) {
      throw new RangeError(
        `slice: start ${formatShape(startIndices)} with shape ${formatShape(shape)} does not lie inside a tensor of shape ${formatShape(t.shape)} ` +
          `(give one non-negative start and size per axis, with start + size <= dimension).`,
      );
    }
    return stridedSlice(t, startIndices, shape.map(() => 1), shape);
  });
}

/**
 * Splits `x` along `axis` (default 0) into `indicesOrSections` equal parts (which must
 * divide the axis), or at the given increasing indices (NumPy's `split`).
 */
export function split(x: TensorLike, indicesOrSections: number | readonly number[], options: { axis?: number } = {}): Tensor[] {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'split');
    if (t.rank === 0) throw new RangeError('split: cannot split a scalar.');
    const axis = normalizeAxis(options.axis ?? 0, t.rank, 'split');
    const dim = t.shape[axis]!;
    let cuts: number[];
    if (typeof indicesOrSections === 'number') {
      const n = indicesOrSections;
      if (!Number.isInteger(n) || n <= 0 || dim % n !== 0) {
        throw new RangeError(`split: ${n} sections do not divide axis ${axis} of size ${dim} (shape ${formatShape(t.shape)}) equally; pass split indices instead.`);
      }
      cuts = Array.from({ length: n - 1 }, (_, i) => ((i + 1) * dim) / n);
    } else {
      cuts = indicesOrSections.map((c) => Math.min(Math.max(c < 0 ? c + dim : c, 0), dim));
    }
    const bounds = [0, ...cuts, dim];
    return bounds.slice(1).map((end, i) => {
      const start = Math.min(bounds[i]!, end);
      const begin = t.shape.map((_, d) => (d === axis ? start : 0));
      return slice(t, begin, t.shape.map((s, d) => (d === axis ? end - start : s)));
    });
  });
}

/** Reverses the order of elements along `axis` (a number or a list; all axes when undefined). */
export function flip(x: TensorLike, options: { axis?: number | readonly number[] } = {}): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'flip');
    const axes = normalizeAxes(options.axis, t.rank, 'flip');
    const step = t.shape.map((d, i) => (axes.includes(i) && d > 1 ? -1 : 1) as 1 | -1);
    return stridedSlice(t, t.shape.map((d, i) => (step[i] === -1 ? d - 1 : 0)), step, t.shape);
  });
}
