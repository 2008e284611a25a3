/**
 * Crossentropy primitives of Keras 3's `keras.ops.nn`: `binaryCrossentropy`,
 * `categoricalCrossentropy`, `sparseCategoricalCrossentropy`. They return the
 * unreduced loss (element-wise for binary, reduced over the class axis only for
 * categorical), as keras.ops does; the losses module averages them.
 */
import { convertToTensor, type TensorLike } from '../../create.js';
import { tidy } from '../../memory.js';
import { formatShape, normalizeAxis, shapesEqual } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { add, cast, clip, divide, log, multiply, negative, subtract } from '../elementwise/index.js';
import { sum } from '../reduction/index.js';
import { oneHot, squeeze } from '../shape/index.js';
import { softplus } from './activations.js';
import { floatInput } from './float-input.js';
import { logitsBehind } from './logits.js';
import { logSoftmax } from './softmax.js';
import { canFuseSoftmaxCrossentropy, softmaxCrossentropy } from './softmax-crossentropy.js';

/** Keras' `backend.epsilon()`: probabilities are clipped to [EPSILON, 1 - EPSILON]. */
const EPSILON = 1e-7;

/** Options of {@link binaryCrossentropy}. */
export interface BinaryCrossentropyOptions {
  /** Whether `output` holds logits rather than probabilities; default false. */
  fromLogits?: boolean;
}

/** Options of {@link categoricalCrossentropy} and {@link sparseCategoricalCrossentropy}. */
export interface CategoricalCrossentropyOptions {
  /** Whether `output` holds logits rather than probabilities; default false. */
  fromLogits?: boolean;
  /** The class axis; default -1. */
  axis?: number;
}

/** Throws unless target and output have the same shape (Keras requires it). */
function checkSameShape(op: string, target: Tensor, output: Tensor): void {
  if (!shapesEqual(target.shape, output.shape)) {
    throw new RangeError(`${op}: target ${formatShape(target.shape)} and output ${formatShape(output.shape)} must have the same shape.`);
  }
}

/**
 * Element-wise binary crossentropy -(t log p + (1 - t) log(1 - p)) between targets and
 * probabilities clipped to [1e-7, 1 - 1e-7]; with `fromLogits`, or when `output` came
 * from `sigmoid` (its logits are then used, as in Keras), the stable form
 * t softplus(-x) + (1 - t) softplus(x).
 */
export function binaryCrossentropy(target: TensorLike, output: TensorLike, options: BinaryCrossentropyOptions = {}): Tensor {
  const op = 'binaryCrossentropy';
  return tidy(() => {
    const t = floatInput(target, op);
    const o = floatInput(output, op);
    checkSameShape(op, t, o);
    const logits = options.fromLogits ? o : logitsBehind(o, null);
    if (logits) return add(multiply(t, softplus(negative(logits))), multiply(subtract(1, t), softplus(logits)));
    const p = clip(o, EPSILON, 1 - EPSILON);
    return negative(add(multiply(t, log(p)), multiply(subtract(1, t), log(subtract(1, p)))));
  });
}

/**
 * -sum(target * log p) over `axis`, with log p the logSoftmax of logits (`output` itself
 * with `fromLogits`, or the logits behind a softmax output over `axis`; one fused kernel
 * over the last axis where the backend has it), else the log of probabilities
 * renormalised over the axis and clipped (Keras).
 */
function crossentropyOverAxis(target: Tensor, output: Tensor, axis: number, fromLogits: boolean): Tensor {
  const logits = fromLogits ? output : logitsBehind(output, axis);
  if (logits && axis === logits.rank - 1 && canFuseSoftmaxCrossentropy(logits)) return softmaxCrossentropy(target, logits);
  let logP: Tensor;
  if (logits) {
    logP = logSoftmax(logits, { axis });
  } else {
    const p = divide(output, sum(output, { axis, keepdims: true }));
    logP = log(clip(p, EPSILON, 1 - EPSILON));
  }
  return negative(sum(multiply(target, logP), { axis }));
}

/**
 * Categorical crossentropy -sum(target * log p) over the class `axis` (default -1),
 * one value per sample. Probabilities are renormalised over the axis and clipped to
 * [1e-7, 1 - 1e-7]; with `fromLogits`, or when `output` came from `softmax` over `axis`
 * (its logits are then used, as in Keras), log p is logSoftmax of the logits.
 */
export function categoricalCrossentropy(target: TensorLike, output: TensorLike, options: CategoricalCrossentropyOptions = {}): Tensor {
  const op = 'categoricalCrossentropy';
  return tidy(() => {
    const t = floatInput(target, op);
    const o = floatInput(output, op);
    checkSameShape(op, t, o);
    if (o.rank < 1) throw new RangeError(`${op}: output must have a class axis, received shape ${formatShape(o.shape)}.`);
    const axis = normalizeAxis(options.axis ?? -1, o.rank, op);
    return crossentropyOverAxis(t, o, axis, options.fromLogits ?? false);
  });
}

/**
 * Categorical crossentropy with integer class indices as targets (cast to int32): target
 * has output's shape without the class `axis` (a trailing axis of size 1 is squeezed).
 * Labels outside [0, classes) select nothing (loss 0), as in Keras' JAX backend.
 */
export function sparseCategoricalCrossentropy(target: TensorLike, output: TensorLike, options: CategoricalCrossentropyOptions = {}): Tensor {
  const op = 'sparseCategoricalCrossentropy';
  return tidy(() => {
    let t = convertToTensor(target, undefined, op);
    const o = floatInput(output, op);
    if (o.rank < 1) throw new RangeError(`${op}: output must have a class axis, received shape ${formatShape(o.shape)}.`);
    const axis = normalizeAxis(options.axis ?? -1, o.rank, op);
    if (t.dtype === 'bool') throw new TypeError(`${op}: target must hold integer class indices, received dtype bool.`);
    if (t.dtype !== 'int32') t = cast(t, 'int32');
    if (t.rank === o.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, -1);
    const expected = o.shape.filter((_, i) => i !== axis);
    if (!shapesEqual(t.shape, expected)) {
      throw new RangeError(`${op}: target ${formatShape(t.shape)} must have output's shape ${formatShape(o.shape)} without the class axis ${axis}, i.e. ${formatShape(expected)}.`);
    }
    const hot = oneHot(t, o.shape[axis]!, { axis });
    return crossentropyOverAxis(hot, o, axis, options.fromLogits ?? false);
  });
}
