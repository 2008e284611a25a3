/**
 * Zero-copy shape changes: `reshape`, `expandDims`, `squeeze`, `ravel`. The result
 * shares the input's buffer (reference-counted), so no bytes are copied.
 */
import { convertToTensor, type TensorLike } from '../../create.js';
import { tidy } from '../../memory.js';
import { formatShape, normalizeAxes, sizeOf, type Shape } from '../../shape.js';
import { record } from '../../tape.js';
import { Tensor } from '../../tensor.js';

/** A view of `x` with another shape of the same size; the gradient is reshaped back. */
function view(x: Tensor, shape: Shape, name: string): Tensor {
  const y = new Tensor(shape, x.dtype, x.dataId, x.backend);
  if (x.dtype === 'float32') record(name, [x], y, (dy) => [reshape(dy, x.shape)]);
  return y;
}

/** Resolves a new shape with at most one -1 against `x`'s size, with a clear error. */
function resolveShape(x: Tensor, newShape: readonly number[]): number[] {
  const fail = (why: string): never => {
    throw new RangeError(`reshape: cannot reshape a tensor of shape ${formatShape(x.shape)} (${x.size} elements) into shape ${formatShape(newShape)}: ${why}.`);
  };
  const unknown = newShape.filter((d) => d === -1).length;
  if (unknown > 1) fail('only one dimension may be -1');
  if (newShape.some((d) => d !== -1 && (!Number.isInteger(d) || d < 0))) fail('dimensions must be non-negative integers or -1');
  const known = sizeOf(newShape.filter((d) => d !== -1));
  if (unknown === 0) {
    if (known !== x.size) fail('the sizes differ');
    return [...newShape];
  }
  if (known === 0 || x.size % known !== 0) fail('the -1 dimension cannot be inferred');
  return newShape.map((d) => (d === -1 ? x.size / known : d));
}

/** Gives `x` a new shape with the same number of elements; one dimension may be -1 (inferred). Shares the buffer. */
export function reshape(x: TensorLike, newShape: number | readonly number[]): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'reshape');
    return view(t, resolveShape(t, typeof newShape === 'number' ? [newShape] : newShape), 'reshape');
  });
}

/** Flattens `x` to one dimension (Keras' `ops.ravel`). Shares the buffer. */
export function ravel(x: TensorLike): Tensor {
  return reshape(x, [-1]);
}

/** Inserts dimensions of size 1 at `axis` (a number or a list, positions in the output). Shares the buffer. */
export function expandDims(x: TensorLike, axis: number | readonly number[]): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'expandDims');
    const count = typeof axis === 'number' ? 1 : axis.length;
    const axes = normalizeAxes(axis, t.rank + count, 'expandDims');
    const shape: number[] = [];
    let src = 0;
    for (let i = 0; i < t.rank + count; i++) shape.push(axes.includes(i) ? 1 : t.shape[src++]!);
    return view(t, shape, 'expandDims');
  });
}

/**
 * Removes dimensions of size 1: all of them when `axis` is undefined, else the given
 * ones (each must have size 1). Shares the buffer.
 */
export function squeeze(x: TensorLike, axis?: number | readonly number[]): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'squeeze');
    const axes = axis === undefined ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(axis, t.rank, 'squeeze');
    for (const a of axes) {
      if (t.shape[a] !== 1) {
        throw new RangeError(`squeeze: cannot squeeze axis ${a} of a tensor of shape ${formatShape(t.shape)}: its size is ${t.shape[a]}, not 1.`);
      }
    }
    return view(t, t.shape.filter((_, i) => !axes.includes(i)), 'squeeze');
  });
}
