/**
 * The activations a matmul or a convolution can fuse into its store, and the check of an
 * option naming one.
 */
import type { FusedActivation } from '../../backend/kernels.js';

/** Every activation the matmul and conv2d kernels fuse. */
export const FUSED_ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'sigmoid', 'tanh'];

/** Throws a RangeError naming `op` unless `activation` is one the kernels fuse. */
export function checkFusedActivation(activation: FusedActivation, op: string): void {
  if (!FUSED_ACTIVATIONS.includes(activation)) {
    throw new RangeError(`${op}: unknown fused activation '${activation}'; expected one of ${FUSED_ACTIVATIONS.join(', ')}.`);
  }
}

