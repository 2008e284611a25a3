/**
 * Selection: `where` and `clip`.
 */
import { empty, type TensorLike } from '../../create.js';
import { upcast } from '../../dtype.js';
import { kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { broadcastShapes, padShape } from '../../shape.js';
import { isWatched, record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { maximum, minimum } from './arithmetic.js';
import { cast } from './cast.js';
import { castOwned, convertOperands, disposeOwned } from './operands.js';
import { unbroadcast } from './unbroadcast.js';

/**
 * `condition ? x1 : x2` element-wise, broadcasting all three (Keras' `ops.where`).
 * The condition is cast to bool; x1 and x2 promote like arithmetic (JS scalars are weak).
 * Each branch's gradient is the output gradient masked by the condition.
 */
export function where(condition: TensorLike, x1: TensorLike, x2: TensorLike): Tensor {
  const { tensors, owned } = convertOperands([x1, x2], 'where');
  const { tensors: [c0], owned: condOwned } = convertOperands([condition], 'where');
  owned.push(...condOwned);
  try {
    const dtype = upcast(tensors[0]!.dtype, tensors[1]!.dtype);
    const c = castOwned(c0!, 'bool', owned);
    const a = castOwned(tensors[0]!, dtype, owned);
    const b = castOwned(tensors[1]!, dtype, owned);
    const outShape = broadcastShapes(broadcastShapes(c.shape, a.shape, 'where'), b.shape, 'where');
    const y = empty(outShape, dtype);
    if (y.size > 0) {
      const rank = outShape.length;
      kernel('where')({
        cond: c.dataId, a: a.dataId, b: b.dataId, out: y.dataId, dtype, outShape,
        condShape: padShape(c.shape, rank), aShape: padShape(a.shape, rank), bShape: padShape(b.shape, rank),
      });
    }
    if (dtype === 'float32') {
      const need = [isWatched(a), isWatched(b)];
      record('where', [a, b], y, (dy) => [
        need[0] ? unbroadcast(where(c, dy, 0), a.shape) : null,
        need[1] ? unbroadcast(where(c, 0, dy), b.shape) : null,
      ], [c]);
    }
    return y;
  } finally {
    disposeOwned(owned);
  }
}

/**
 * Limits values to [xMin, xMax] (Keras' `ops.clip`); bool input is cast to int32.
 * The gradient passes where xMin <= x <= xMax (bounds included) and is 0 elsewhere.
 */
export function clip(x: TensorLike, xMin: TensorLike, xMax: TensorLike): Tensor {
  return tidy(() => {
    const { tensors: [t] } = convertOperands([x], 'clip');
    const input = t!.dtype === 'bool' ? cast(t!, 'int32') : t!;
    return minimum(maximum(input, xMin), xMax);
  });
}
