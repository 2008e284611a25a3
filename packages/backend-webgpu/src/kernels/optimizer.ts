/** The fused Adam/AdamW step. */
import type { KernelTable } from '@keras/core';
import { f32Bits, type KernelContext, type Program } from '../context.js';
import { adamShader } from '../shaders/adam.js';

const ADAM: Program = { key: 'adamUpdate', access: ['read_write', 'read', 'read_write', 'read_write'], wgsl: adamShader };

/** Optimizer kernels. */
export function optimizerKernels(ctx: KernelContext): Pick<KernelTable, 'adamUpdate'> {
  return {
    adamUpdate({ p, g, m, v, size, lrT, beta1, beta2, epsHat }) {
      ctx.runThreads(ADAM, [p, g, m, v], [size, f32Bits(lrT), f32Bits(beta1), f32Bits(beta2), f32Bits(epsHat)]);
    },
  };
}
