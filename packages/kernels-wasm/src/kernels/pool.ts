/** Max and average pooling and their gradients over the wasm exports. */
import type { KernelTable } from '@keras/core';
import { ptr, type Runtime } from '../runtime.js';

/** Pooling kernels bound to a runtime. */
export function poolKernels(rt: Runtime): Pick<KernelTable, 'maxPool' | 'maxPoolGrad' | 'avgPool' | 'avgPoolGrad'> {
  const wasm = rt.exports;
  return {
    maxPool: (args) => wasm.maxPool(ptr(args.x), ptr(args.out), rt.geometry(args)),
    maxPoolGrad: (args) => wasm.maxPoolGrad(ptr(args.x), ptr(args.dy), ptr(args.dx), rt.geometry(args)),
    avgPool: (args) => wasm.avgPool(ptr(args.x), ptr(args.out), rt.geometry(args)),
    avgPoolGrad: (args) => wasm.avgPoolGrad(ptr(args.dy), ptr(args.dx), rt.geometry(args)),
  };
}
