/**
 * The data-movement program behind transpose, slice (negative steps too),
 * broadcastTo, concat and pad: walk a box and copy 32-bit elements from strided
 * positions of x to strided positions of out. Parameters: [size, xOffset, outOffset,
 * then the box of two operands (x, out; indexing.ts)].
 */
import { elementwiseEntry, header } from './common.js';
import { offsetsFunction } from './indexing.js';

/** WGSL of the strided copy (dtype-independent: every dtype is 32 bits on the GPU). */
export function stridedCopyShader(): string {
  return `${header([
    { name: 'xs', type: 'u32', access: 'read' },
    { name: 'out', type: 'u32', access: 'read_write' },
  ])}
${offsetsFunction(2, 3)}
${elementwiseEntry('  let o = offsets(i);\n  out[pi(2u) + o[1]] = xs[pi(1u) + o[0]];')}`;
}
