/**
 * The convolution kernels as differentiable bilinear ops. A convolution, its input
 * gradient (the transposed convolution) and its filter gradient are each linear in
 * both arguments, and the gradient of each is built from the other two. conv and
 * depthwiseConv are the first, convTranspose is the second.
 */
import type { Conv2DGeometry, FusedActivation } from '../../backend/kernels.js';
import { empty, zeros } from '../../create.js';
import { kernel } from '../../engine.js';
import { isWatched, record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { activationBiasGrad } from '../elementwise/activation-grad.js';
import { add, tanh } from '../elementwise/index.js';
import { reshape } from '../shape/index.js';
import { relu, sigmoid } from './activations.js';

/** Which of the three bilinear maps: out = conv(x, w); dx = input(dy, w); dw = filter(x, dy). */
export type ConvRole = 'forward' | 'input' | 'filter';

/** Whether a regular (cross-channel) or depthwise convolution. */
export type ConvFamily = 'regular' | 'depthwise';

/** The output shape of one role: NHWC image for forward/input, the filter for filter. */
function roleShape(role: ConvRole, g: Conv2DGeometry, filterShape: readonly number[]): readonly number[] {
  if (role === 'forward') return [g.batch, g.outH, g.outW, g.outC];
  if (role === 'input') return [g.batch, g.inH, g.inW, g.inC];
  return filterShape;
}

/** Runs the backend kernel of `role` on (a, b) into a new tensor. */
function runConvKernel(role: ConvRole, family: ConvFamily, a: Tensor, b: Tensor, g: Conv2DGeometry, filterShape: readonly number[]): Tensor {
  const shape = roleShape(role, g, filterShape);
  if (a.size === 0 || b.size === 0) return zeros(shape, 'float32');
  const out = empty(shape, 'float32');
  if (out.size === 0) return out;
  if (role === 'forward') {
    kernel(family === 'regular' ? 'conv2d' : 'depthwiseConv2d')({ ...g, x: a.dataId, filter: b.dataId, out: out.dataId });
  } else if (role === 'input') {
    kernel(family === 'regular' ? 'conv2dBackpropInput' : 'depthwiseConv2dBackpropInput')({ ...g, dy: a.dataId, filter: b.dataId, dx: out.dataId });
  } else {
    kernel(family === 'regular' ? 'conv2dBackpropFilter' : 'depthwiseConv2dBackpropFilter')({ ...g, x: a.dataId, dy: b.dataId, dw: out.dataId });
  }
  return out;
}

/**
 * The convolution (role 'forward', a = x) or its input gradient, the transposed
 * convolution (role 'input', a = dy), of `a` with the filter `b`, recorded on the
 * tape under `name`. With output gradient G:
 * forward(x, w): dx = input(G, w), dw = filter(x, G);
 * input(dy, w):  d(dy) = forward(G, w), dw = filter(G, dy).
 */
export function convBilinear(name: string, role: 'forward' | 'input', family: ConvFamily, a: Tensor, b: Tensor, g: Conv2DGeometry): Tensor {
  const op = (r: ConvRole, p: Tensor, q: Tensor): Tensor => runConvKernel(r, family, p, q, g, b.shape);
  const out = op(role, a, b);
  // Only the gradients the tape needs are computed (a network's input wants none: its first layer skips the input gradient).
  const [needA, needB] = [isWatched(a), isWatched(b)];
  record(name, [a, b], out, (dy) =>
    role === 'forward'
      ? [needA ? op('input', dy, b) : null, needB ? op('filter', a, dy) : null]
      : [needA ? op('forward', dy, b) : null, needB ? op('filter', dy, a) : null],
  );
  return out;
}

/** What a forward convolution may fuse into its store: a bias per output channel, then an activation. */
export interface ConvEpilogue {
  /** float32 [outC], or none. */
  bias?: Tensor;
  /** The activation applied last. */
  activation: FusedActivation;
}

/**
 * activation(conv(x, w) + bias) for a regular convolution: one conv2d kernel call with
 * the bias and the activation in its store, recorded on the tape under `name`. With
 * dz = activation'(y) dy: dx = input(dz, w), dw = filter(x, dz), dbias = dz summed over
 * every axis but the channels. A convolution over no input channels (or of an empty
 * kernel) has nothing for the kernel to sum: there the bias and activation run as ops.
 */
export function convFused(name: string, x: Tensor, w: Tensor, g: Conv2DGeometry, epilogue: ConvEpilogue): Tensor {
  const { bias, activation } = epilogue;
  if (x.size === 0 || w.size === 0) {
    const y = convBilinear(name, 'forward', 'regular', x, w, g);
    const z = bias ? add(y, bias) : y;
    return activation === 'linear' ? z : { relu, sigmoid, tanh }[activation](z);
  }
  const y = empty([g.batch, g.outH, g.outW, g.outC], 'float32');
  if (y.size > 0) kernel('conv2d')({ ...g, x: x.dataId, filter: w.dataId, out: y.dataId, ...(bias ? { bias: bias.dataId } : {}), activation });
  const [needX, needW, needBias] = [isWatched(x), isWatched(w), bias !== undefined && isWatched(bias)];
  if (!needX && !needW && !needBias) return y;
  record(name, bias ? [x, w, bias] : [x, w], y, (dy) => {
    const [dz, dbias] = activationBiasGrad(activation, y, dy, needBias);
    return [
      needX ? runConvKernel('input', 'regular', dz, w, g, w.shape) : null,
      needW ? runConvKernel('filter', 'regular', x, dz, g, w.shape) : null,
      dbias,
    ];
  });
  return y;
}

/** Views a 1-D window op's tensor as 2-D by inserting a size-1 axis at `axis` (zero-copy). */
export function insertUnitAxis(t: Tensor, axis: number): Tensor {
  return reshape(t, [...t.shape.slice(0, axis), 1, ...t.shape.slice(axis)]);
}

/** Removes the size-1 axis at `axis` inserted by {@link insertUnitAxis} (zero-copy). */
export function removeUnitAxis(t: Tensor, axis: number): Tensor {
  return reshape(t, [...t.shape.slice(0, axis), ...t.shape.slice(axis + 1)]);
}
