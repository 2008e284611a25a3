/**
 * Linear algebra ops: `matmul`, `dot`, `outer`, and the fused `matmulT` used by layers.
 */
export { matmul, matmulT, type MatmulTOptions } from './matmul.js';
export { dot, outer } from './dot.js';
