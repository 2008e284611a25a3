/**
 * Broadcasting comparisons and logical ops; all output bool and have no gradient.
 */
import type { BinaryOp } from '../../backend/kernels.js';
import type { DType } from '../../dtype.js';
import { binaryFn, type BinaryFn } from './binary-op.js';

/** A comparison: computed in the promoted dtype, output bool. */
function comparison(op: BinaryOp, name: string): BinaryFn {
  return binaryFn({ op, name, computeDType: (d) => d, boolOutput: true });
}

/** A logical op: operands are cast to bool (nonzero is true), as Keras does. */
function logical(op: BinaryOp, name: string): BinaryFn {
  return binaryFn({ op, name, computeDType: (): DType => 'bool', boolOutput: true });
}

/** `x1 == x2` element-wise (bool). */
export const equal = comparison('eq', 'equal');

/** `x1 != x2` element-wise (bool). */
export const notEqual = comparison('ne', 'notEqual');

/** `x1 < x2` element-wise (bool). */
export const less = comparison('lt', 'less');

/** `x1 <= x2` element-wise (bool). */
export const lessEqual = comparison('le', 'lessEqual');

/** `x1 > x2` element-wise (bool). */
export const greater = comparison('gt', 'greater');

/** `x1 >= x2` element-wise (bool). */
export const greaterEqual = comparison('ge', 'greaterEqual');

/** Element-wise logical AND (operands cast to bool). */
export const logicalAnd = logical('logicalAnd', 'logicalAnd');

/** Element-wise logical OR (operands cast to bool). */
export const logicalOr = logical('logicalOr', 'logicalOr');

/** Element-wise logical XOR (operands cast to bool). */
export const logicalXor = logical('logicalXor', 'logicalXor');
