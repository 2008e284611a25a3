/**
 * The activations a matmul or a convolution can fuse into its store: the check of an
 * option naming one, and the same activation as a separate op, for the calls that
 * cannot reach the fused kernel.
 */
import type { FusedActivation } from '../../backend/kernels.js';
import type { Tensor } from '../../tensor.js';
import { activationGrad } from './activation-grad.js';
import { unaryOp } from './unary-op.js';

/** Every activation the matmul and conv2d kernels fuse. */
export const FUSED_ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'sigmoid', 'tanh'];

/** Throws a RangeError naming `op` unless `activation` is one the kernels fuse. */
export function checkFusedActivation(activation: FusedActivation, op: string): void {
  if (!FUSED_ACTIVATIONS.includes(activation)) {
    throw new RangeError(`${op}: unknown fused activation '${activation}'; expected one of ${FUSED_ACTIVATIONS.join(', ')}.`);
  }
}

/** `activation(x)` as its own element-wise op (linear returns x itself). */
export function applyActivation(activation: FusedActivation, x: Tensor): Tensor {
  if (activation === 'linear') return x;
  return unaryOp(activation, x, (_x, y, dy) => activationGrad(activation, y, dy));
}
