/**
 * `gather` and its adjoint `scatterAdd` over x viewed as [outer, axisSize, inner].
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { DataId, KernelTable } from '@keras/core';
import { assign, view, type Tfjs } from '../holder.js';

/** The `gather` and `scatterAdd` kernels over a tfjs module. */
export function indexingKernels(tf: Tfjs): Pick<KernelTable, 'gather' | 'scatterAdd'> {
  /** The contract's index rule: negative indices wrap once, then clamp into [0, axisSize). */
  const normalise = (indices: DataId, numIndices: number, axisSize: number): tfjs.Tensor1D => {
    const idx = view(tf, indices, [numIndices]);
    const wrapped = tf.where(tf.less(idx, tf.scalar(0, 'int32')), tf.add(idx, tf.scalar(axisSize, 'int32')), idx);
    return tf.clipByValue(wrapped, 0, axisSize - 1) as tfjs.Tensor1D;
  };
  return {
    gather: ({ x, indices, out, outer, axisSize, inner, numIndices }) =>
      assign(tf, out, () => tf.gather(view(tf, x, [outer, axisSize, inner]), normalise(indices, numIndices, axisSize), 1)),
    scatterAdd: ({ updates, indices, out, outer, axisSize, inner, numIndices }) => assign(tf, out, () => {
      if (numIndices === 0) return tf.zeros([outer * axisSize * inner]);
      const ids = normalise(indices, numIndices, axisSize);
      if (outer === 1) return tf.unsortedSegmentSum(view(tf, updates, [numIndices, inner]), ids, axisSize);
      // unsortedSegmentSum sums along axis 0, so the index axis goes first and comes back.
      const u = tf.transpose(view(tf, updates, [outer, numIndices, inner]), [1, 0, 2]);
      return tf.transpose(tf.unsortedSegmentSum(u, ids, axisSize), [1, 0, 2]);
    }),
  };
}
