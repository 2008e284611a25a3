/**
 * Shared helpers of losses and metrics (Keras' losses/loss.py): matching the ranks of
 * targets and predictions, weighting and reducing per-sample values.
 */
import { convertToTensor, ops, type Tensor, type TensorLike } from '@keras/core';

/** `x` as a float32 tensor (int32 and bool targets, weights and values are cast); `name` labels conversion errors. */
export function floatTensor(x: TensorLike, name: string): Tensor {
  const t = convertToTensor(x, undefined, name);
  return t.dtype === 'float32' ? t : ops.cast(t, 'float32');
}

/** Targets and predictions as float32 (predictions converted first), with their ranks matched. */
export function floatPair(yTrue: TensorLike, yPred: TensorLike, name: string): [Tensor, Tensor] {
  const pred = floatTensor(yPred, name);
  return squeezeOrExpandToSameRank(floatTensor(yTrue, name), pred);
}

/** How a loss reduces its per-sample values (Keras' `reduction`). */
export type Reduction = 'sum_over_batch_size' | 'sum' | 'mean' | 'mean_with_sample_weight' | 'none' | null;

const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none', null];

/** Checks a reduction name, with Keras' error listing the allowed ones. */
export function standardizeReduction(reduction: Reduction | undefined): Reduction {
  if (reduction === undefined) return 'sum_over_batch_size';
  if (!REDUCTIONS.includes(reduction)) {
    throw new Error(`Invalid value for argument \`reduction\`. Expected one of ${REDUCTIONS.map((r) => String(r)).join(', ')}. Received: reduction=${String(reduction)}.`);
  }
  return reduction;
}

/**
 * When the ranks of `a` and `b` differ by exactly one and the longer one ends in a
 * dimension of 1, squeezes that dimension (or, when the other is rank 1, expands it
 * instead), as Keras' `squeeze_or_expand_to_same_rank` does: labels `[n]` meet predictions `[n, 1]`.
 */
export function squeezeOrExpandToSameRank(a: Tensor, b: Tensor): [Tensor, Tensor] {
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) {
    return b.rank === 1 ? [a, ops.expandDims(b, -1)] : [ops.squeeze(a, -1), b];
  }
  if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) {
    return a.rank === 1 ? [ops.expandDims(a, -1), b] : [a, ops.squeeze(b, -1)];
  }
  return [a, b];
}

/** `a / b`, with 0 where `b` is 0 (Keras' `divide_no_nan`). */
export function divideNoNan(a: Tensor | number, b: Tensor): Tensor {
  const zero = ops.equal(b, 0);
  return ops.where(zero, 0, ops.divide(a, ops.where(zero, 1, b)));
}

/**
 * Weights per-sample `values` by `sampleWeight` (when given, after matching ranks) and
 * reduces them: 'sum', 'sum_over_batch_size'/'mean' (sum divided by the number of
 * values), 'mean_with_sample_weight' (sum divided by the sum of the weights), 'none'/null.
 */
export function reduceWeightedValues(values: Tensor, sampleWeight: Tensor | null, reduction: Reduction): Tensor {
  let weighted = values;
  let weights = sampleWeight;
  if (weights !== null) {
    if (weights.dtype !== 'float32') weights = ops.cast(weights, 'float32');
    [weighted, weights] = squeezeOrExpandToSameRank(values, weights);
    weighted = ops.multiply(weighted, weights);
  }
  if (reduction === null || reduction === 'none' || weighted.rank === 0 || weighted.size === 0) return weighted;
  const total = ops.sum(weighted);
  if (reduction === 'sum') return total;
  if (reduction === 'mean_with_sample_weight' && weights !== null) return divideNoNan(total, ops.sum(weights));
  return ops.divide(total, weighted.size);
}
