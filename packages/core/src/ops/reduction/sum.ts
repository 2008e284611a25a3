/**
 * Sum and mean.
 */
import type { TensorLike } from '../../create.js';
import type { DType } from '../../dtype.js';
import { tidy } from '../../memory.js';
import { record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { divide } from '../elementwise/arithmetic.js';
import { expandGradient, planReduce, runReduce, withReductionInput, type ReduceOptions } from './reduce-plan.js';

/** bool sums and products count in int32, as Keras. */
export const boolAsInt = (d: DType): DType => (d === 'bool' ? 'int32' : d);

/** Everything to float32 (mean, var, std, logSumExp). */
export const toFloat = (): DType => 'float32';

/** Sum over `axis` (default: all axes); bool sums to int32. Keras' `ops.sum`. */
export function sum(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return withReductionInput(x, 'sum', boolAsInt, (t) => {
    const plan = planReduce(t.shape, options, 'sum');
    const y = runReduce('sum', t, plan, t.dtype);
    if (y.dtype === 'float32') record('sum', [t], y, (dy) => [expandGradient(dy, plan, t.shape)]);
    return y;
  });
}

/** Arithmetic mean over `axis` (default: all axes); int32 and bool give float32; an empty reduction gives NaN. */
export function mean(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return tidy(() => withReductionInput(x, 'mean', toFloat, (t) => {
    const { count } = planReduce(t.shape, options, 'mean');
    return divide(sum(t, options), count);
  }));
}
