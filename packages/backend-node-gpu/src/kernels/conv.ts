/**
 * 2-D convolution, depthwise convolution and their input / filter gradients, NHWC with
 * Keras' filter layout [kH, kW, in, out] (tfjs' own). Each runs 'valid' on the framed
 * input (see window.ts). The gradients call tfjs' backprop kernels through
 * `engine().runKernel`, as tfjs' own gradient functions do: they are registered by every
 * tfjs backend (cpu, and TensorFlow's CUDA kernels in tfjs-node-gpu) but have no public op.
 * A sum over nothing (no input channels, no output cells) gives zeros without calling
 * tfjs: TensorFlow's Conv2D checks `in_depth % filter_depth`, which divides by zero channels.
 */
import type * as tfjs from '@tensorflow/tfjs-core';
import type { Conv2DArgs, Conv2DGeometry, DataId, KernelTable } from '@keras/core';
import { assign, view, view4, type Tfjs } from '../holder.js';
import { dilatedFilterShape, dilateFilter, frameInput, frameOf, isUndilated, undilateFilter, unframe } from './window.js';

/** Whether the geometry has stride 1 on both axes. */
function isUnitStride(g: Conv2DGeometry): boolean {
  return g.strideH === 1 && g.strideW === 1;
}

/** conv2d's epilogue on its NHWC result y: the bias over the channels, then the activation. */
function epilogue(tf: Tfjs, y: tfjs.Tensor4D, g: Conv2DArgs): tfjs.Tensor {
  const biased = g.bias === undefined ? y : tf.add(y, view(tf, g.bias, [g.outC]));
  switch (g.activation ?? 'linear') {
    case 'relu': return tf.relu(biased);
    case 'sigmoid': return tf.sigmoid(biased);
    case 'tanh': return tf.tanh(biased);
    default: return biased;
  }
}

/** The convolution kernels over a tfjs module. */
export function convKernels(tf: Tfjs): Pick<KernelTable,
  'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter' |
  'depthwiseConv2d' | 'depthwiseConv2dBackpropInput' | 'depthwiseConv2dBackpropFilter'> {
  const runKernel = (name: string, inputs: tfjs.NamedTensorMap, attrs: tfjs.NamedAttrMap): tfjs.Tensor4D =>
    tf.engine().runKernel<tfjs.Tensor4D>(name, inputs, attrs);
  const input = (id: DataId, g: Conv2DGeometry): tfjs.Tensor4D =>
    frameInput(tf, view4(tf, id, [g.batch, g.inH, g.inW, g.inC]), g, 0);
  const outGrad = (id: DataId, g: Conv2DGeometry): tfjs.Tensor4D =>
    view4(tf, id, [g.batch, g.outH, g.outW, g.outC]);
  const strides = (g: Conv2DGeometry): [number, number] => [g.strideH, g.strideW];
  const multiplier = (g: Conv2DGeometry): number => g.outC / g.inC;

  return {
    conv2d: (g) => assign(tf, g.out, () => {
      if (g.inC === 0) return epilogue(tf, tf.zeros([g.batch, g.outH, g.outW, g.outC]), g);
      const w = view4(tf, g.filter, [g.kH, g.kW, g.inC, g.outC]);
      // tfjs refuses strides and dilations both above 1; a dense dilated filter needs neither.
      const y = isUnitStride(g) || isUndilated(g)
        ? tf.conv2d(input(g.x, g), w, strides(g), 'valid', 'NHWC', [g.dilationH, g.dilationW])
        : tf.conv2d(input(g.x, g), dilateFilter(tf, w, g), strides(g), 'valid');
      return epilogue(tf, y, g);
    }),
    conv2dBackpropInput: (g) => assign(tf, g.dx, () => {
      if (g.outC * g.outH * g.outW === 0) return tf.zeros([g.batch * g.inH * g.inW * g.inC]);
      const f = frameOf(g);
      const w = dilateFilter(tf, view4(tf, g.filter, [g.kH, g.kW, g.inC, g.outC]), g);
      return unframe(tf, tf.conv2dTranspose(outGrad(g.dy, g), w, [g.batch, f.h, f.w, g.inC], strides(g), 'valid'), g);
    }),
    conv2dBackpropFilter: (g) => assign(tf, g.dw, () => {
      if (g.batch * g.outH * g.outW === 0) return tf.zeros([g.kH * g.kW * g.inC * g.outC]);
      const dense = runKernel(tf.Conv2DBackpropFilter, { x: input(g.x, g), dy: outGrad(g.dy, g) }, {
        strides: strides(g), pad: 'valid', dataFormat: 'NHWC', filterShape: dilatedFilterShape(g, g.inC, g.outC),
      });
      return undilateFilter(tf, dense, g);
    }),
    depthwiseConv2d: (g) => assign(tf, g.out, () => {
      const w = view4(tf, g.filter, [g.kH, g.kW, g.inC, multiplier(g)]);
      return isUnitStride(g) || isUndilated(g)
        ? tf.depthwiseConv2d(input(g.x, g), w, strides(g), 'valid', 'NHWC', [g.dilationH, g.dilationW])
        : tf.depthwiseConv2d(input(g.x, g), dilateFilter(tf, w, g), strides(g), 'valid');
    }),
    depthwiseConv2dBackpropInput: (g) => assign(tf, g.dx, () => {
      if (g.outH * g.outW === 0) return tf.zeros([g.batch * g.inH * g.inW * g.inC]);
      const f = frameOf(g);
      const w = dilateFilter(tf, view4(tf, g.filter, [g.kH, g.kW, g.inC, multiplier(g)]), g);
      const dense = runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy: outGrad(g.dy, g), filter: w }, {
        strides: strides(g), pad: 'valid', dilations: [1, 1], inputShape: [g.batch, f.h, f.w, g.inC],
      });
      return unframe(tf, dense, g);
    }),
    depthwiseConv2dBackpropFilter: (g) => assign(tf, g.dw, () => {
      if (g.batch * g.outH * g.outW === 0) return tf.zeros([g.kH * g.kW * g.outC]);
      const dense = runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x: input(g.x, g), dy: outGrad(g.dy, g) }, {
        strides: strides(g), pad: 'valid', dilations: [1, 1], filterShape: dilatedFilterShape(g, g.inC, multiplier(g)),
      });
      return undilateFilter(tf, dense, g);
    }),
  };
}
