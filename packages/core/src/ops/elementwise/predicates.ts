/**
 * Element-wise predicates with bool output: isnan, isinf, isfinite, logicalNot.
 */
import type { TensorLike } from '../../create.js';
import type { Tensor } from '../../tensor.js';
import { unaryOp } from './unary-op.js';

/** Whether each element is NaN (always false for int32 and bool). */
export function isnan(x: TensorLike): Tensor {
  return unaryOp('isnan', x, null);
}

/** Whether each element is +Inf or -Inf. */
export function isinf(x: TensorLike): Tensor {
  return unaryOp('isinf', x, null);
}

/** Whether each element is neither NaN nor infinite. */
export function isfinite(x: TensorLike): Tensor {
  return unaryOp('isfinite', x, null);
}

/** Element-wise NOT (input cast to bool: nonzero is true). */
export function logicalNot(x: TensorLike): Tensor {
  return unaryOp('logicalNot', x, null, { name: 'logicalNot' });
}
