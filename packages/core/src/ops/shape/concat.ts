/**
 * Joining tensors: `concatenate` and `stack`.
 */
import { convertToTensor, empty, type TensorLike } from '../../create.js';
import { upcast } from '../../dtype.js';
import { kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { formatShape, normalizeAxis, sizeOf } from '../../shape.js';
import { record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { cast } from '../elementwise/index.js';
import { expandDims } from './reshape.js';
import { slice } from './slice.js';

/** Converts a list of operands and promotes them to one dtype. */
function promoteAll(xs: readonly TensorLike[], name: string): Tensor[] {
  if (xs.length === 0) throw new RangeError(`${name}: needs at least one tensor.`);
  const ts = xs.map((x) => convertToTensor(x, undefined, name));
  const dtype = ts.map((t) => t.dtype).reduce(upcast);
  return ts.map((t) => (t.dtype === dtype ? t : cast(t, dtype)));
}

/** Joins tensors along an existing axis (Keras default `axis: 0`); the other dimensions must match. dtypes are promoted. */
export function concatenate(xs: readonly TensorLike[], options: { axis?: number } = {}): Tensor {
  return tidy(() => {
    const ts = promoteAll(xs, 'concatenate');
    const first = ts[0]!;
    if (first.rank === 0) throw new RangeError('concatenate: scalars cannot be concatenated; use `stack` to join them along a new axis.');
    const axis = normalizeAxis(options.axis ?? 0, first.rank, 'concatenate');
    const mismatch = ts.some((t) => t.rank !== first.rank || t.shape.some((d, i) => i !== axis && d !== first.shape[i]));
    if (mismatch) {
      throw new RangeError(
        `concatenate: all dimensions except axis ${axis} must match, received shapes ${ts.map((t) => formatShape(t.shape)).join(', ')}.`,
      );
    }
    const sizes = ts.map((t) => t.shape[axis]!);
    const outShape = first.shape.map((d, i) => (i === axis ? sizes.reduce((a, b) => a + b, 0) : d));
    const y = empty(outShape, first.dtype);
    if (y.size > 0) {
      const parts = ts.filter((t) => t.size > 0);
      kernel('concat')({
        inputs: parts.map((t) => t.dataId),
        inners: parts.map((t) => sizeOf(t.shape.slice(axis))),
        outer: sizeOf(first.shape.slice(0, axis)),
        out: y.dataId,
        dtype: first.dtype,
      });
    }
    if (first.dtype === 'float32') {
      record('concatenate', ts, y, (dy) => {
        let offset = 0;
        return ts.map((t) => {
          const begin = t.shape.map((_, i) => (i === axis ? offset : 0));
          offset += t.shape[axis]!;
          return slice(dy, begin, t.shape);
        });
      });
    }
    return y;
  });
}

/** Joins tensors of equal shape along a new axis (Keras default `axis: 0`). */
export function stack(xs: readonly TensorLike[], options: { axis?: number } = {}): Tensor {
  return tidy(() => {
    const ts = promoteAll(xs, 'stack');
    const first = ts[0]!;
    if (ts.some((t) => t.rank !== first.rank || t.shape.some((d, i) => d !== first.shape[i]))) {
      throw new RangeError(`stack: all tensors must have the same shape, received ${ts.map((t) => formatShape(t.shape)).join(', ')}.`);
    }
    const axis = normalizeAxis(options.axis ?? 0, first.rank + 1, 'stack');
    return concatenate(ts.map((t) => expandDims(t, axis)), { axis });
  });
}
