/** Fused layer and batch normalization (forward and gradient) over the wasm exports. */
import type { KernelTable } from '@keras/core';
import { optionalPtr, ptr, type Runtime } from '../runtime.js';

/** Normalization kernels bound to a runtime. */
export function normalizeKernels(rt: Runtime): Pick<KernelTable, 'layerNorm' | 'layerNormGrad' | 'batchNorm' | 'batchNormGrad' | 'batchNormInference'> {
  const wasm = rt.exports;
  const work = (rows: number, cols: number): number => rt.workspace(wasm.normWorkspace(rows, cols) >>> 0);
  return {
    layerNorm: ({ x, gamma, beta, out, mean, variance, rows, cols, epsilon }) =>
      wasm.layerNorm(ptr(x), optionalPtr(gamma), optionalPtr(beta), ptr(out), ptr(mean), ptr(variance), rows, cols, epsilon),
    layerNormGrad: ({ x, dy, gamma, mean, variance, dx, dgamma, dbeta, rows, cols, epsilon }) =>
      wasm.layerNormGrad(
        ptr(x), ptr(dy), optionalPtr(gamma), ptr(mean), ptr(variance), ptr(dx), optionalPtr(dgamma), optionalPtr(dbeta),
        rows, cols, epsilon, work(rows, cols),
      ),
    batchNorm: ({ x, gamma, beta, out, mean, variance, rows, cols, epsilon }) =>
      wasm.batchNorm(ptr(x), optionalPtr(gamma), optionalPtr(beta), ptr(out), ptr(mean), ptr(variance), rows, cols, epsilon, work(rows, cols)),
    batchNormInference: ({ x, gamma, beta, out, mean, variance, rows, cols, epsilon }) =>
      wasm.batchNormInference(
        ptr(x), optionalPtr(gamma), optionalPtr(beta), ptr(out), ptr(mean), ptr(variance), rows, cols, epsilon, work(rows, cols),
      ),
    batchNormGrad: ({ x, dy, gamma, mean, variance, dx, dgamma, dbeta, rows, cols, epsilon }) =>
      wasm.batchNormGrad(
        ptr(x), ptr(dy), optionalPtr(gamma), ptr(mean), ptr(variance), ptr(dx), optionalPtr(dgamma), optionalPtr(dbeta),
        rows, cols, epsilon, work(rows, cols),
      ),
  };
}
