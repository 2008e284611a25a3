/**
 * Categorical crossentropy from logits over the last axis in one fused kernel each
 * way (the "softmax + crossentropy" of Keras' TensorFlow backend,
 * `softmax_cross_entropy_with_logits`): the loss of each row, and the gradient
 * dy (softmax(logits) sum(target) - target), instead of a log-softmax and about ten
 * element-wise ops and reductions with their gradients.
 */
import { empty } from '../../create.js';
import { hasKernel, kernel } from '../../engine.js';
import { isWatched, record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { multiply, negative } from '../elementwise/index.js';
import { expandDims } from '../shape/index.js';
import { logSoftmax } from './softmax.js';

/** Whether {@link softmaxCrossentropy} runs fused here: float32 logits with a non-empty last axis, and both kernels. */
export function canFuseSoftmaxCrossentropy(logits: Tensor): boolean {
  return logits.size > 0 && logits.dtype === 'float32' && hasKernel('softmaxCrossentropy') && hasKernel('softmaxCrossentropyGrad');
}

/**
 * -sum(target * logSoftmax(logits)) over the last axis (float32 tensors of the same
 * shape; see {@link canFuseSoftmaxCrossentropy}): one value per row. The gradient
 * reaches the logits through the fused kernel, and the target (when it needs one)
 * as -dy logSoftmax(logits).
 */
export function softmaxCrossentropy(target: Tensor, logits: Tensor): Tensor {
  const axisSize = logits.shape[logits.rank - 1]!;
  const outer = logits.size / axisSize;
  const loss = empty(logits.shape.slice(0, -1), 'float32');
  kernel('softmaxCrossentropy')({ logits: logits.dataId, target: target.dataId, out: loss.dataId, outer, axisSize });
  const targetNeedsGradient = isWatched(target);
  record('softmaxCrossentropy', [logits, target], loss, (dy) => {
    const dLogits = empty(logits.shape, 'float32');
    kernel('softmaxCrossentropyGrad')({ logits: logits.dataId, target: target.dataId, dy: dy.dataId, out: dLogits.dataId, outer, axisSize });
    return [dLogits, targetNeedsGradient ? multiply(negative(expandDims(dy, -1)), logSoftmax(logits)) : null];
  });
  return loss;
}
