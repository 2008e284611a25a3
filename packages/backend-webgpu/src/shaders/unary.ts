/**
 * Element-wise unary programs: one per (op, dtype). Parameters: [size, alpha bits].
 * float32 formulas follow the wasm kernels (stable sigmoid, tanh from expm1,
 * GELU as x sigmoid(2u), exact GELU from erfc).
 */
import type { DType, UnaryOp } from '@keras/core';
import { elementwiseEntry, header, wgslType } from './common.js';
import { MATH_WGSL } from './math.js';

/** float32 expressions of `x` (and `alpha`, leakyRelu's slope or elu's scale). */
const FLOAT_OPS: Partial<Record<UnaryOp, string>> = {
  abs: 'abs(x)',
  neg: '-x',
  sign: 'select(select(select(0.0, 1.0, x > 0.0), -1.0, x < 0.0), x, isNan(x))',
  exp: 'exp(x)',
  expm1: 'expm1F(x)',
  log: 'log(x)',
  log1p: 'log1pF(x)',
  sqrt: 'sqrt(x)',
  rsqrt: '1.0 / sqrt(x)',
  square: 'x * x',
  reciprocal: '1.0 / x',
  sin: 'sinF(x)',
  cos: 'cosF(x)',
  tan: 'tanF(x)',
  tanh: 'tanhF(x)',
  erf: 'erfF(x)',
  floor: 'floor(x)',
  ceil: 'ceil(x)',
  round: 'round(x)', // WGSL rounds half to even
  relu: 'select(x, 0.0, x < 0.0)',
  relu6: 'select(min(x, 6.0), 0.0, x < 0.0)',
  leakyRelu: 'select(x * alpha, x, x > 0.0)',
  elu: 'select(alpha * expm1F(x), x, x > 0.0)',
  selu: '1.0507009873554805 * select(1.6732632423543772 * expm1F(x), x, x > 0.0)',
  sigmoid: 'sigmoidF(x)',
  // Keras 3: relu6(x + 3) / 6, exact near 0 where x / 6 + 0.5 would cancel.
  hardSigmoid: 'clamp(x + 3.0, 0.0, 6.0) / 6.0',
  // max(x, 0) + log1p(e^-|x|): never overflows.
  softplus: 'max(x, 0.0) + log1pF(exp(-abs(x)))',
  softsign: 'x / (1.0 + abs(x))',
  silu: 'x * sigmoidF(x)',
  // 0.5 x (1 + tanh(u)) = x sigmoid(2u): no cancellation for negative x.
  gelu: 'x * sigmoidF(1.5957691216057308 * (x + 0.044715 * x * x * x))',
  geluExact: '0.5 * x * erfcF(-x * 0.7071067811865476)',
};

/** int32 expressions (WGSL integer arithmetic wraps, as int32 does). */
const INT_OPS: Partial<Record<UnaryOp, string>> = {
  abs: 'abs(x)',
  neg: '-x',
  sign: 'select(select(0, 1, x > 0), -1, x < 0)',
  square: 'x * x',
  relu: 'max(x, 0)',
  relu6: 'clamp(x, 0, 6)',
  floor: 'x',
  ceil: 'x',
  round: 'x',
};

/** Predicates on float32 bits, giving bool (u32 0/1). */
const PREDICATES: Partial<Record<UnaryOp, string>> = {
  isnan: 'isNan(x)',
  isinf: 'isInf(x)',
  isfinite: 'isFinite(x)',
};

/** The expression of `op` on `dtype` and the output element type, or null when the op is undefined there. */
function unaryExpression(op: UnaryOp, dtype: DType): { expr: string; outType: string } | null {
  if (op === 'logicalNot') return { expr: `select(0u, 1u, x == ${dtype === 'float32' ? '0.0' : `${wgslType(dtype)}(0)`})`, outType: 'u32' };
  const predicate = PREDICATES[op];
  if (predicate) {
    // Integers are always finite.
    const expr = dtype === 'float32' ? predicate : op === 'isfinite' ? 'true' : 'false';
    return { expr: `select(0u, 1u, ${expr})`, outType: 'u32' };
  }
  const expr = dtype === 'float32' ? FLOAT_OPS[op] : dtype === 'int32' ? INT_OPS[op] : undefined;
  return expr ? { expr, outType: wgslType(dtype) } : null;
}

/** Whether the unary program exists for `op` on `dtype`. */
export function hasUnary(op: UnaryOp, dtype: DType): boolean {
  return unaryExpression(op, dtype) !== null;
}

/** WGSL of `op` on `dtype` (check {@link hasUnary} first). */
export function unaryShader(op: UnaryOp, dtype: DType): string {
  const { expr, outType } = unaryExpression(op, dtype)!;
  return `${header([
    { name: 'xs', type: wgslType(dtype), access: 'read' },
    { name: 'out', type: outType, access: 'read_write' },
  ])}
${MATH_WGSL}
${elementwiseEntry(`  let x = xs[i];\n  let alpha = pf(1u);\n  out[i] = ${expr};`)}`;
}
