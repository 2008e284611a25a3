/** The optional fused kernels: softmax, logSoftmax, softmax crossentropy, the optimizer steps, activation derivatives and bias gradients. */
import type { KernelTable } from '@keras/core';
import { ACTIVATION_CODE } from '../opcodes.js';
import { optionalPtr, ptr, type Runtime } from '../runtime.js';

type FusedKernel =
  | 'softmax' | 'logSoftmax' | 'softmaxCrossentropy' | 'softmaxCrossentropyGrad' | 'activationGrad' | 'activationBiasGrad'
  | 'adamUpdate' | 'sgdUpdate' | 'rmspropUpdate' | 'adagradUpdate' | 'adamaxUpdate' | 'nadamUpdate';

/** Fused kernels bound to a runtime. */
export function fusedKernels(rt: Runtime): Pick<KernelTable, FusedKernel> {
  const wasm = rt.exports;
  return {
    softmax: ({ x, out, outer, axisSize }) => wasm.softmax(ptr(x), ptr(out), outer, axisSize),
    logSoftmax: ({ x, out, outer, axisSize }) => wasm.logSoftmax(ptr(x), ptr(out), outer, axisSize),
    softmaxCrossentropy: ({ logits, target, out, outer, axisSize }) =>
      wasm.softmaxCrossentropy(ptr(logits), ptr(target), ptr(out), outer, axisSize),
    softmaxCrossentropyGrad: ({ logits, target, dy, out, outer, axisSize }) =>
      wasm.softmaxCrossentropyGrad(ptr(logits), ptr(target), ptr(dy), ptr(out), outer, axisSize),
    adamUpdate: ({ p, g, m, v, size, lrT, beta1, beta2, epsHat }) =>
      wasm.adamUpdate(ptr(p), ptr(g), ptr(m), ptr(v), size, lrT, beta1, beta2, epsHat),
    sgdUpdate: ({ p, g, m, size, learningRate, momentum, nesterov }) =>
      wasm.sgdUpdate(ptr(p), ptr(g), optionalPtr(m), size, learningRate, momentum, nesterov ? 1 : 0),
    rmspropUpdate: ({ p, g, v, averageGradient, momentumSlot, size, learningRate, rho, momentum, epsilon }) =>
      wasm.rmspropUpdate(
        ptr(p), ptr(g), ptr(v), optionalPtr(averageGradient), optionalPtr(momentumSlot), size, learningRate, rho, 1 - rho, momentum, epsilon,
      ),
    // Keras computes 1 - beta and the bias corrections in float64 and rounds them once: so does the f32 parameter.
    adagradUpdate: ({ p, g, accumulator, size, learningRate, epsilon }) =>
      wasm.adagradUpdate(ptr(p), ptr(g), ptr(accumulator), size, learningRate, epsilon),
    adamaxUpdate: ({ p, g, m, u, size, learningRate, beta1, beta2, epsilon, beta1Power }) =>
      wasm.adamaxUpdate(ptr(p), ptr(g), ptr(m), ptr(u), size, learningRate, 1 - beta1, beta2, epsilon, 1 - beta1Power),
    nadamUpdate: ({ p, g, m, v, size, learningRate, beta1, beta2, epsilon, momentumScale, gradientScale, velocityScale }) =>
      wasm.nadamUpdate(ptr(p), ptr(g), ptr(m), ptr(v), size, learningRate, 1 - beta1, 1 - beta2, momentumScale, gradientScale, velocityScale, epsilon),
    activationGrad: ({ activation, y, dy, out, size }) => wasm.activationGrad(ACTIVATION_CODE[activation], ptr(y), ptr(dy), ptr(out), size),
    activationBiasGrad({ activation, y, dy, out, dbias, rows, cols }) {
      const work = rt.workspace(wasm.activationBiasGradWorkspace(rows, cols) >>> 0);
      wasm.activationBiasGrad(ACTIVATION_CODE[activation], ptr(y), ptr(dy), ptr(out), ptr(dbias), rows, cols, work);
    },
  };
}
