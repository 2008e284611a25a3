/**
 * The geometry shared by convolution and pooling. The contract pads explicitly (top/left,
 * the bottom/right being whatever makes the output size come out), while the native
 * TensorFlow gradient kernels accept only 'valid' / 'same'. So every window op runs
 * 'valid' on a framed input: x padded at top/left, and padded or cropped at
 * bottom/right to exactly the rows and columns the windows read.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { Conv2DGeometry } from '@keras/core';
import type { Tfjs } from '../holder.js';

/** A rank-4 tfjs tensor. */
type T4 = tfjs.Tensor4D;

/** The framed input of a window op: its size and the padding that makes it from x. */
export interface Frame {
  h: number; w: number;
  top: number; bottom: number; left: number; right: number;
}

/** Rows (or columns) a sweep of `out` windows reads: (out - 1) * stride + (k - 1) * dilation + 1. */
function span(out: number, k: number, stride: number, dilation: number): number {
  return (out - 1) * stride + (k - 1) * dilation + 1;
}

/** The frame of geometry `g`. */
export function frameOf(g: Conv2DGeometry): Frame {
  const h = span(g.outH, g.kH, g.strideH, g.dilationH);
  const w = span(g.outW, g.kW, g.strideW, g.dilationW);
  return {
    h, w, top: g.padTop, left: g.padLeft,
    bottom: Math.max(0, h - g.inH - g.padTop), right: Math.max(0, w - g.inW - g.padLeft),
  };
}

/** Whether the frame holds cells that are not in x (padding). */
export function isPadded(f: Frame): boolean {
  return f.top + f.bottom + f.left + f.right > 0;
}

/** x [batch, inH, inW, c] framed: padded with `value`, then cropped to the frame. */
export function frameInput(tf: Tfjs, x: T4, g: Conv2DGeometry, value: number): T4 {
  const f = frameOf(g);
  const padded = isPadded(f) ? tf.pad(x, [[0, 0], [f.top, f.bottom], [f.left, f.right], [0, 0]], value) : x;
  return padded.shape[1] > f.h || padded.shape[2] > f.w ? tf.slice(padded, [0, 0, 0, 0], [-1, f.h, f.w, -1]) : padded;
}

/** The adjoint of {@link frameInput}: a gradient over the frame back onto x (padding dropped, cropped cells zero). */
export function unframe(tf: Tfjs, dFramed: T4, g: Conv2DGeometry): T4 {
  const f = frameOf(g);
  const rows = Math.max(0, Math.min(g.inH, f.h - f.top));
  const cols = Math.max(0, Math.min(g.inW, f.w - f.left));
  const inside = tf.slice(dFramed, [0, f.top, f.left, 0], [-1, rows, cols, -1]);
  return rows < g.inH || cols < g.inW ? tf.pad(inside, [[0, 0], [0, g.inH - rows], [0, g.inW - cols], [0, 0]]) : inside;
}

/** Whether the geometry has dilation 1 on both axes. */
export function isUndilated(g: Conv2DGeometry): boolean {
  return g.dilationH === 1 && g.dilationW === 1;
}

/**
 * A filter [kH, kW, a, b] with dilation - 1 zero taps between its taps: the dense filter
 * of the dilated window. The tfjs gradient kernels have no dilation; this makes them exact
 * for any dilation at the cost of multiplying by the zero taps.
 */
export function dilateFilter(tf: Tfjs, w: T4, g: Conv2DGeometry): T4 {
  if (isUndilated(g)) return w;
  const [kH, kW, a, b] = w.shape;
  const spread = tf.pad(tf.reshape(w, [kH, 1, kW, 1, a, b]), [[0, 0], [0, g.dilationH - 1], [0, 0], [0, g.dilationW - 1], [0, 0], [0, 0]]);
  const dense = tf.reshape(spread, [kH * g.dilationH, kW * g.dilationW, a, b]);
  return tf.slice(dense, [0, 0, 0, 0], dilatedFilterShape(g, a, b)) as T4;
}

/** The shape of {@link dilateFilter}'s result for a filter of `a` by `b` channels. */
export function dilatedFilterShape(g: Conv2DGeometry, a: number, b: number): [number, number, number, number] {
  return [(g.kH - 1) * g.dilationH + 1, (g.kW - 1) * g.dilationW + 1, a, b];
}

/** The adjoint of {@link dilateFilter}: the gradient of the dense filter keeps only the real taps. */
export function undilateFilter(tf: Tfjs, dw: T4, g: Conv2DGeometry): T4 {
  if (isUndilated(g)) return dw;
  return tf.stridedSlice(dw, [0, 0, 0, 0], dw.shape, [g.dilationH, g.dilationW, 1, 1]) as T4;
}
