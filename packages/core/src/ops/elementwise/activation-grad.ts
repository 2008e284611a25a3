/**
 * The derivative of the activations a matmul or convolution can fuse, from their output:
 * the backward pass of Dense and Conv layers (with their bias's gradient) and of `relu`,
 * `sigmoid` and `tanh`.
 */
import type { FusedActivation } from '../../backend/kernels.js';
import { empty } from '../../create.js';
import { hasKernel, kernel } from '../../engine.js';
import { shapesEqual } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { sum } from '../reduction/sum.js';
import { multiply, subtract } from './arithmetic.js';
import { greater } from './comparison.js';
import { square } from './unary-sign.js';
import { where } from './where.js';

/**
 * dy * f'(x) for the activation f, from y = f(x) and dy of y's shape: relu passes dy
 * where y > 0 (0 elsewhere, also at 0), sigmoid gives dy y (1 - y), tanh dy (1 - y^2).
 * One fused kernel where the backend has `activationGrad`, else element-wise ops.
 */
export function activationGrad(activation: FusedActivation, y: Tensor, dy: Tensor): Tensor {
  if (activation === 'linear') return dy;
  if (y.dtype === 'float32' && dy.dtype === 'float32' && shapesEqual(y.shape, dy.shape) && hasKernel('activationGrad')) {
    const out = empty(y.shape, 'float32');
    if (out.size > 0) kernel('activationGrad')({ activation, y: y.dataId, dy: dy.dataId, out: out.dataId, size: out.size });
    return out;
  }
  switch (activation) {
    case 'relu': return where(greater(y, 0), dy, 0);
    case 'sigmoid': return multiply(dy, multiply(y, subtract(1, y)));
    case 'tanh': return multiply(dy, subtract(1, square(y)));
  }
}

/**
 * The gradients behind a fused `activation(z + bias)` with output y: dz = dy * f'(z), and,
 * when `withBias`, the bias's, dz summed over every axis but the last. One kernel pass
 * where the backend has `activationBiasGrad`, else {@link activationGrad} and a sum.
 */
export function activationBiasGrad(activation: FusedActivation, y: Tensor, dy: Tensor, withBias: boolean): [Tensor, Tensor | null] {
  const cols = y.shape[y.rank - 1] ?? 1;
  const fused = withBias && activation !== 'linear' && y.size > 0 && y.dtype === 'float32' && dy.dtype === 'float32' &&
    shapesEqual(y.shape, dy.shape) && hasKernel('activationBiasGrad');
  if (!fused) {
    const dz = activationGrad(activation, y, dy);
    return [dz, withBias ? sum(dz, { axis: y.shape.slice(0, -1).map((_, i) => i) }) : null];
  }
  const dz = empty(y.shape, 'float32');
  const dbias = empty([cols], 'float32');
  kernel('activationBiasGrad')({ activation, y: y.dataId, dy: dy.dataId, out: dz.dataId, dbias: dbias.dataId, rows: y.size / cols, cols });
  return [dz, dbias];
}
