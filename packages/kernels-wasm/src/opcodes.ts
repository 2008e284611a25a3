/**
 * Op names in the order of the enums in assembly/opcodes.ts: an op's code is its
 * index here (test/opcodes.test.ts checks both lists agree).
 */
import type { BinaryOp, FusedActivation, ReduceOp, UnaryOp } from './types.js';

/** Unary ops, in code order. */
export const UNARY_OPS: readonly UnaryOp[] = [
  'abs', 'neg', 'sign', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt',
  'square', 'reciprocal', 'sin', 'cos', 'tan', 'tanh', 'erf',
  'floor', 'ceil', 'round',
  'relu', 'relu6', 'leakyRelu', 'elu', 'selu', 'sigmoid', 'hardSigmoid',
  'softplus', 'softsign', 'silu', 'gelu', 'geluExact',
  'logicalNot', 'isnan', 'isinf', 'isfinite',
];

/** Binary ops, in code order. */
export const BINARY_OPS: readonly BinaryOp[] = [
  'add', 'sub', 'mul', 'div', 'pow', 'max', 'min', 'mod', 'floorDiv',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge',
  'logicalAnd', 'logicalOr', 'logicalXor',
];

/** Reductions, in code order. */
export const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'any', 'all', 'argmax', 'argmin'];

/** Fused GEMM activations, in code order. */
export const ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'sigmoid', 'tanh'];

function codes<T extends string>(names: readonly T[]): Record<T, number> {
  return Object.fromEntries(names.map((n, i) => [n, i])) as Record<T, number>;
}

/** Code of each unary op. */
export const UNARY_CODE = codes(UNARY_OPS);
/** Code of each binary op. */
export const BINARY_CODE = codes(BINARY_OPS);
/** Code of each reduction. */
export const REDUCE_CODE = codes(REDUCE_OPS);
/** Code of each fused activation. */
export const ACTIVATION_CODE = codes(ACTIVATIONS);
