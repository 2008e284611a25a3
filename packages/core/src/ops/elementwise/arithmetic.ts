/**
 * Broadcasting arithmetic: add, subtract, multiply, divide, power, maximum, minimum, mod, floorDivide.
 */
import type { TensorLike } from '../../create.js';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { arithmeticDType, binaryOp, type BinarySpec } from './binary-op.js';
import { greater, greaterEqual, lessEqual } from './comparison.js';
import { negative } from './unary-sign.js';
import { log } from './unary-math.js';
import { where } from './where.js';

const floatOnly = (): DType => 'float32';

const addSpec: BinarySpec = {
  op: 'add', name: 'add', computeDType: arithmeticDType,
  backward: (_a, _b, _y, dy) => [dy, dy],
};
const subtractSpec: BinarySpec = {
  op: 'sub', name: 'subtract', computeDType: arithmeticDType,
  backward: (_a, _b, _y, dy, need) => [dy, need[1] ? negative(dy) : null],
};
const multiplySpec: BinarySpec = {
  op: 'mul', name: 'multiply', computeDType: arithmeticDType,
  backward: (a, b, _y, dy, need) => [need[0] ? multiply(dy, b) : null, need[1] ? multiply(dy, a) : null],
};
const divideSpec: BinarySpec = {
  op: 'div', name: 'divide', computeDType: floatOnly,
  // d(a/b)/db = -a/b^2 = -y/b.
  backward: (_a, b, y, dy, need) => [need[0] ? divide(dy, b) : null, need[1] ? negative(divide(multiply(dy, y), b)) : null],
};
const powerSpec: BinarySpec = {
  op: 'pow', name: 'power', computeDType: arithmeticDType,
  // d/da = b a^(b-1); d/db = a^b log(a), defined only where a > 0 (0 elsewhere, as TensorFlow).
  backward: (a, b, y, dy, need) => [
    need[0] ? multiply(dy, multiply(b, power(a, subtract(b, 1)))) : null,
    need[1] ? where(greater(a, 0), multiply(dy, multiply(y, log(a))), 0) : null,
  ],
};
/**
 * maximum / minimum: `mask(a, b)` marks where a wins. Ties send the whole gradient
 * to x1, as TensorFlow does (JAX splits it in half).
 */
function extremumSpec(op: 'max' | 'min', name: string, mask: (a: Tensor, b: Tensor) => Tensor): BinarySpec {
  return {
    op, name, computeDType: arithmeticDType,
    backward: (a, b, _y, dy, need) => {
      const m = mask(a, b);
      return [need[0] ? where(m, dy, 0) : null, need[1] ? where(m, 0, dy) : null];
    },
  };
}
const maximumSpec = extremumSpec('max', 'maximum', greaterEqual);
const minimumSpec = extremumSpec('min', 'minimum', lessEqual);
const modSpec: BinarySpec = {
  op: 'mod', name: 'mod', computeDType: arithmeticDType,
  // a mod b = a - floor(a/b) b.
  backward: (a, b, _y, dy, need) => [dy, need[1] ? negative(multiply(dy, floorDivide(a, b))) : null],
};
const floorDivideSpec: BinarySpec = { op: 'floorDiv', name: 'floorDivide', computeDType: arithmeticDType };

/** `x1 + x2` with broadcasting (Keras' `ops.add`). */
export function add(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(addSpec, x1, x2);
}

/** `x1 - x2` with broadcasting. */
export function subtract(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(subtractSpec, x1, x2);
}

/** `x1 * x2` with broadcasting. */
export function multiply(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(multiplySpec, x1, x2);
}

/** `x1 / x2` with broadcasting; integer operands give float32 (true division). */
export function divide(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(divideSpec, x1, x2);
}

/** Alias of {@link divide} (Keras' `ops.true_divide`). */
export const trueDivide = divide;

/** `x1 ** x2` with broadcasting; int32 uses integer exponentiation (negative exponents give 0). */
export function power(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(powerSpec, x1, x2);
}

/** Alias of {@link power}. */
export const pow = power;

/** Element-wise maximum; on ties the gradient goes to `x1`. */
export function maximum(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(maximumSpec, x1, x2);
}

/** Element-wise minimum; on ties the gradient goes to `x1`. */
export function minimum(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(minimumSpec, x1, x2);
}

/** Remainder with the divisor's sign (Python's `%`); int32 `mod` by zero gives 0. */
export function mod(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(modSpec, x1, x2);
}

/** `floor(x1 / x2)`, keeping int32 for integers (int32 division by zero gives 0). No gradient. */
export function floorDivide(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(floorDivideSpec, x1, x2);
}
