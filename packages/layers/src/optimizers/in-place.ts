/**
 * Whether an optimizer can use a fused in-place update kernel, and the one thing it
 * must do first.
 */
import { hasKernel, isDataShared, type KernelName, type Tensor, type Variable } from '@keras/core';
import { copyTensor } from '../training/copy-tensor.js';

/**
 * True when the backend has the fused update kernel `name` and the weight and its
 * gradient are float32. The kernel then writes into the weight's buffer, so a
 * weight whose buffer another tensor shares (a view, a tensor given to setWeights)
 * gets its own copy first, once.
 */
export function canUpdateInPlace(name: KernelName, variable: Variable, gradient: Tensor): boolean {
  if (!hasKernel(name) || gradient.dtype !== 'float32' || variable.dtype !== 'float32') return false;
  if (isDataShared(variable)) variable.assign(copyTensor(variable));
  return true;
}
