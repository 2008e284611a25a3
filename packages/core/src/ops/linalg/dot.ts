/**
 * `dot` (NumPy's rules) and `outer`.
 */
import { convertToTensor, type TensorLike } from '../../create.js';
import { tidy } from '../../memory.js';
import { formatShape, sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { multiply } from '../elementwise/index.js';
import { moveaxis } from '../shape/transpose.js';
import { ravel, reshape } from '../shape/reshape.js';
import { matmul } from './matmul.js';

/**
 * Dot product with NumPy's rules: scalars multiply; 1-D and 2-D operands follow `matmul`;
 * otherwise the sum over the last axis of `a` and the second-to-last of `b`,
 * of shape `a.shape[:-1] + b.shape[:-2] + b.shape[-1:]`.
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => {
    const ta = convertToTensor(a, undefined, 'dot');
    const tb = convertToTensor(b, undefined, 'dot');
    if (ta.rank === 0 || tb.rank === 0) return multiply(ta, tb);
    if (ta.rank === 1 || tb.rank <= 2) return matmul(ta, tb);
    const k = ta.shape[ta.rank - 1]!;
    if (k !== tb.shape[tb.rank - 2]) {
      throw new RangeError(`dot: a ${formatShape(ta.shape)} and b ${formatShape(tb.shape)} differ in the summed axis: a's last (${k}) must equal b's second-to-last (${tb.shape[tb.rank - 2]}).`);
    }
    const bMoved = moveaxis(tb, -2, 0);
    const y = matmul(reshape(ta, [sizeOf(ta.shape.slice(0, -1)), k]), reshape(bMoved, [k, sizeOf(bMoved.shape.slice(1))]));
    return reshape(y, [...ta.shape.slice(0, -1), ...tb.shape.slice(0, -2), tb.shape[tb.rank - 1]!]);
  });
}

/** Outer product of `a` and `b`, each flattened first: out[i, j] = a[i] * b[j]. */
export function outer(a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => {
    const ta = ravel(a);
    const tb = ravel(b);
    return multiply(reshape(ta, [ta.size, 1]), reshape(tb, [1, tb.size]));
  });
}
