/**
 * `softmax` and `logSoftmax` (Keras 3's `keras.ops.softmax`, `log_softmax`): a fused
 * backend kernel over the last axis when the backend has one, else exp/sum/max.
 */
import { stopGradient } from '../../autodiff.js';
import { empty, type TensorLike } from '../../create.js';
import { hasKernel, kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { formatShape, normalizeAxes } from '../../shape.js';
import { record } from '../../tape.js';
import { Tensor } from '../../tensor.js';
import { divide, exp, log, multiply, subtract } from '../elementwise/index.js';
import { max, sum } from '../reduction/index.js';
import { moveaxis } from '../shape/index.js';
import { floatInput } from './float-input.js';
import { rememberLogits } from './logits.js';

/** Options of {@link softmax} and {@link logSoftmax}. */
export interface SoftmaxOptions {
  /** The axis (or axes) the probabilities sum to 1 over; default -1. */
  axis?: number | readonly number[];
}

type SoftmaxKind = 'softmax' | 'logSoftmax';

/**
 * The fused kernel over the last axis, with the gradient
 * softmax: y * (dy - sum(dy * y)); logSoftmax: dy - exp(y) * sum(dy).
 */
function fusedLastAxis(kind: SoftmaxKind, x: Tensor): Tensor {
  const y = empty(x.shape, 'float32');
  const axisSize = x.shape[x.rank - 1]!;
  if (y.size > 0) kernel(kind)({ x: x.dataId, out: y.dataId, outer: x.size / axisSize, axisSize });
  record(kind, [x], y, (dy) => {
    const reduce = { axis: -1, keepdims: true };
    if (kind === 'softmax') return [multiply(y, subtract(dy, sum(multiply(dy, y), reduce)))];
    return [subtract(dy, multiply(exp(y), sum(dy, reduce)))];
  });
  return y;
}

/** exp/sum/max composition over any axes; the max shift carries no gradient (softmax is shift-invariant). */
function composite(kind: SoftmaxKind, x: Tensor, axes: number[]): Tensor {
  const reduce = { axis: axes, keepdims: true };
  const shifted = subtract(x, stopGradient(max(x, reduce)));
  if (kind === 'logSoftmax') return subtract(shifted, log(sum(exp(shifted), reduce)));
  const e = exp(shifted);
  return divide(e, sum(e, reduce));
}

/** Dispatches to the fused kernel (moving a single axis last if needed) or the composite. */
function softmaxLike(kind: SoftmaxKind, input: TensorLike, options: SoftmaxOptions): Tensor {
  return tidy(() => {
    const x = floatInput(input, kind);
    if (x.rank === 0) throw new RangeError(`${kind}: the input must have at least one dimension, received shape ${formatShape(x.shape)}.`);
    const axes = normalizeAxes(options.axis ?? -1, x.rank, kind);
    if (axes.length !== 1 || !hasKernel(kind)) return composite(kind, x, axes);
    const axis = axes[0]!;
    if (axis === x.rank - 1) return fusedLastAxis(kind, x);
    return moveaxis(fusedLastAxis(kind, moveaxis(x, axis, -1)), -1, axis);
  });
}

/**
 * exp(x) / sum(exp(x)) along `axis` (default -1), computed stably; int input becomes float32.
 * Over one axis, the crossentropies given the result use `x` as logits (see logits.ts).
 */
export function softmax(x: TensorLike, options: SoftmaxOptions = {}): Tensor {
  const y = softmaxLike('softmax', x, options);
  if (x instanceof Tensor && x.dtype === 'float32') rememberLogits(y, x, options.axis ?? -1);
  return y;
}

/** log(softmax(x)) along `axis` (default -1), computed stably as x - logSumExp(x). */
export function logSoftmax(x: TensorLike, options: SoftmaxOptions = {}): Tensor {
  return softmaxLike('logSoftmax', x, options);
}
