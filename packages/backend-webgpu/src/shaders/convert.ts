/**
 * cast, fill and copy. Parameters: [size] (fill: [size, value bits]).
 * float32 -> int32 truncates toward zero (WGSL's conversion saturates; NaN gives 0);
 * anything -> bool is `!= 0` (NaN is true); bool is a u32 holding 0 or 1.
 */
import type { DType } from '@keras/core';
import { elementwiseEntry, header, wgslType } from './common.js';
import { MATH_WGSL } from './math.js';

/** The conversion of `x` (loaded as `from`) to `to`. */
function conversion(from: DType, to: DType): string {
  if (to === 'bool') return from === 'float32' ? 'select(1u, 0u, x == 0.0)' : `select(0u, 1u, x != ${wgslType(from)}(0))`;
  if (from === 'float32' && to === 'int32') return 'select(i32(x), 0, isNan(x))';
  return `${wgslType(to)}(x)`;
}

/** WGSL casting `from` to `to` (different dtypes). */
export function castShader(from: DType, to: DType): string {
  return `${header([
    { name: 'xs', type: wgslType(from), access: 'read' },
    { name: 'out', type: wgslType(to), access: 'read_write' },
  ])}
${MATH_WGSL}
${elementwiseEntry(`  let x = xs[i];\n  out[i] = ${conversion(from, to)};`)}`;
}

/** WGSL writing one 32-bit pattern into every element. */
export function fillShader(): string {
  return `${header([{ name: 'out', type: 'u32', access: 'read_write' }])}
${elementwiseEntry('  out[i] = pu(1u);')}`;
}

/** WGSL copying 32-bit elements (any dtype). */
export function copyShader(): string {
  return `${header([
    { name: 'xs', type: 'u32', access: 'read' },
    { name: 'out', type: 'u32', access: 'read_write' },
  ])}
${elementwiseEntry('  out[i] = xs[i];')}`;
}
