/**
 * The adapter's DataId: a mutable holder of one flat tfjs tensor. Kernels write into
 * preallocated outputs, and tfjs tensors are immutable, so a kernel builds its result
 * on the tfjs side and swaps it into the output holder, disposing the tensor it held.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { DataId, DType } from '@keras/core';

/** The tfjs module object the adapter drives: `@tensorflow/tfjs-core`, or `@tensorflow/tfjs-node[-gpu]`, which re-exports it. */
export type Tfjs = typeof tfjs;

/** A tfjs tensor. */
export type TfTensor = tfjs.Tensor;

/** A buffer of this backend: `t` is a flat tensor of `size` elements, or null until something is written. */
export interface TfjsData {
  t: TfTensor | null;
  readonly dtype: DType;
  readonly size: number;
}

/** The tensor behind `id` viewed with `shape` (zeros if nothing was written yet). Call inside `tf.tidy`. */
export function view(tf: Tfjs, id: DataId, shape: readonly number[]): TfTensor {
  const h = id as TfjsData;
  return tf.reshape(h.t ?? tf.zeros([h.size], h.dtype), [...shape]);
}

/** {@link view} typed as the rank-4 tensor the convolution and pooling ops take. */
export function view4(tf: Tfjs, id: DataId, shape: readonly [number, number, number, number]): tfjs.Tensor4D {
  return view(tf, id, shape) as tfjs.Tensor4D;
}

/** Makes `t` (flat, of the holder's dtype and size) the content of `id`, disposing the tensor it replaces. */
export function replace(id: DataId, t: TfTensor): void {
  const h = id as TfjsData;
  h.t?.dispose();
  h.t = t;
}

/**
 * Runs `compute` in a `tf.tidy` scope, so every intermediate is disposed, and stores its
 * result in `out`, cast to the holder's dtype and flattened. Empty outputs skip `compute`.
 */
export function assign(tf: Tfjs, out: DataId, compute: () => TfTensor): void {
  const h = out as TfjsData;
  if (h.size === 0) {
    replace(out, tf.zeros([0], h.dtype));
    return;
  }
  replace(out, tf.tidy(() => {
    const r = compute();
    const typed = r.dtype === h.dtype ? r : tf.cast(r, h.dtype);
    return typed.rank === 1 ? typed : tf.reshape(typed, [h.size]);
  }));
}
