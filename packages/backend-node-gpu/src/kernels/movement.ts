/**
 * Data movement kernels: `transpose`, `slice`, `pad`, `concat`, `broadcastTo`.
 */
import type { KernelTable } from '@keras/core';
import { assign, view, type Tfjs } from '../holder.js';

/** The data movement kernels over a tfjs module. */
export function movementKernels(tf: Tfjs): Pick<KernelTable, 'transpose' | 'slice' | 'pad' | 'concat' | 'broadcastTo'> {
  return {
    transpose: ({ x, out, shape, perm }) => assign(tf, out, () => tf.transpose(view(tf, x, shape), [...perm])),
    slice: ({ x, out, shape, begin, step, outShape }) => assign(tf, out, () => {
      const t = view(tf, x, shape);
      if (step.every((s) => s === 1)) return tf.slice(t, [...begin], [...outShape]);
      // One past the last element taken. Below 0 (a negative step running through
      // index 0) it would read as an index from the end: set the end mask bit instead.
      const end = begin.map((b, i) => b + outShape[i]! * step[i]!);
      const endMask = end.reduce((mask, e, i) => (e < 0 ? mask | (1 << i) : mask), 0);
      return tf.stridedSlice(t, [...begin], end, [...step], 0, endMask);
    }),
    pad: ({ x, out, shape, paddings, value, dtype }) => assign(tf, out, () => {
      // tfjs refuses to pad a scalar; padding it (with no paddings) is a copy.
      const t = view(tf, x, shape);
      return shape.length === 0 ? t : tf.pad(t, paddings.map(([lo, hi]) => [lo, hi]), dtype === 'bool' ? Number(value !== 0) : value);
    }),
    concat: ({ inputs, inners, outer, out }) => assign(tf, out, () => {
      // Empty parts contribute nothing; native ConcatV2 need not see them.
      const parts = inputs.flatMap((id, i) => (inners[i]! > 0 ? [view(tf, id, [outer, inners[i]!])] : []));
      return tf.concat(parts, 1);
    }),
    broadcastTo: ({ x, out, shape, outShape }) => assign(tf, out, () => tf.broadcastTo(view(tf, x, shape), [...outShape])),
  };
}
