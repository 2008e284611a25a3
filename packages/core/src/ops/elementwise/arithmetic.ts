/**
 * Broadcasting arithmetic: add, subtract, multiply, divide, power, maximum, minimum, mod, floorDivide.
 */
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { arithmeticDType, binaryFn, type BinaryFn } from './binary-op.js';
import { greater, greaterEqual, lessEqual } from './comparison.js';
import { negative } from './unary-sign.js';
import { log } from './unary-math.js';
import { where } from './where.js';

const floatOnly = (): DType => 'float32';

/** `x1 + x2` with broadcasting (Keras' `ops.add`). */
export const add: BinaryFn = binaryFn({
  op: 'add', name: 'add', computeDType: arithmeticDType,
  backward: (_a, _b, _y, dy) => [dy, dy],
});

/** `x1 - x2` with broadcasting. */
export const subtract: BinaryFn = binaryFn({
  op: 'sub', name: 'subtract', computeDType: arithmeticDType,
  backward: (_a, _b, _y, dy, need) => [dy, need[1] ? negative(dy) : null],
});

/** `x1 * x2` with broadcasting. */
export const multiply: BinaryFn = binaryFn({
  op: 'mul', name: 'multiply', computeDType: arithmeticDType,
  backward: (a, b, _y, dy, need) => [need[0] ? multiply(dy, b) : null, need[1] ? multiply(dy, a) : null],
});

/** `x1 / x2` with broadcasting; integer operands give float32 (true division). */
export const divide: BinaryFn = binaryFn({
  op: 'div', name: 'divide', computeDType: floatOnly,
  // d(a/b)/db = -a/b^2 = -y/b.
  backward: (_a, b, y, dy, need) => [need[0] ? divide(dy, b) : null, need[1] ? negative(divide(multiply(dy, y), b)) : null],
});

/** Alias of {@link divide} (Keras' `ops.true_divide`). */
export const trueDivide = divide;

/** `x1 ** x2` with broadcasting; int32 uses integer exponentiation (negative exponents give 0). */
export const power: BinaryFn = binaryFn({
  op: 'pow', name: 'power', computeDType: arithmeticDType,
  // d/da = b a^(b-1); d/db = a^b log(a), defined only where a > 0 (0 elsewhere, as TensorFlow).
  backward: (a, b, y, dy, need) => [
    need[0] ? multiply(dy, multiply(b, power(a, subtract(b, 1)))) : null,
    need[1] ? where(greater(a, 0), multiply(dy, multiply(y, log(a))), 0) : null,
  ],
});

/** Alias of {@link power}. */
export const pow = power;

/**
 * maximum / minimum: `mask(a, b)` marks where a wins. Ties send the whole gradient
 * to x1, as TensorFlow does (JAX splits it in half).
 */
function extremum(op: 'max' | 'min', name: string, mask: (a: Tensor, b: Tensor) => Tensor): BinaryFn {
  return binaryFn({
    op, name, computeDType: arithmeticDType,
    backward: (a, b, _y, dy, need) => {
      const m = mask(a, b);
      return [need[0] ? where(m, dy, 0) : null, need[1] ? where(m, 0, dy) : null];
    },
  });
}

/** Element-wise maximum; on ties the gradient goes to `x1`. */
export const maximum = extremum('max', 'maximum', (a, b) => greaterEqual(a, b));

/** Element-wise minimum; on ties the gradient goes to `x1`. */
export const minimum = extremum('min', 'minimum', (a, b) => lessEqual(a, b));

/** Remainder with the divisor's sign (Python's `%`); int32 `mod` by zero gives 0. */
export const mod: BinaryFn = binaryFn({
  op: 'mod', name: 'mod', computeDType: arithmeticDType,
  // a mod b = a - floor(a/b) b.
  backward: (a, b, _y, dy, need) => [dy, need[1] ? negative(multiply(dy, floorDivide(a, b))) : null],
});

/** `floor(x1 / x2)`, keeping int32 for integers (int32 division by zero gives 0). No gradient. */
export const floorDivide: BinaryFn = binaryFn({ op: 'floorDiv', name: 'floorDivide', computeDType: arithmeticDType });
