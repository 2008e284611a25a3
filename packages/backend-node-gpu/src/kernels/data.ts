/**
 * Data kernels with no arithmetic: `cast`, `fill`, `copy`.
 */
import type { KernelTable } from '@keras/core';
import { assign, view, type Tfjs } from '../holder.js';

/** The `cast`, `fill` and `copy` kernels over a tfjs module. */
export function dataKernels(tf: Tfjs): Pick<KernelTable, 'cast' | 'fill' | 'copy'> {
  return {
    // tfjs casts float32 -> int32 by truncation toward zero and anything -> bool as != 0.
    cast: ({ x, out, size, to }) => assign(tf, out, () => tf.cast(view(tf, x, [size]), to)),
    // A bool fill holds 0 or 1, never the raw value.
    fill: ({ out, size, value, dtype }) =>
      assign(tf, out, () => tf.fill([size], dtype === 'bool' ? Number(value !== 0) : value, dtype)),
    // tfjs tensors are immutable, so a copy shares the source's storage (reference counted).
    copy: ({ x, out, size }) => assign(tf, out, () => view(tf, x, [size])),
  };
}
