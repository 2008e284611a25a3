/**
 * Loss functions (Keras' `keras.losses.mean_squared_error`...): per-sample values, not reduced over the batch.
 */
import { convertToTensor, ops, type Tensor, type TensorLike } from '@keras/core';
import { floatPair, floatTensor } from './reduce.js';

/** Mean of the squared errors over the last axis: `mean((yTrue - yPred)^2, -1)`. */
export function meanSquaredError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = floatPair(yTrue, yPred, 'meanSquaredError');
  return ops.mean(ops.square(ops.subtract(t, p)), { axis: -1 });
}

/** Mean of the absolute errors over the last axis: `mean(|yTrue - yPred|, -1)`. */
export function meanAbsoluteError(yTrue: TensorLike, yPred: TensorLike): Tensor {
  const [t, p] = floatPair(yTrue, yPred, 'meanAbsoluteError');
  return ops.mean(ops.abs(ops.subtract(t, p)), { axis: -1 });
}

/** Options of {@link huber}. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear. Default 1. */
  delta?: number;
}

/** Huber loss over the last axis: `0.5 e^2` where `|e| <= delta`, else `delta |e| - 0.5 delta^2`. */
export function huber(yTrue: TensorLike, yPred: TensorLike, options: HuberOptions = {}): Tensor {
  const delta = options.delta ?? 1;
  const [t, p] = floatPair(yTrue, yPred, 'huber');
  const error = ops.subtract(p, t);
  const absError = ops.abs(error);
  const quadratic = ops.multiply(ops.square(error), 0.5);
  const linear = ops.subtract(ops.multiply(absError, delta), 0.5 * delta * delta);
  return ops.mean(ops.where(ops.lessEqual(absError, delta), quadratic, linear), { axis: -1 });
}

/** Options of {@link binaryCrossentropy}. */
export interface BinaryCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: targets become `t (1 - s) + 0.5 s`. Default 0. */
  labelSmoothing?: number;
  /** The axis the per-sample mean is taken over. Default -1. */
  axis?: number;
}

/** Binary crossentropy averaged over `axis` (default the last). */
export function binaryCrossentropy(yTrue: TensorLike, yPred: TensorLike, options: BinaryCrossentropyOptions = {}): Tensor {
  let [t, p] = floatPair(yTrue, yPred, 'binaryCrossentropy');
  const s = options.labelSmoothing ?? 0;
  if (s) t = ops.add(ops.multiply(t, 1 - s), 0.5 * s);
  return ops.mean(ops.binaryCrossentropy(t, p, { fromLogits: options.fromLogits ?? false }), { axis: options.axis ?? -1 });
}

/** Options of {@link categoricalCrossentropy}. */
export interface CategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** In [0, 1]: one-hot targets become `t (1 - s) + s / classes`. Default 0. */
  labelSmoothing?: number;
  /** The class axis. Default -1. */
  axis?: number;
}

/** Categorical crossentropy between one-hot targets and predictions, one value per sample. */
export function categoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, options: CategoricalCrossentropyOptions = {}): Tensor {
  let [t, p] = floatPair(yTrue, yPred, 'categoricalCrossentropy');
  const axis = options.axis ?? -1;
  const s = options.labelSmoothing ?? 0;
  if (s) {
    const classes = t.shape[axis < 0 ? t.rank + axis : axis]!;
    t = ops.add(ops.multiply(t, 1 - s), s / classes);
  }
  return ops.categoricalCrossentropy(t, p, { fromLogits: options.fromLogits ?? false, axis });
}

/** Options of {@link sparseCategoricalCrossentropy}. */
export interface SparseCategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** A label whose samples get loss 0 (e.g. padding in segmentation maps). Default null. */
  ignoreClass?: number | null;
  /** The class axis. Default -1. */
  axis?: number;
}

/** Categorical crossentropy between integer labels and predictions, one value per sample. */
export function sparseCategoricalCrossentropy(yTrue: TensorLike, yPred: TensorLike, options: SparseCategoricalCrossentropyOptions = {}): Tensor {
  const name = 'sparseCategoricalCrossentropy';
  let p = floatTensor(yPred, name);
  let t = convertToTensor(yTrue, undefined, name);
  if (t.rank === p.rank && t.shape[t.rank - 1] === 1) t = ops.squeeze(t, -1);
  const fromLogits = options.fromLogits ?? false;
  const axis = options.axis ?? -1;
  const ignore = options.ignoreClass ?? null;
  if (ignore === null) return ops.sparseCategoricalCrossentropy(t, p, { fromLogits, axis });
  const valid = ops.notEqual(t, ignore);
  t = ops.where(valid, t, 0);
  p = ops.multiply(p, ops.cast(ops.expandDims(valid, axis), 'float32'));
  return ops.where(valid, ops.sparseCategoricalCrossentropy(t, p, { fromLogits, axis }), 0);
}
