/** matmul: batched, transposed operands, fused bias and activation. */
import type { KernelTable } from '@keras/core';
import type { KernelContext } from '../context.js';
import { MATMUL_TILE, matmulKey, matmulShader, type MatmulVariant } from '../shaders/matmul.js';

/** Linear algebra kernels. */
export function linalgKernels(ctx: KernelContext): Pick<KernelTable, 'matmul'> {
  return {
    matmul({ a, b, out, batch, m, n, k, transA, transB, aBatchStride, bBatchStride, bias, activation = 'linear' }) {
      if (batch * m * n === 0) return;
      // vec4 loads need every stored row and every batch's start on a 16-byte boundary.
      const aRow = transA ? m : k;
      const bRow = transB ? k : n;
      const variant: MatmulVariant = {
        transA, transB, activation, bias: bias !== undefined,
        vec4A: aRow % 4 === 0 && aBatchStride % 4 === 0,
        vec4B: bRow % 4 === 0 && bBatchStride % 4 === 0,
      };
      const program = {
        key: matmulKey(variant),
        access: bias !== undefined ? (['read', 'read', 'read', 'read_write'] as const) : (['read', 'read', 'read_write'] as const),
        wgsl: () => matmulShader(variant),
      };
      const tilesM = Math.ceil(m / MATMUL_TILE);
      const tilesN = Math.ceil(n / MATMUL_TILE);
      const data = bias !== undefined ? [a, b, bias, out] : [a, b, out];
      ctx.run(program, data, [batch, m, n, k, aBatchStride, bBatchStride, tilesM, tilesN], batch * tilesM * tilesN);
    },
  };
}
