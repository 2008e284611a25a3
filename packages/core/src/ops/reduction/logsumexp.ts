/**
 * log(sum(exp(x))), computed stably.
 */
import type { TensorLike } from '../../create.js';
import { stopGradient } from '../../autodiff.js';
import { tidy } from '../../memory.js';
import type { Tensor } from '../../tensor.js';
import { add, subtract } from '../elementwise/arithmetic.js';
import { isfinite } from '../elementwise/predicates.js';
import { exp, log } from '../elementwise/unary-math.js';
import { where } from '../elementwise/where.js';
import { reshape } from '../shape/index.js';
import { max } from './extrema.js';
import { planReduce, withReductionInput, type ReduceOptions } from './reduce-plan.js';
import { sum, toFloat } from './sum.js';

/**
 * log(sum(exp(x))) over `axis` (Keras' `ops.logsumexp`). The maximum is subtracted
 * before exponentiating (and held constant for the gradient, which is then softmax);
 * infinite maxima are not subtracted, so all -Inf gives -Inf and +Inf gives +Inf.
 */
export function logSumExp(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return tidy(() => withReductionInput(x, 'logSumExp', toFloat, (t) => {
    const plan = planReduce(t.shape, options, 'logSumExp');
    const opts = { axis: options.axis ?? null, keepdims: true };
    const m = stopGradient(max(t, opts));
    const shift = where(isfinite(m), m, 0);
    const out = add(log(sum(exp(subtract(t, shift)), opts)), shift);
    return options.keepdims ? out : reshape(out, plan.outShape);
  }));
}
