/**
 * Convolutions, channels-last: `conv`, `depthwiseConv`, `separableConv` (Keras 3's
 * `keras.ops.conv`, `depthwise_conv`, `separable_conv`), 1-D and 2-D.
 */
import type { FusedActivation } from '../../backend/kernels.js';
import type { TensorLike } from '../../create.js';
import { tidy } from '../../memory.js';
import { formatShape } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { checkFusedActivation } from '../elementwise/fused-activation.js';
import { floatInput } from './float-input.js';
import { convBilinear, convFused, insertUnitAxis, removeUnitAxis, type ConvEpilogue, type ConvFamily } from './conv-kernels.js';
import { checkLayoutOptions, describeCall, spatialPair, spatialRank, windowGeometry, type ConvOptions } from './conv-geometry.js';

/** Options of {@link fusedConv}: the convolution's, plus what its store adds. */
export interface FusedConvOptions extends ConvOptions {
  /** float32 bias of shape [outChannels], added to every output cell. */
  bias?: Tensor;
  /** Activation applied to the result (default 'linear'). */
  activation?: FusedActivation;
}

/** A regular or depthwise convolution of 1-D or 2-D inputs, lifted to the 2-D kernels; a regular one may fuse an epilogue. */
function convolve(op: string, family: ConvFamily, inputs: TensorLike, kernelArg: TensorLike, options: ConvOptions, epilogue?: ConvEpilogue): Tensor {
  return tidy(() => {
    const x = floatInput(inputs, op);
    const w = floatInput(kernelArg, op);
    const padding = checkLayoutOptions(op, options.padding ?? 'valid', options.dataFormat ?? 'channels_last');
    const spatial = spatialRank(op, x.shape);
    const where = (): string => describeCall(op, { inputs: x.shape, kernel: w.shape });
    const last = family === 'regular' ? 'output channels' : 'channel multiplier';
    if (w.rank !== spatial + 2) {
      const dims = spatial === 1 ? 'width' : 'height, width';
      throw new RangeError(`${where()}: the kernel must have rank ${spatial + 2} (${dims}, input channels, ${last}) for ${spatial}-D inputs.`);
    }
    const inC = x.shape[spatial + 1]!;
    if (w.shape[spatial] !== inC) {
      throw new RangeError(`${where()}: the kernel expects ${w.shape[spatial]} input channels (its axis ${spatial}) but the inputs have ${inC} (their last axis).`);
    }
    const x4 = spatial === 1 ? insertUnitAxis(x, 1) : x;
    const w4 = spatial === 1 ? insertUnitAxis(w, 0) : w;
    const [batch, inH, inW] = x4.shape as [number, number, number, number];
    const [kH, kW, , lastDim] = w4.shape as [number, number, number, number];
    const g = windowGeometry(
      {
        batch, inH, inW, inC, outC: family === 'regular' ? lastDim : inC * lastDim, kH, kW,
        strides: spatialPair(options.strides ?? 1, spatial, 'strides', op),
        dilations: spatialPair(options.dilationRate ?? 1, spatial, 'dilationRate', op),
      },
      padding, where,
    );
    if (epilogue?.bias && (epilogue.bias.dtype !== 'float32' || epilogue.bias.rank !== 1 || epilogue.bias.shape[0] !== g.outC)) {
      throw new RangeError(`${where()}: the bias must be float32 of shape (${g.outC},), one value per output channel; received ${epilogue.bias.dtype} ${formatShape(epilogue.bias.shape)}.`);
    }
    const y = epilogue ? convFused(op, x4, w4, g, epilogue) : convBilinear(op, 'forward', family, x4, w4, g);
    return spatial === 1 ? removeUnitAxis(y, 1) : y;
  });
}

/**
 * N-D convolution (1-D and 2-D), Keras' `ops.conv`: inputs (batch, [height,] width, channels),
 * kernel ([kH,] kW, inChannels, outChannels). Defaults: strides 1, padding 'valid',
 * dataFormat 'channels_last' (the only one supported), dilationRate 1.
 */
export function conv(inputs: TensorLike, kernel: TensorLike, options: ConvOptions = {}): Tensor {
  return convolve('conv', 'regular', inputs, kernel, options);
}

/**
 * activation({@link conv}(inputs, kernel) + bias) in one kernel call: the fused op behind
 * the Conv layers, as `matmulT` is behind Dense. `bias` is float32 [outChannels];
 * `activation` one of 'linear' (default), 'relu', 'sigmoid', 'tanh'. The gradient
 * reaches inputs, kernel and bias.
 */
export function fusedConv(inputs: TensorLike, kernel: TensorLike, options: FusedConvOptions = {}): Tensor {
  const { bias, activation = 'linear', ...convOptions } = options;
  checkFusedActivation(activation, 'fusedConv');
  return convolve('fusedConv', 'regular', inputs, kernel, convOptions, { activation, ...(bias ? { bias } : {}) });
}

/**
 * Depthwise convolution, Keras' `ops.depthwise_conv`: each input channel is convolved with
 * its own `multiplier` filters; kernel ([kH,] kW, inChannels, multiplier), output channels
 * inChannels * multiplier (channel c * multiplier + q). Options as {@link conv}.
 */
export function depthwiseConv(inputs: TensorLike, kernel: TensorLike, options: ConvOptions = {}): Tensor {
  return convolve('depthwiseConv', 'depthwise', inputs, kernel, options);
}

/**
 * Separable convolution, Keras' `ops.separable_conv`: a depthwise convolution (with the
 * given options) followed by a pointwise one, pointwiseKernel ([1,] 1, inChannels * multiplier, outChannels).
 */
export function separableConv(inputs: TensorLike, depthwiseKernel: TensorLike, pointwiseKernel: TensorLike, options: ConvOptions = {}): Tensor {
  return tidy(() => conv(depthwiseConv(inputs, depthwiseKernel, options), pointwiseKernel, { dataFormat: options.dataFormat ?? 'channels_last' }));
}
