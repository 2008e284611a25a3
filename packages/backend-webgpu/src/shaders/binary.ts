/**
 * Element-wise binary programs with NumPy broadcasting: one per (op, dtype, flat).
 * Flat programs read both operands at the output index; strided ones walk the
 * collapsed broadcast box. Parameters: [size, then the box (indexing.ts)].
 * Integer ops follow Python (floor division and modulo; by zero gives 0);
 * bool arithmetic is done on int32 and stored as `!= 0`.
 */
import type { BinaryOp, DType } from '@keras/core';
import { elementwiseEntry, header, wgslType } from './common.js';
import { offsetsFunction } from './indexing.js';
import { MATH_WGSL } from './math.js';

const COMPARISONS: Partial<Record<BinaryOp, string>> = {
  eq: 'a == b', ne: 'a != b', lt: 'a < b', le: 'a <= b', gt: 'a > b', ge: 'a >= b',
};

const FLOAT_OPS: Partial<Record<BinaryOp, string>> = {
  add: 'a + b', sub: 'a - b', mul: 'a * b', div: 'a / b', pow: 'powF(a, b)',
  max: 'maxF(a, b)', min: 'minF(a, b)', mod: 'modF(a, b)', floorDiv: 'floor(a / b)',
};

const INT_OPS: Partial<Record<BinaryOp, string>> = {
  add: 'a + b', sub: 'a - b', mul: 'a * b', pow: 'powI(a, b)',
  max: 'max(a, b)', min: 'min(a, b)', mod: 'modI(a, b)', floorDiv: 'floorDivI(a, b)',
};

/** Python's modulo and floor division for float32 and int32. */
const PYTHON_WGSL = /* wgsl */ `
fn modF(a: f32, b: f32) -> f32 { return a - b * floor(a / b); }
fn modI(a: i32, b: i32) -> i32 {
  if (b == 0 || b == -1) { return 0; }
  let r = a % b;
  return select(r, r + b, r != 0 && ((r ^ b) < 0));
}
fn floorDivI(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  if (b == -1) { return 0 - a; }
  let q = a / b;
  return select(q, q - 1, q * b != a && ((a ^ b) < 0));
}
`;

/** The result expression and its WGSL type, from operands `a`, `b` already loaded as `dtype`. */
function binaryExpression(op: BinaryOp, dtype: DType): { expr: string; outType: string } | null {
  const zero = dtype === 'float32' ? '0.0' : `${wgslType(dtype)}(0)`;
  const truthy = (v: string): string => `(${v} != ${zero})`;
  if (op === 'logicalAnd') return { expr: `select(0u, 1u, ${truthy('a')} && ${truthy('b')})`, outType: 'u32' };
  if (op === 'logicalOr') return { expr: `select(0u, 1u, ${truthy('a')} || ${truthy('b')})`, outType: 'u32' };
  if (op === 'logicalXor') return { expr: `select(0u, 1u, ${truthy('a')} != ${truthy('b')})`, outType: 'u32' };
  const cmp = COMPARISONS[op];
  if (cmp) return { expr: `select(0u, 1u, ${cmp})`, outType: 'u32' };
  if (dtype === 'float32') return FLOAT_OPS[op] ? { expr: FLOAT_OPS[op], outType: 'f32' } : null;
  const int = INT_OPS[op];
  if (!int) return null;
  if (dtype === 'int32') return { expr: int, outType: 'i32' };
  // bool arithmetic: as int32 on 0/1, stored as != 0.
  const asInt = int.replace(/\ba\b/g, 'i32(a)').replace(/\bb\b/g, 'i32(b)');
  return { expr: `select(0u, 1u, ${asInt} != 0)`, outType: 'u32' };
}

/** Whether the binary program exists for `op` on `dtype`. */
export function hasBinary(op: BinaryOp, dtype: DType): boolean {
  return binaryExpression(op, dtype) !== null;
}

/** WGSL of `op` on `dtype`; `flat` when both operands are read at the output index. */
export function binaryShader(op: BinaryOp, dtype: DType, flat: boolean): string {
  const { expr, outType } = binaryExpression(op, dtype)!;
  const t = wgslType(dtype);
  const load = flat
    ? '  let a = lhs[i];\n  let b = rhs[i];'
    : '  let o = offsets(i);\n  let a = lhs[o[0]];\n  let b = rhs[o[1]];';
  return `${header([
    { name: 'lhs', type: t, access: 'read' },
    { name: 'rhs', type: t, access: 'read' },
    { name: 'out', type: outType, access: 'read_write' },
  ])}
${MATH_WGSL}
${PYTHON_WGSL}
${flat ? '' : offsetsFunction(2, 1)}
${elementwiseEntry(`${load}\n  out[i] = ${expr};`)}`;
}
