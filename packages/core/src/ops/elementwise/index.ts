/**
 * Element-wise ops: casts, unary math, broadcasting arithmetic, comparisons, selection.
 */
export { cast } from './cast.js';
export { unbroadcast } from './unbroadcast.js';
export { exp, expm1, log, log1p, sqrt, rsqrt, reciprocal, sin, cos, tan, tanh, erf } from './unary-math.js';
export { abs, negative, sign, square, floor, ceil, round } from './unary-sign.js';
export { isnan, isinf, isfinite, logicalNot } from './predicates.js';
export { add, subtract, multiply, divide, trueDivide, power, pow, maximum, minimum, mod, floorDivide } from './arithmetic.js';
export { equal, notEqual, less, lessEqual, greater, greaterEqual, logicalAnd, logicalOr, logicalXor } from './comparison.js';
export { where, clip } from './where.js';
