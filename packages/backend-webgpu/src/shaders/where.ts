/**
 * `where`: out = cond ? a : b with broadcasting, one program per dtype. Parameters:
 * [size, then the box of three operands (cond, a, b; indexing.ts)].
 */
import type { DType } from '@keras/core';
import { elementwiseEntry, header, wgslType } from './common.js';
import { offsetsFunction } from './indexing.js';

/** WGSL of `where` on `dtype` (cond is bool, stored as u32). */
export function whereShader(dtype: DType): string {
  const t = wgslType(dtype);
  return `${header([
    { name: 'cond', type: 'u32', access: 'read' },
    { name: 'lhs', type: t, access: 'read' },
    { name: 'rhs', type: t, access: 'read' },
    { name: 'out', type: t, access: 'read_write' },
  ])}
${offsetsFunction(3, 1)}
${elementwiseEntry('  let o = offsets(i);\n  out[i] = select(rhs[o[2]], lhs[o[1]], cond[o[0]] != 0u);')}`;
}
