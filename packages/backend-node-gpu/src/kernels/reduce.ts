/**
 * Reductions over the middle axis of [outer, reduce, inner], and softmax / log-softmax
 * over the last axis of [outer, axisSize].
 */
import type { KernelTable, ReduceOp } from '@keras/core';
import { assign, view, type Tfjs, type TfTensor } from '../holder.js';

/** The value of each reduction over nothing (reduceSize 0), as the contract fixes it. */
const EMPTY: Record<ReduceOp, number> = {
  sum: 0, prod: 1, max: -Infinity, min: Infinity, any: 0, all: 1, argmax: 0, argmin: 0,
};

/** Each reduction over axis 1 of a rank-3 tensor. tfjs' argMax / argMin keep the first occurrence. */
function reduceOps(tf: Tfjs): Record<ReduceOp, (x: TfTensor) => TfTensor> {
  return {
    sum: (x) => tf.sum(x, 1),
    prod: (x) => tf.prod(x, 1),
    max: (x) => tf.max(x, 1),
    min: (x) => tf.min(x, 1),
    any: (x) => tf.any(x, 1),
    all: (x) => tf.all(x, 1),
    argmax: (x) => tf.argMax(x, 1),
    argmin: (x) => tf.argMin(x, 1),
  };
}

/** The `reduce`, `softmax` and `logSoftmax` kernels over a tfjs module. */
export function reduceKernels(tf: Tfjs): Pick<KernelTable, 'reduce' | 'softmax' | 'logSoftmax'> {
  const ops = reduceOps(tf);
  return {
    reduce: ({ op, x, out, outer, reduceSize, inner, dtype }) =>
      assign(tf, out, () =>
        reduceSize === 0
          ? tf.fill([outer * inner], EMPTY[op], op === 'argmax' || op === 'argmin' ? 'int32' : dtype)
          : ops[op](view(tf, x, [outer, reduceSize, inner]))),
    softmax: ({ x, out, outer, axisSize }) => assign(tf, out, () => tf.softmax(view(tf, x, [outer, axisSize]))),
    logSoftmax: ({ x, out, outer, axisSize }) => assign(tf, out, () => tf.logSoftmax(view(tf, x, [outer, axisSize]))),
  };
}
