/**
 * The `matmul` kernel: batched, with transposes, broadcast batches and a fused
 * bias + activation epilogue through `tf.fused.matMul`.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { KernelTable } from '@keras/core';
import { assign, view, type Tfjs } from '../holder.js';

/** The `matmul` kernel over a tfjs module. */
export function matmulKernel(tf: Tfjs): Pick<KernelTable, 'matmul'> {
  return {
    matmul: (args) => assign(tf, args.out, () => {
      const { batch, m, n, k, transA, transB, bias, activation = 'linear' } = args;
      // A batch stride of 0 is one matrix broadcast over the batch: tfjs broadcasts a batch dim of 1.
      const aBatch = args.aBatchStride === 0 ? 1 : batch;
      const bBatch = args.bBatchStride === 0 ? 1 : batch;
      const a = view(tf, args.a, transA ? [aBatch, k, m] : [aBatch, m, k]) as tfjs.Tensor3D;
      const b = view(tf, args.b, transB ? [bBatch, n, k] : [bBatch, k, n]) as tfjs.Tensor3D;
      // tfjs fuses linear, relu and sigmoid (among others) but not tanh.
      const y = tf.fused.matMul({
        a, b, transposeA: transA, transposeB: transB,
        activation: activation === 'tanh' ? 'linear' : activation,
        ...(bias === undefined ? {} : { bias: view(tf, bias, [n]) }),
      });
      const activated = activation === 'tanh' ? tf.tanh(y) : y;
      return aBatch === 1 && bBatch === 1 && batch > 1 ? tf.broadcastTo(activated, [batch, m, n]) : activated;
    }),
  };
}
