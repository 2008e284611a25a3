/**
 * Normalization ops of Keras 3's `keras.ops.nn`: `moments`, `batchNormalization`,
 * `normalize`, and `fusedBatchNormalization` (what BatchNormalization computes in
 * training). Composites of other ops, except where the backend has a fused batch-norm
 * kernel (fused-norm.ts; `batchNormInference` when no gradient is recorded).
 */
import { stopGradient } from '../../autodiff.js';
import { empty, type TensorLike } from '../../create.js';
import { hasKernel, kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { isWatched } from '../../tape.js';
import { broadcastShapes, formatShape, normalizeAxes, normalizeAxis, shapesEqual } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { floatInput, optionalFloatInput } from './float-input.js';
import { fusedNorm, hasFusedNorm } from './fused-norm.js';
import { abs, add, maximum, minimum, multiply, power, rsqrt, square, subtract, divide } from '../elementwise/index.js';
import { max, mean, sum } from '../reduction/index.js';
import { reshape } from '../shape/index.js';

/**
 * Mean and variance of `x` over `axes` (Keras' `ops.moments`), as `[mean, variance]`;
 * the variance is the biased one, mean((x - mean)^2). `keepdims` (default false)
 * keeps the reduced axes with size 1.
 */
export function moments(x: TensorLike, axes: number | readonly number[], options: { keepdims?: boolean } = {}): [Tensor, Tensor] {
  return tidy(() => {
    const t = floatInput(x, 'moments');
    const reduce = { axis: normalizeAxes(axes, t.rank, 'moments'), keepdims: true };
    const m = mean(t, reduce);
    const v = mean(square(subtract(t, m)), reduce);
    if (options.keepdims) return [m, v];
    const shape = t.shape.filter((_, i) => !reduce.axis.includes(i));
    return [reshape(m, shape), reshape(v, shape)];
  });
}

/** Options of {@link batchNormalization}. */
export interface BatchNormalizationOptions {
  /** The feature axis that `mean`, `variance`, `offset` and `scale` run along; default -1. */
  axis?: number;
  /** Added after normalizing (Keras' beta); none by default. */
  offset?: TensorLike | null;
  /** Multiplied after normalizing (Keras' gamma); none by default. */
  scale?: TensorLike | null;
  /** Added to the variance; default 1e-3. */
  epsilon?: number;
}

/** Whether a batch-norm parameter is absent or a vector of `features` values (what the fused kernels take). */
function isFeatureVector(p: Tensor | null, features: number): boolean {
  return p === null || (p.rank === 1 && p.shape[0] === features);
}

/**
 * (x - mean) / sqrt(variance + epsilon) * scale + offset (Keras' `ops.batch_normalization`).
 * mean, variance, offset and scale are vectors as long as x's `axis` dimension (or
 * tensors that broadcast to x without changing its shape). One kernel where the
 * backend has `batchNormInference`, `axis` is the last, the parameters are vectors
 * and no gradient is being recorded through the op (inference); else element-wise ops.
 */
export function batchNormalization(x: TensorLike, mean: TensorLike, variance: TensorLike, options: BatchNormalizationOptions = {}): Tensor {
  const op = 'batchNormalization';
  return tidy(() => {
    const t = floatInput(x, op);
    const axis = normalizeAxis(options.axis ?? -1, t.rank, op);
    const features = t.shape[axis]!;
    const epsilon = options.epsilon ?? 1e-3;
    const [m, v] = [floatInput(mean, op), floatInput(variance, op)];
    const [scale, offset] = [optionalFloatInput(options.scale, op), optionalFloatInput(options.offset, op)];
    const params = [m, v, scale, offset].filter((p): p is Tensor => p !== null);
    if (axis === t.rank - 1 && t.size > 0 && hasKernel('batchNormInference')
      && params.every((p) => isFeatureVector(p, features)) && ![t, ...params].some(isWatched)) {
      const out = empty(t.shape, 'float32');
      kernel('batchNormInference')({
        x: t.dataId, gamma: scale?.dataId ?? null, beta: offset?.dataId ?? null, out: out.dataId, mean: m.dataId, variance: v.dataId,
        rows: t.size / features, cols: features, epsilon,
      });
      return out;
    }
    const align = (p: Tensor, what: string): Tensor => {
      if (p.rank === 1 && p.shape[0] === features) return reshape(p, t.shape.map((_, i) => (i === axis ? features : 1)));
      if (p.rank !== 1 && shapesEqual(broadcastShapes(p.shape, t.shape, op), t.shape)) return p;
      throw new RangeError(`${op}: ${what} has shape ${formatShape(p.shape)} but x ${formatShape(t.shape)} has ${features} features on axis ${axis}; pass a vector of length ${features}.`);
    };
    let inv = rsqrt(add(align(v, 'variance'), epsilon));
    if (scale) inv = multiply(inv, align(scale, 'scale'));
    const y = multiply(subtract(t, align(m, 'mean')), inv);
    return offset ? add(y, align(offset, 'offset')) : y;
  });
}

/**
 * Batch normalization with the batch's own statistics, as a BatchNormalization layer
 * computes it in training: the mean and biased variance of x over every axis but
 * `axis`, then `batchNormalization(x, mean, variance, options)`. Returns
 * [output, mean, variance] (the statistics as vectors along `axis`). Gradients flow
 * from the output to x (through the statistics too), scale and offset; the returned
 * statistics carry none. One fused kernel each way where the backend has
 * `batchNorm` and `axis` is the last.
 */
export function fusedBatchNormalization(x: TensorLike, options: BatchNormalizationOptions = {}): [Tensor, Tensor, Tensor] {
  const op = 'fusedBatchNormalization';
  return tidy(() => {
    const t = floatInput(x, op);
    const axis = normalizeAxis(options.axis ?? -1, t.rank, op);
    const features = t.shape[axis]!;
    const [scale, offset] = [optionalFloatInput(options.scale, op), optionalFloatInput(options.offset, op)];
    const epsilon = options.epsilon ?? 1e-3;
    if (axis === t.rank - 1 && t.size > 0 && isFeatureVector(scale, features) && isFeatureVector(offset, features) && hasFusedNorm('batch')) {
      const { output, mean, variance } = fusedNorm('batch', t, scale, offset, features, epsilon);
      return [output, mean, variance];
    }
    const [m, v] = moments(t, t.shape.map((_, i) => i).filter((i) => i !== axis));
    return [batchNormalization(t, m, v, { axis, offset, scale, epsilon }), stopGradient(m), stopGradient(v)];
  });
}

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /** The axis or axes of the norm; default -1. */
  axis?: number | readonly number[];
  /** The norm's order: a positive number or Infinity; default 2. */
  order?: number;
  /** Lower bound of the norm; default 1e-7 (Keras' `backend.epsilon()`). */
  epsilon?: number;
}

/** x / max(norm(x), epsilon) along `axis` (Keras' `ops.normalize`); L2 by default. */
export function normalize(x: TensorLike, options: NormalizeOptions = {}): Tensor {
  const op = 'normalize';
  return tidy(() => {
    const t = floatInput(x, op);
    const order = options.order ?? 2;
    const epsilon = options.epsilon ?? 1e-7;
    if (!(order > 0)) throw new RangeError(`${op}: order must be a positive number or Infinity, received ${order}.`);
    const reduce = { axis: normalizeAxes(options.axis ?? -1, t.rank, op), keepdims: true };
    // L2 as Keras computes it: x * min(rsqrt(sum(x^2)), 1 / epsilon).
    if (order === 2) return multiply(t, minimum(rsqrt(sum(square(t), reduce)), 1 / epsilon));
    const norm = order === 1 ? sum(abs(t), reduce)
      : order === Infinity ? max(abs(t), reduce)
        : power(sum(power(abs(t), order), reduce), 1 / order);
    return divide(t, maximum(norm, epsilon));
  });
}
