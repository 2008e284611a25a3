/**
 * Sign and rounding: abs, negative, sign, square, floor, ceil, round. abs, negative,
 * sign and square keep int32 (bool becomes int32); floor, ceil and round have zero gradient.
 */
import { convertToTensor, type TensorLike } from '../../create.js';
import { tidy } from '../../memory.js';
import type { Tensor } from '../../tensor.js';
import { divide, multiply } from './arithmetic.js';
import { cast } from './cast.js';
import { unaryOp } from './unary-op.js';

/** |x|; the gradient at 0 is 0. */
export function abs(x: TensorLike): Tensor {
  return unaryOp('abs', x, (x, _y, dy) => multiply(dy, sign(x)), { float: false });
}

/** -x. */
export function negative(x: TensorLike): Tensor {
  return unaryOp('neg', x, (_x, _y, dy) => negative(dy), { name: 'negative', float: false });
}

/** -1, 0 or 1 by the sign of x (NaN stays NaN); zero gradient. */
export function sign(x: TensorLike): Tensor {
  return unaryOp('sign', x, null, { float: false });
}

/** x * x. */
export function square(x: TensorLike): Tensor {
  return unaryOp('square', x, (x, _y, dy) => multiply(dy, multiply(x, 2)), { float: false });
}

/** The largest integer <= x (float32 output); zero gradient. */
export function floor(x: TensorLike): Tensor {
  return unaryOp('floor', x, null);
}

/** The smallest integer >= x (float32 output); zero gradient. */
export function ceil(x: TensorLike): Tensor {
  return unaryOp('ceil', x, null);
}

/**
 * Rounds half to even (NumPy's and Keras' `round`) to `decimals` places (default 0);
 * int32 input with `decimals >= 0` comes back unchanged (a new tensor). Zero gradient.
 */
export function round(x: TensorLike, options: { decimals?: number } = {}): Tensor {
  const decimals = options.decimals ?? 0;
  if (!Number.isInteger(decimals)) throw new RangeError(`round: decimals must be an integer, received ${decimals}.`);
  return tidy(() => {
    const t = convertToTensor(x, undefined, 'round');
    if (t.dtype === 'int32' && decimals >= 0) return cast(t, 'int32');
    if (decimals === 0) return unaryOp('round', t, null);
    const scale = 10 ** decimals;
    return divide(unaryOp('round', multiply(t, scale), null), scale);
  });
}
