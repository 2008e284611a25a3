/**
 * Pooling, channels-last, 1-D and 2-D: `maxPool` and `averagePool` (Keras 3's
 * `keras.ops.max_pool` and `average_pool`).
 */
import type { Conv2DGeometry } from '../../backend/kernels.js';
import { empty, zeros, type TensorLike } from '../../create.js';
import { kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { floatInput } from './float-input.js';
import { insertUnitAxis, removeUnitAxis } from './conv-kernels.js';
import { checkLayoutOptions, describeCall, spatialPair, spatialRank, windowGeometry, type DataFormat, type Padding, type SpatialArg } from './conv-geometry.js';

/** Options of {@link maxPool} and {@link averagePool}. */
export interface PoolOptions {
  /** Stride of the window per spatial dimension; null (the default) uses `poolSize`. */
  strides?: SpatialArg | null;
  /** 'valid' (default) or 'same'; padded cells never win the max and are not counted in the average. */
  padding?: Padding;
  /** Only 'channels_last' (the default) is supported. */
  dataFormat?: DataFormat;
}

/** The input gradient of a pooling op from its output gradient `dy`. */
function poolGrad(kind: 'max' | 'avg', x: Tensor, dy: Tensor, g: Conv2DGeometry): Tensor {
  if (dy.size === 0) return zeros(x.shape, 'float32');
  const dx = empty(x.shape, 'float32');
  if (kind === 'max') kernel('maxPoolGrad')({ ...g, x: x.dataId, dy: dy.dataId, dx: dx.dataId });
  else kernel('avgPoolGrad')({ ...g, dy: dy.dataId, dx: dx.dataId });
  return dx;
}

/** Max or average pooling of 1-D or 2-D inputs, lifted to the 2-D kernels. */
function pool(op: string, kind: 'max' | 'avg', inputs: TensorLike, poolSize: SpatialArg, options: PoolOptions): Tensor {
  return tidy(() => {
    const x = floatInput(inputs, op);
    const padding = checkLayoutOptions(op, options.padding ?? 'valid', options.dataFormat ?? 'channels_last');
    const spatial = spatialRank(op, x.shape);
    const [kH, kW] = spatialPair(poolSize, spatial, 'poolSize', op);
    const x4 = spatial === 1 ? insertUnitAxis(x, 1) : x;
    const [batch, inH, inW, channels] = x4.shape as [number, number, number, number];
    const strides = spatialPair(options.strides ?? poolSize, spatial, 'strides', op);
    const where = (): string => `${describeCall(op, { inputs: x.shape })} with poolSize ${JSON.stringify(poolSize)}`;
    const g = windowGeometry({ batch, inH, inW, inC: channels, outC: channels, kH, kW, strides, dilations: [1, 1] }, padding, where);
    const y = empty([batch, g.outH, g.outW, channels], 'float32');
    if (y.size > 0) kernel(kind === 'max' ? 'maxPool' : 'avgPool')({ ...g, x: x4.dataId, out: y.dataId });
    record(op, [x4], y, (dy) => [poolGrad(kind, x4, dy, g)]);
    return spatial === 1 ? removeUnitAxis(y, 1) : y;
  });
}

/**
 * Max pooling, Keras' `ops.max_pool`: inputs (batch, [height,] width, channels), poolSize a
 * number or one per spatial axis; strides default to poolSize, padding 'valid'.
 * The gradient goes to the first maximum of each window.
 */
export function maxPool(inputs: TensorLike, poolSize: SpatialArg, options: PoolOptions = {}): Tensor {
  return pool('maxPool', 'max', inputs, poolSize, options);
}

/**
 * Average pooling, Keras' `ops.average_pool`: as {@link maxPool}; with 'same' padding the
 * average is over the window's cells inside the input only (as TF and Keras do).
 */
export function averagePool(inputs: TensorLike, poolSize: SpatialArg, options: PoolOptions = {}): Tensor {
  return pool('averagePool', 'avg', inputs, poolSize, options);
}
