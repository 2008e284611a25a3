/**
 * Element-wise activations of Keras 3's `keras.ops.nn`, each one backend kernel with an
 * exact derivative written from ops. Float activations cast int32/bool to float32;
 * relu and relu6 keep int32.
 */
import { convertToTensor, type TensorLike } from '../../create.js';
import { tidy } from '../../memory.js';
import { Tensor } from '../../tensor.js';
import { add, abs, divide, erf, exp, greater, less, logicalAnd, multiply, negative, square, subtract, tanh, where } from '../elementwise/index.js';
import { activationGrad } from '../elementwise/activation-grad.js';
import { unaryOp } from '../elementwise/unary-op.js';
import { rememberLogits } from './logits.js';

/** SELU's constants (Klambauer et al. 2017), as in Keras. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
/** sqrt(2 / pi) and the cubic coefficient of GELU's tanh approximation. */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

/** dy where `x` lies in the open interval (lo, hi), 0 elsewhere (times `scale`). */
function gradInside(x: Tensor, dy: Tensor, lo: number, hi: number, scale = 1): Tensor {
  const inside = logicalAnd(greater(x, lo), less(x, hi));
  return where(inside, scale === 1 ? dy : multiply(dy, scale), 0);
}

/** max(x, 0); the gradient at 0 is 0. */
export function relu(x: TensorLike): Tensor {
  return unaryOp('relu', x, (_x, y, dy) => activationGrad('relu', y, dy), { float: false });
}

/** min(max(x, 0), 6). */
export function relu6(x: TensorLike): Tensor {
  return unaryOp('relu6', x, (x, _y, dy) => gradInside(x, dy, 0, 6), { float: false });
}

/** x for x > 0, negativeSlope * x otherwise (Keras' default negativeSlope 0.2). */
export function leakyRelu(x: TensorLike, options: { negativeSlope?: number } = {}): Tensor {
  const slope = options.negativeSlope ?? 0.2;
  return unaryOp('leakyRelu', x, (x, _y, dy) => where(greater(x, 0), dy, multiply(dy, slope)), { alpha: slope });
}

/** Exponential linear unit: x for x > 0, alpha * (e^x - 1) otherwise (default alpha 1). */
export function elu(x: TensorLike, options: { alpha?: number } = {}): Tensor {
  const alpha = options.alpha ?? 1;
  return unaryOp('elu', x, (x, y, dy) => where(greater(x, 0), dy, multiply(dy, add(y, alpha))), { alpha });
}

/** Scaled exponential linear unit: scale * elu(x, alpha) with SELU's fixed constants. */
export function selu(x: TensorLike): Tensor {
  return unaryOp('selu', x, (x, y, dy) => where(greater(x, 0), multiply(dy, SELU_SCALE), multiply(dy, add(y, SELU_SCALE * SELU_ALPHA))));
}

/**
 * Gaussian error linear unit. `approximate` (Keras' default true) uses
 * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); false uses x * Phi(x) with erf.
 */
export function gelu(x: TensorLike, options: { approximate?: boolean } = {}): Tensor {
  if (options.approximate ?? true) {
    return unaryOp('gelu', x, (x, _y, dy) => {
      const x2 = square(x);
      const t = tanh(multiply(multiply(x, add(multiply(x2, GELU_CUBIC), 1)), GELU_C));
      const dInner = multiply(add(multiply(x2, 3 * GELU_CUBIC), 1), GELU_C);
      const slope = multiply(subtract(1, square(t)), dInner);
      return multiply(dy, multiply(add(add(t, 1), multiply(x, slope)), 0.5));
    });
  }
  return unaryOp('geluExact', x, (x, _y, dy) => {
    const cdf = multiply(add(erf(multiply(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = multiply(exp(multiply(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return multiply(dy, add(cdf, multiply(x, pdf)));
  }, { name: 'gelu' });
}

/** 1 / (1 + e^-x). The crossentropies given the result use float32 `x` as logits (see logits.ts). */
export function sigmoid(x: TensorLike): Tensor {
  const y = unaryOp('sigmoid', x, (_x, y, dy) => activationGrad('sigmoid', y, dy));
  if (x instanceof Tensor && x.dtype === 'float32') rememberLogits(y, x, null);
  return y;
}

/** Keras 3's hard sigmoid: relu6(x + 3) / 6, i.e. clip(x / 6 + 0.5, 0, 1). */
export function hardSigmoid(x: TensorLike): Tensor {
  return unaryOp('hardSigmoid', x, (x, _y, dy) => gradInside(x, dy, -3, 3, 1 / 6));
}

/** log(1 + e^x), computed stably. */
export function softplus(x: TensorLike): Tensor {
  return unaryOp('softplus', x, (x, _y, dy) => multiply(dy, sigmoid(x)));
}

/** x / (1 + |x|). */
export function softsign(x: TensorLike): Tensor {
  return unaryOp('softsign', x, (x, _y, dy) => divide(dy, square(add(abs(x), 1))));
}

/** Sigmoid linear unit x * sigmoid(x) (also called swish). */
export function silu(x: TensorLike): Tensor {
  return unaryOp('silu', x, (x, _y, dy) => {
    const s = sigmoid(x);
    return multiply(dy, multiply(s, add(multiply(x, subtract(1, s)), 1)));
  });
}

/** Alias of {@link silu} (Keras' `ops.swish`). */
export const swish = silu;

/** log(sigmoid(x)) = -softplus(-x), stable for large |x|. */
export function logSigmoid(x: TensorLike): Tensor {
  return tidy(() => negative(softplus(negative(x))));
}

/** Hard SiLU: x * hardSigmoid(x) = x * relu6(x + 3) / 6 (also called hard swish). */
export function hardSilu(x: TensorLike): Tensor {
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'hardSilu');
    return multiply(t, hardSigmoid(t));
  });
}

/** Alias of {@link hardSilu} (Keras' `ops.hard_swish`). */
export const hardSwish = hardSilu;
