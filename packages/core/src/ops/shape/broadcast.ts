/**
 * `broadcastTo`: NumPy broadcasting made explicit.
 */
import { convertToTensor, empty, type TensorLike } from '../../create.js';
import { kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { checkShape, formatShape, padShape, type Shape } from '../../shape.js';
import { record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { unbroadcast } from '../elementwise/index.js';
import { reshape } from './reshape.js';

/**
 * Broadcasts `x` to `shape` (NumPy rules: trailing dimensions must be equal or 1 in `x`).
 * When no dimension is repeated the result is a zero-copy reshape. The gradient sums back.
 */
export function broadcastTo(x: TensorLike, shape: Shape): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'broadcastTo');
    const target = checkShape(shape, 'broadcastTo');
    const padded = t.rank <= target.length ? padShape(t.shape, target.length) : [];
    if (t.rank > target.length || padded.some((d, i) => d !== target[i] && d !== 1)) {
      throw new RangeError(
        `broadcastTo: cannot broadcast a tensor of shape ${formatShape(t.shape)} to shape ${formatShape(target)} ` +
          `(each dimension of the input must equal the target's or be 1, aligned from the right).`,
      );
    }
    if (padded.every((d, i) => d === target[i])) return reshape(t, target);
    const y = empty(target, t.dtype);
    if (y.size > 0) kernel('broadcastTo')({ x: t.dataId, out: y.dataId, shape: padded, outShape: target, dtype: t.dtype });
    if (t.dtype === 'float32') record('broadcastTo', [t], y, (dy) => [unbroadcast(dy, t.shape)]);
    return y;
  });
}
