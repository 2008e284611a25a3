/**
 * Float math functions: exp, expm1, log, log1p, sqrt, rsqrt, reciprocal, sin, cos,
 * tan, tanh, erf. int32 and bool inputs are cast to float32 first (as Keras does).
 */
import type { TensorLike } from '../../create.js';
import type { Tensor } from '../../tensor.js';
import { add, divide, multiply } from './arithmetic.js';
import { activationGrad } from './activation-grad.js';
import { unaryOp } from './unary-op.js';
import { negative, square } from './unary-sign.js';

/** 2 / sqrt(pi), the scale of erf's derivative. */
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** e^x. */
export function exp(x: TensorLike): Tensor {
  return unaryOp('exp', x, (_x, y, dy) => multiply(dy, y));
}

/** e^x - 1, accurate near 0. */
export function expm1(x: TensorLike): Tensor {
  return unaryOp('expm1', x, (_x, y, dy) => multiply(dy, add(y, 1)));
}

/** Natural logarithm (NaN below 0, -Inf at 0). */
export function log(x: TensorLike): Tensor {
  return unaryOp('log', x, (x, _y, dy) => divide(dy, x));
}

/** log(1 + x), accurate near 0. */
export function log1p(x: TensorLike): Tensor {
  return unaryOp('log1p', x, (x, _y, dy) => divide(dy, add(x, 1)));
}

/** Square root. */
export function sqrt(x: TensorLike): Tensor {
  return unaryOp('sqrt', x, (_x, y, dy) => divide(multiply(dy, 0.5), y));
}

/** 1 / sqrt(x) (Keras' `ops.rsqrt`). */
export function rsqrt(x: TensorLike): Tensor {
  // d/dx x^(-1/2) = -y / (2x).
  return unaryOp('rsqrt', x, (x, y, dy) => divide(multiply(dy, multiply(y, -0.5)), x));
}

/** 1 / x. */
export function reciprocal(x: TensorLike): Tensor {
  return unaryOp('reciprocal', x, (_x, y, dy) => negative(multiply(dy, square(y))));
}

/** Sine. */
export function sin(x: TensorLike): Tensor {
  return unaryOp('sin', x, (x, _y, dy) => multiply(dy, cos(x)));
}

/** Cosine. */
export function cos(x: TensorLike): Tensor {
  return unaryOp('cos', x, (x, _y, dy) => negative(multiply(dy, sin(x))));
}

/** Tangent. */
export function tan(x: TensorLike): Tensor {
  return unaryOp('tan', x, (_x, y, dy) => multiply(dy, add(square(y), 1)));
}

/** Hyperbolic tangent. */
export function tanh(x: TensorLike): Tensor {
  return unaryOp('tanh', x, (_x, y, dy) => activationGrad('tanh', y, dy));
}

/** The Gauss error function. */
export function erf(x: TensorLike): Tensor {
  return unaryOp('erf', x, (x, _y, dy) => multiply(dy, multiply(exp(negative(square(x))), TWO_OVER_SQRT_PI)));
}
