/**
 * Undoing a broadcast in a gradient.
 */
import { broadcastAxes, shapesEqual, type Shape } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { sum } from '../reduction/index.js';
import { reshape } from '../shape/index.js';

/**
 * Reduces a gradient of the broadcast output shape back to an input's `shape`:
 * sums over the axes the input was broadcast along, then reshapes (dropping leading axes).
 */
export function unbroadcast(grad: Tensor, shape: Shape): Tensor {
  if (shapesEqual(grad.shape, shape)) return grad;
  const axes = broadcastAxes(shape, grad.shape);
  if (axes.length === 0) return reshape(grad, shape);
  const summed = sum(grad, { axis: axes, keepdims: true });
  if (shapesEqual(summed.shape, shape)) return summed;
  const out = reshape(summed, shape);
  summed.dispose();
  return out;
}
