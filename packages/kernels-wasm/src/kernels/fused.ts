/** The optional fused kernels: softmax, logSoftmax, the Adam step and activation derivatives. */
import type { KernelTable } from '@keras/core';
import { ACTIVATION_CODE } from '../opcodes.js';
import { ptr, type Runtime } from '../runtime.js';

/** Fused kernels bound to a runtime. */
export function fusedKernels(rt: Runtime): Pick<KernelTable, 'softmax' | 'logSoftmax' | 'adamUpdate' | 'activationGrad'> {
  const wasm = rt.exports;
  return {
    softmax: ({ x, out, outer, axisSize }) => wasm.softmax(ptr(x), ptr(out), outer, axisSize),
    logSoftmax: ({ x, out, outer, axisSize }) => wasm.logSoftmax(ptr(x), ptr(out), outer, axisSize),
    adamUpdate: ({ p, g, m, v, size, lrT, beta1, beta2, epsHat }) =>
      wasm.adamUpdate(ptr(p), ptr(g), ptr(m), ptr(v), size, lrT, beta1, beta2, epsHat),
    activationGrad: ({ activation, y, dy, out, size }) => wasm.activationGrad(ACTIVATION_CODE[activation], ptr(y), ptr(dy), ptr(out), size),
  };
}
