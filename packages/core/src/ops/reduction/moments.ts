/**
 * Variance and standard deviation (population, as Keras), built from mean so their gradients come free.
 */
import type { TensorLike } from '../../create.js';
import { tidy } from '../../memory.js';
import type { Tensor } from '../../tensor.js';
import { subtract } from '../elementwise/arithmetic.js';
import { sqrt } from '../elementwise/unary-math.js';
import { square } from '../elementwise/unary-sign.js';
import { planReduce, withReductionInput, type ReduceOptions } from './reduce-plan.js';
import { mean, toFloat } from './sum.js';

/** mean((x - mean(x))^2), with errors named after `name`. */
function populationVariance(x: TensorLike, options: ReduceOptions, name: string): Tensor {
  return withReductionInput(x, name, toFloat, (t) => {
    planReduce(t.shape, options, name);
    const centered = subtract(t, mean(t, { axis: options.axis ?? null, keepdims: true }));
    return mean(square(centered), options);
  });
}

/** Population variance over `axis` (default: all axes), float32 output. Keras' `ops.var` (exported as `var`). */
export function variance(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return tidy(() => populationVariance(x, options, 'var'));
}

/** Population standard deviation over `axis`; its gradient is infinite where the variance is 0 (as TensorFlow). */
export function std(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return tidy(() => sqrt(populationVariance(x, options, 'std')));
}
