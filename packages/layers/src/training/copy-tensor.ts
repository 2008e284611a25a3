/**
 * A fresh copy of a tensor's buffer, for snapshots (EarlyStopping's best weights) and for
 * in-place kernels that must not write into a buffer other tensors share.
 */
import { empty, kernel, type Tensor } from '@keras/core';

/** A new tensor with its own buffer holding the same values as `x`. */
export function copyTensor(x: Tensor): Tensor {
  x.assertAlive('copyTensor');
  const out = empty(x.shape, x.dtype, x.backend);
  if (out.size > 0) kernel('copy', x.backend)({ x: x.dataId, out: out.dataId, size: x.size, dtype: x.dtype });
  return out;
}
