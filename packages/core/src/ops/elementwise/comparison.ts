/**
 * Broadcasting comparisons and logical ops; all output bool and have no gradient.
 */
import type { BinaryOp } from '../../backend/kernels.js';
import type { TensorLike } from '../../create.js';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { binaryOp, type BinarySpec } from './binary-op.js';

function compareSpec(op: BinaryOp, name: string): BinarySpec {
  return { op, name, computeDType: (d) => d, boolOutput: true };
}

/** Logical ops cast their operands to bool (nonzero is true), as Keras does. */
function logicalSpec(op: BinaryOp, name: string): BinarySpec {
  return { op, name, computeDType: (): DType => 'bool', boolOutput: true };
}

const specs = {
  equal: compareSpec('eq', 'equal'),
  notEqual: compareSpec('ne', 'notEqual'),
  less: compareSpec('lt', 'less'),
  lessEqual: compareSpec('le', 'lessEqual'),
  greater: compareSpec('gt', 'greater'),
  greaterEqual: compareSpec('ge', 'greaterEqual'),
  logicalAnd: logicalSpec('logicalAnd', 'logicalAnd'),
  logicalOr: logicalSpec('logicalOr', 'logicalOr'),
  logicalXor: logicalSpec('logicalXor', 'logicalXor'),
};

/** `x1 == x2` element-wise (bool). */
export function equal(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(specs.equal, x1, x2);
}

/** `x1 != x2` element-wise (bool). */
export function notEqual(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(specs.notEqual, x1, x2);
}

/** `x1 < x2` element-wise (bool). */
export function less(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(specs.less, x1, x2);
}

/** `x1 <= x2` element-wise (bool). */
export function lessEqual(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(specs.lessEqual, x1, x2);
}

/** `x1 > x2` element-wise (bool). */
export function greater(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(specs.greater, x1, x2);
}

/** `x1 >= x2` element-wise (bool). */
export function greaterEqual(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(specs.greaterEqual, x1, x2);
}

/** Element-wise logical AND (operands cast to bool). */
export function logicalAnd(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(specs.logicalAnd, x1, x2);
}

/** Element-wise logical OR (operands cast to bool). */
export function logicalOr(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(specs.logicalOr, x1, x2);
}

/** Element-wise logical XOR (operands cast to bool). */
export function logicalXor(x1: TensorLike, x2: TensorLike): Tensor {
  return binaryOp(specs.logicalXor, x1, x2);
}
