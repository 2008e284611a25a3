/** Max and average pooling and their gradients. */
import type { KernelTable } from '@keras/core';
import type { KernelContext, Program } from '../context.js';
import { avgPoolGradShader, maxPoolGradShader, poolShader } from '../shaders/pool.js';
import { geometryParams } from '../shaders/window.js';

const MAX_POOL: Program = { key: 'maxPool', access: ['read', 'read_write'], wgsl: () => poolShader(true) };
const AVG_POOL: Program = { key: 'avgPool', access: ['read', 'read_write'], wgsl: () => poolShader(false) };
const MAX_POOL_GRAD: Program = { key: 'maxPoolGrad', access: ['read', 'read', 'read_write'], wgsl: maxPoolGradShader };
const AVG_POOL_GRAD: Program = { key: 'avgPoolGrad', access: ['read', 'read_write'], wgsl: avgPoolGradShader };

/** Pooling kernels. */
export function poolKernels(ctx: KernelContext): Pick<KernelTable, 'maxPool' | 'avgPool' | 'maxPoolGrad' | 'avgPoolGrad'> {
  return {
    maxPool: (g) => ctx.runThreads(MAX_POOL, [g.x, g.out], [g.batch * g.outH * g.outW * g.outC, ...geometryParams(g)]),
    avgPool: (g) => ctx.runThreads(AVG_POOL, [g.x, g.out], [g.batch * g.outH * g.outW * g.outC, ...geometryParams(g)]),
    maxPoolGrad: (g) => ctx.runThreads(MAX_POOL_GRAD, [g.x, g.dy, g.dx], [g.batch * g.inH * g.inW * g.inC, ...geometryParams(g)]),
    avgPoolGrad: (g) => ctx.runThreads(AVG_POOL_GRAD, [g.dy, g.dx], [g.batch * g.inH * g.inW * g.inC, ...geometryParams(g)]),
  };
}
