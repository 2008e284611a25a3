/** The optional fused kernels: softmax, logSoftmax, the optimizer steps and activation derivatives. */
import type { KernelTable } from '@keras/core';
import { ACTIVATION_CODE } from '../opcodes.js';
import { optionalPtr, ptr, type Runtime } from '../runtime.js';

type FusedKernel = 'softmax' | 'logSoftmax' | 'adamUpdate' | 'sgdUpdate' | 'rmspropUpdate' | 'activationGrad';

/** Fused kernels bound to a runtime. */
export function fusedKernels(rt: Runtime): Pick<KernelTable, FusedKernel> {
  const wasm = rt.exports;
  return {
    softmax: ({ x, out, outer, axisSize }) => wasm.softmax(ptr(x), ptr(out), outer, axisSize),
    logSoftmax: ({ x, out, outer, axisSize }) => wasm.logSoftmax(ptr(x), ptr(out), outer, axisSize),
    adamUpdate: ({ p, g, m, v, size, lrT, beta1, beta2, epsHat }) =>
      wasm.adamUpdate(ptr(p), ptr(g), ptr(m), ptr(v), size, lrT, beta1, beta2, epsHat),
    sgdUpdate: ({ p, g, m, size, learningRate, momentum, nesterov }) =>
      wasm.sgdUpdate(ptr(p), ptr(g), optionalPtr(m), size, learningRate, momentum, nesterov ? 1 : 0),
    rmspropUpdate: ({ p, g, v, averageGradient, momentumSlot, size, learningRate, rho, momentum, epsilon }) =>
      wasm.rmspropUpdate(
        ptr(p), ptr(g), ptr(v), optionalPtr(averageGradient), optionalPtr(momentumSlot), size, learningRate, rho, 1 - rho, momentum, epsilon,
      ),
    activationGrad: ({ activation, y, dy, out, size }) => wasm.activationGrad(ACTIVATION_CODE[activation], ptr(y), ptr(dy), ptr(out), size),
  };
}
