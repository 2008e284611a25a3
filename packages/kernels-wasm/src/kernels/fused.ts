/** The optional fused kernels: softmax, logSoftmax and the Adam step. */
import type { KernelTable } from '@keras/core';
import { ptr, type Runtime } from '../runtime.js';

/** Fused kernels bound to a runtime. */
export function fusedKernels(rt: Runtime): Pick<KernelTable, 'softmax' | 'logSoftmax' | 'adamUpdate'> {
  const wasm = rt.exports;
  return {
    softmax: ({ x, out, outer, axisSize }) => wasm.softmax(ptr(x), ptr(out), outer, axisSize),
    logSoftmax: ({ x, out, outer, axisSize }) => wasm.logSoftmax(ptr(x), ptr(out), outer, axisSize),
    adamUpdate: ({ p, g, m, v, size, lrT, beta1, beta2, epsHat }) =>
      wasm.adamUpdate(ptr(p), ptr(g), ptr(m), ptr(v), size, lrT, beta1, beta2, epsHat),
  };
}
