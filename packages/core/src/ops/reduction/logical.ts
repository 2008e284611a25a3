/**
 * Logical reductions: any, all (input cast to bool, output bool).
 */
import type { TensorLike } from '../../create.js';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { planReduce, runReduce, withReductionInput, type ReduceOptions } from './reduce-plan.js';

const toBool = (): DType => 'bool';

function logicalReduce(op: 'any' | 'all', x: TensorLike, options: ReduceOptions): Tensor {
  return withReductionInput(x, op, toBool, (t) => runReduce(op, t, planReduce(t.shape, options, op), 'bool'));
}

/** Whether any element along `axis` is nonzero (false for an empty reduction). */
export function any(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return logicalReduce('any', x, options);
}

/** Whether every element along `axis` is nonzero (true for an empty reduction). */
export function all(x: TensorLike, options: ReduceOptions = {}): Tensor {
  return logicalReduce('all', x, options);
}
