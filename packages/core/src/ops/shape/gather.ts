/**
 * Indexing with integer tensors: `take` and `takeAlongAxis` (gather), whose gradient
 * is the `scatterAdd` kernel.
 */
import { convertToTensor, empty, tensor, zeros, type TensorLike } from '../../create.js';
import { kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { formatShape, normalizeAxis, sizeOf, stridesOf, type Shape } from '../../shape.js';
import { record } from '../../tape.js';
import { Tensor } from '../../tensor.js';
import { add, clip, less, multiply, where } from '../elementwise/index.js';
import { broadcastTo } from './broadcast.js';
import { ravel } from './reshape.js';

/** Converts indices to an int32 tensor: JS values become int32; a tensor of another dtype is an error. */
function toIndices(indices: TensorLike, name: string): Tensor {
  if (indices instanceof Tensor && indices.dtype !== 'int32') {
    throw new TypeError(`${name}: indices must be int32, received ${indices.dtype} ${formatShape(indices.shape)}; cast them with \`cast(indices, 'int32')\`.`);
  }
  return convertToTensor(indices, 'int32', name);
}

/** The gradient of a gather: `dy` summed into a zero tensor of `shape` at `indices` along `axis`. */
function scatterAddAlong(dy: Tensor, indices: Tensor, shape: Shape, axis: number): Tensor {
  const out = zeros(shape, 'float32');
  if (out.size > 0 && dy.size > 0) {
    kernel('scatterAdd')({
      updates: dy.dataId, indices: indices.dataId, out: out.dataId,
      outer: sizeOf(shape.slice(0, axis)), axisSize: shape[axis]!, inner: sizeOf(shape.slice(axis + 1)), numIndices: indices.size,
    });
  }
  return out;
}

/** Gathers along a validated axis of `t`; negative indices count from the end, out-of-range ones are clamped. */
function gather(t: Tensor, idx: Tensor, axis: number, name: string): Tensor {
  const axisSize = t.shape[axis]!;
  if (axisSize === 0 && idx.size > 0) throw new RangeError(`${name}: cannot take from axis ${axis} of size 0 (shape ${formatShape(t.shape)}).`);
  const y = empty([...t.shape.slice(0, axis), ...idx.shape, ...t.shape.slice(axis + 1)], t.dtype);
  if (y.size > 0) {
    kernel('gather')({
      x: t.dataId, indices: idx.dataId, out: y.dataId, outer: sizeOf(t.shape.slice(0, axis)), axisSize,
      inner: sizeOf(t.shape.slice(axis + 1)), numIndices: idx.size, dtype: t.dtype,
    });
  }
  if (t.dtype === 'float32') record(name, [t], y, (dy) => [scatterAddAlong(dy, idx, t.shape, axis)], [idx]);
  return y;
}

/**
 * Takes elements of `x` at int32 `indices` (any shape) along `axis`; the output shape is
 * `x.shape[:axis] + indices.shape + x.shape[axis+1:]`. With `axis` undefined `x` is flattened.
 * Negative indices count from the end; out-of-range indices are clamped (as JAX does).
 */
export function take(x: TensorLike, indices: TensorLike, options: { axis?: number } = {}): Tensor {
  return tidy(() => {
    let t = convertToTensor(x, undefined, 'take');
    const idx = toIndices(indices, 'take');
    if (options.axis === undefined) t = ravel(t);
    if (t.rank === 0) throw new RangeError('take: cannot take along an axis of a scalar; pass `axis: undefined` or a tensor of rank >= 1.');
    return gather(t, idx, normalizeAxis(options.axis ?? 0, t.rank, 'take'), 'take');
  });
}

/**
 * Picks `x` values at int32 `indices` along `axis` (NumPy's `take_along_axis`): `indices`
 * has the rank of `x`, and the other axes broadcast. With `axis` undefined both are flattened.
 */
export function takeAlongAxis(x: TensorLike, indices: TensorLike, options: { axis?: number } = {}): Tensor {
  return tidy(() => {
    let t = convertToTensor(x, undefined, 'takeAlongAxis');
    let idx = toIndices(indices, 'takeAlongAxis');
    if (options.axis === undefined) [t, idx] = [ravel(t), ravel(idx)];
    if (idx.rank !== t.rank || t.rank === 0) {
      throw new RangeError(`takeAlongAxis: indices ${formatShape(idx.shape)} must have the rank of x ${formatShape(t.shape)} (at least 1).`);
    }
    const axis = normalizeAxis(options.axis ?? 0, t.rank, 'takeAlongAxis');
    const shape = t.shape.map((d, i) => {
      const e = idx.shape[i]!;
      if (i !== axis && d !== e && d !== 1 && e !== 1) {
        throw new RangeError(`takeAlongAxis: x ${formatShape(t.shape)} and indices ${formatShape(idx.shape)} differ in axis ${i} (other than axis ${axis}), and neither is 1.`);
      }
      return i === axis ? d : Math.max(d, e);
    });
    const n = shape[axis]!;
    const xb = broadcastTo(t, shape);
    const ib = broadcastTo(idx, shape.map((d, i) => (i === axis ? idx.shape[axis]! : d)));
    const strides = stridesOf(shape);
    const wrapped = clip(where(less(ib, 0), add(ib, n), ib), 0, Math.max(n - 1, 0));
    const flat = add(multiply(wrapped, strides[axis]!), tensor(rowOffsets(ib.shape, strides, axis), { shape: ib.shape }));
    return gather(ravel(xb), flat, 0, 'takeAlongAxis');
  });
}

/** For every position of `shape`, its flat offset in a tensor with `strides`, ignoring `axis`. */
function rowOffsets(shape: Shape, strides: readonly number[], axis: number): Int32Array {
  const out = new Int32Array(sizeOf(shape));
  const index = new Array<number>(shape.length).fill(0);
  for (let p = 0; p < out.length; p++) {
    out[p] = index.reduce((s, v, d) => (d === axis ? s : s + v * strides[d]!), 0);
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = index[d]! + 1;
      if (index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}
