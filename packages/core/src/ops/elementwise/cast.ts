/**
 * `cast`: converts a tensor to another dtype.
 */
import { convertToTensor, empty, type TensorLike } from '../../create.js';
import { checkDType, type DType } from '../../dtype.js';
import { kernel } from '../../engine.js';
import { record } from '../../tape.js';
import { Tensor } from '../../tensor.js';

/**
 * Casts `x` to `dtype` (Keras' `ops.cast`): float32 -> int32 truncates toward zero,
 * anything -> bool is `x != 0`. Casting to the same dtype returns a new tensor sharing
 * the buffer. The gradient passes through float32 -> float32 only; int and bool have none.
 */
export function cast(x: TensorLike, dtype: DType | string): Tensor {
  const to = checkDType(dtype, 'cast');
  if (!(x instanceof Tensor)) return convertToTensor(x, to, 'cast');
  const t = convertToTensor(x, undefined, 'cast');
  if (t.dtype === to) {
    const y = new Tensor(t.shape, to, t.dataId, t.backend);
    if (to === 'float32') record('cast', [t], y, (dy) => [dy]);
    return y;
  }
  const y = empty(t.shape, to);
  if (y.size > 0) kernel('cast')({ x: t.dataId, out: y.dataId, size: y.size, from: t.dtype, to });
  return y;
}
