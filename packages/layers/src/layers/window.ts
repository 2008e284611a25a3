/**
 * Sliding-window arguments and output sizes shared by convolution and pooling
 * layers (Keras' `standardize_tuple`, `compute_conv_output_shape`, `compute_pooling_output_shape`).
 */
import { formatSymbolicShape, type SymbolicShape } from '../engine/keras-tensor.js';

/** Window padding modes; 'causal' only for Conv1D. */
export type WindowPadding = 'valid' | 'same' | 'causal';

/** A size given as one number for every spatial axis or one per axis. */
export type SpatialSize = number | readonly number[];

/** Expands `value` to one positive integer per spatial axis (Keras' `standardize_tuple`). */
export function standardizeTuple(value: SpatialSize, rank: number, name: string, className: string): number[] {
  const list = typeof value === 'number' ? new Array<number>(rank).fill(value) : [...value];
  if (list.length !== rank || list.some((v) => !Number.isInteger(v) || v <= 0)) {
    throw new RangeError(`${className}: the \`${name}\` argument must be a positive integer or a list of ${rank} positive integers. Received: ${name}=${JSON.stringify(value)}.`);
  }
  return list;
}

/** Checks and lower-cases a padding mode. */
export function standardizePadding(padding: string, allowCausal: boolean, className: string): WindowPadding {
  const p = padding.toLowerCase();
  if (p === 'valid' || p === 'same' || (allowCausal && p === 'causal')) return p;
  const allowed = allowCausal ? "'valid', 'same' or 'causal'" : "'valid' or 'same'";
  throw new RangeError(`${className}: the \`padding\` argument must be ${allowed}. Received: padding=${padding}.`);
}

/** The geometry of a window layer along its spatial axes. */
export interface WindowGeometry {
  kernel: readonly number[];
  strides: readonly number[];
  dilation: readonly number[];
  padding: WindowPadding;
}

/**
 * The output shape of a channels-last window op: spatial sizes from the window,
 * channels replaced by `channels`. Errors name the layer when a size would be < 1.
 */
export function windowOutputShape(inputShape: SymbolicShape, g: WindowGeometry, channels: number | null, layerName: string): SymbolicShape {
  const spatial = inputShape.slice(1, -1).map((size, i) => {
    if (size === null) return null;
    const stride = g.strides[i]!;
    const span = g.dilation[i]! * (g.kernel[i]! - 1) + 1;
    const out = g.padding === 'valid' ? Math.floor((size - span) / stride) + 1 : Math.floor((size - 1) / stride) + 1;
    if (out <= 0) {
      throw new RangeError(
        `Layer '${layerName}': computed output size would be negative or zero for input shape ${formatSymbolicShape(inputShape)} ` +
          `with window ${formatSymbolicShape(g.kernel)}, strides ${formatSymbolicShape(g.strides)} and padding '${g.padding}'. Use a smaller window or 'same' padding.`,
      );
    }
    return out;
  });
  return [inputShape[0] ?? null, ...spatial, channels ?? inputShape[inputShape.length - 1] ?? null];
}
