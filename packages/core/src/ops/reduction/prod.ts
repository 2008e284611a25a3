/**
 * Product.
 */
import type { TensorLike } from '../../create.js';
import { record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { divide, multiply } from '../elementwise/arithmetic.js';
import { cast } from '../elementwise/cast.js';
import { equal } from '../elementwise/comparison.js';
import { where } from '../elementwise/where.js';
import { reshape } from '../shape/index.js';
import { planReduce, runReduce, withReductionInput, type ReduceOptions, type ReducePlan } from './reduce-plan.js';
import { boolAsInt, sum } from './sum.js';

/**
 * The gradient of a product, exact with zeros: each element's gradient is the
 * product of the others. With no zero in its group that is y / x; with exactly one
 * zero, only the zero gets a gradient (the product of the nonzeros); with two or more, all get 0.
 */
function prodGradient(x: Tensor, plan: ReducePlan, dy: Tensor): Tensor {
  const isZero = equal(x, 0);
  const safe = where(isZero, 1, x);
  const opts = { axis: plan.axes, keepdims: true };
  const nonzeroProd = prod(safe, opts);
  const zeros = sum(cast(isZero, 'int32'), opts);
  const others = where(isZero, where(equal(zeros, 1), nonzeroProd, 0), where(equal(zeros, 0), divide(nonzeroProd, safe), 0));
  return multiply(others, reshape(dy, plan.keptShape));
}

/** Product over `axis` (default: all axes); bool gives int32; an empty reduction gives 1. Keras' `ops.prod`. */
export function prod(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return withReductionInput(x, 'prod', boolAsInt, (t) => {
    const plan = planReduce(t.shape, options, 'prod');
    const y = runReduce('prod', t, plan, t.dtype);
    if (y.dtype === 'float32') record('prod', [t], y, (dy) => [prodGradient(t, plan, dy)]);
    return y;
  });
}
