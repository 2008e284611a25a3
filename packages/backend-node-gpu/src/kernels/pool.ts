/**
 * Max and average pooling and their gradients. Padding is explicit and padded cells are
 * ignored: max pooling pads with -Infinity; average pooling divides by the fraction of
 * each window that lies inside x (tfjs' 'valid' average counts every cell of the frame).
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { Conv2DGeometry, DataId, KernelTable } from '@keras/core';
import { assign, view4, type Tfjs } from '../holder.js';
import { frameInput, frameOf, isPadded, unframe } from './window.js';

/** The pooling kernels over a tfjs module. */
export function poolKernels(tf: Tfjs): Pick<KernelTable, 'maxPool' | 'maxPoolGrad' | 'avgPool' | 'avgPoolGrad'> {
  const size = (g: Conv2DGeometry): [number, number] => [g.kH, g.kW];
  const strides = (g: Conv2DGeometry): [number, number] => [g.strideH, g.strideW];
  const input = (id: DataId, g: Conv2DGeometry, value: number): tfjs.Tensor4D =>
    frameInput(tf, view4(tf, id, [g.batch, g.inH, g.inW, g.inC]), g, value);
  const outGrad = (id: DataId, g: Conv2DGeometry): tfjs.Tensor4D => view4(tf, id, [g.batch, g.outH, g.outW, g.outC]);
  /** The fraction of each window inside x, [1, outH, outW, 1]. */
  const validFraction = (g: Conv2DGeometry): tfjs.Tensor4D =>
    tf.avgPool(frameInput(tf, tf.ones([1, g.inH, g.inW, 1]), g, 0), size(g), strides(g), 'valid');

  return {
    maxPool: (g) => assign(tf, g.out, () => tf.maxPool(input(g.x, g, -Infinity), size(g), strides(g), 'valid')),
    // tfjs' MaxPoolGrad routes each window's gradient to its first maximum and accumulates.
    maxPoolGrad: (g) => assign(tf, g.dx, () => {
      const x = input(g.x, g, -Infinity);
      const y = tf.maxPool(x, size(g), strides(g), 'valid');
      const dFramed = tf.engine().runKernel<tfjs.Tensor4D>(tf.MaxPoolGrad, { dy: outGrad(g.dy, g), input: x, output: y }, {
        filterSize: size(g), strides: strides(g), pad: 'valid',
      });
      return unframe(tf, dFramed, g);
    }),
    avgPool: (g) => assign(tf, g.out, () => {
      const avg = tf.avgPool(input(g.x, g, 0), size(g), strides(g), 'valid');
      return isPadded(frameOf(g)) ? tf.div(avg, validFraction(g)) : avg;
    }),
    avgPoolGrad: (g) => assign(tf, g.dx, () => {
      const f = frameOf(g);
      const dy = outGrad(g.dy, g);
      // AvgPoolGrad spreads dy / (kH kW) over the window; the padded share goes to cells dropped by unframe.
      const spread = isPadded(f) ? tf.div(dy, validFraction(g)) : dy;
      const dFramed = tf.engine().runKernel<tfjs.Tensor4D>(tf.AvgPoolGrad, { dy: spread, input: tf.zeros([g.batch, f.h, f.w, g.inC]) }, {
        filterSize: size(g), strides: strides(g), pad: 'valid',
      });
      return unframe(tf, dFramed, g);
    }),
  };
}
