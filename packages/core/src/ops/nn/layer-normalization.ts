/**
 * `layerNormalization` (Keras 3's `keras.ops.layer_normalization`): each example
 * normalized over its own `axis` values, then scaled by gamma and offset by beta.
 */
import type { TensorLike } from '../../create.js';
import { tidy } from '../../memory.js';
import { formatShape, normalizeAxes } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { add, multiply, negative, rsqrt } from '../elementwise/index.js';
import { reshape } from '../shape/index.js';
import { floatInput, optionalFloatInput } from './float-input.js';
import { fusedNorm, hasFusedNorm } from './fused-norm.js';
import { moments } from './normalization.js';

/** Options of {@link layerNormalization}. */
export interface LayerNormalizationOptions {
  /** Scale, as many values as the normalized axes hold (their shape); none by default. */
  gamma?: TensorLike | null;
  /** Offset, like gamma; none by default. */
  beta?: TensorLike | null;
  /** The axis or axes to normalize over; default -1. */
  axis?: number | readonly number[];
  /** Added to the variance; default 1e-7 (Keras' `backend.epsilon()`). */
  epsilon?: number;
}

/**
 * (x - mean) / sqrt(variance + epsilon) * gamma + beta with the mean and biased
 * variance over `axis` of each example. One fused kernel each way where the
 * backend has `layerNorm` and the axes are the last ones, else Keras' formula
 * from `moments`.
 */
export function layerNormalization(x: TensorLike, options: LayerNormalizationOptions = {}): Tensor {
  const op = 'layerNormalization';
  return tidy(() => {
    const t = floatInput(x, op);
    if (t.rank === 0) throw new RangeError(`${op}: the input must have at least one dimension, received shape ${formatShape(t.shape)}.`);
    const axes = normalizeAxes(options.axis ?? -1, t.rank, op).sort((a, b) => a - b);
    const epsilon = options.epsilon ?? 1e-7;
    const normShape = axes.map((a) => t.shape[a]!);
    const normSize = normShape.reduce((a, b) => a * b, 1);
    const param = (value: TensorLike | null | undefined, what: string): Tensor | null => {
      const p = optionalFloatInput(value, op);
      if (p !== null && p.size !== normSize) {
        throw new RangeError(`${op}: ${what} has shape ${formatShape(p.shape)}, but axes ${JSON.stringify(axes)} of x ${formatShape(t.shape)} hold ${normSize} values; pass a tensor of shape ${formatShape(normShape)}.`);
      }
      return p;
    };
    const gamma = param(options.gamma, 'gamma');
    const beta = param(options.beta, 'beta');
    const trailing = axes.every((a, i) => a === t.rank - axes.length + i);
    if (trailing && t.size > 0 && hasFusedNorm('layer')) return fusedNorm('layer', t, gamma, beta, normSize, epsilon).output;
    const broadcast = (p: Tensor): Tensor => reshape(p, t.shape.map((d, i) => (axes.includes(i) ? d : 1)));
    const [mean, variance] = moments(t, axes, { keepdims: true });
    let inv = rsqrt(add(variance, epsilon));
    if (gamma) inv = multiply(inv, broadcast(gamma));
    let shift = negative(multiply(mean, inv));
    if (beta) shift = add(shift, broadcast(beta));
    return add(multiply(t, inv), shift);
  });
}
