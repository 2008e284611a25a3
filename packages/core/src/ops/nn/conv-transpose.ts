/**
 * Transposed convolution, Keras 3's `keras.ops.conv_transpose`, 1-D and 2-D,
 * computed by the conv2dBackpropInput kernel (it is the gradient of a convolution).
 */
import type { TensorLike } from '../../create.js';
import { tidy } from '../../memory.js';
import type { Tensor } from '../../tensor.js';
import { floatInput } from './float-input.js';
import { convBilinear, insertUnitAxis, removeUnitAxis } from './conv-kernels.js';
import { checkLayoutOptions, describeCall, spatialPair, spatialRank, type ConvOptions, type Padding, type SpatialArg } from './conv-geometry.js';

/** Options of {@link convTranspose}. */
export interface ConvTransposeOptions extends ConvOptions {
  /**
   * Extra size added to one side of each spatial output dimension, each smaller than
   * the stride; null (the default) infers it as Keras does.
   */
  outputPadding?: SpatialArg | null;
}

/**
 * Output size and leading padding of one axis, following Keras 3's
 * `compute_conv_transpose_output_shape` and its padding arguments for JAX: the
 * transposed convolution crops `padBefore` cells before the first output.
 */
function transposeAxis(inSize: number, k: number, stride: number, dilation: number, padding: Padding, outputPadding: number | null): { out: number; padBefore: number } {
  const effectiveK = (k - 1) * dilation + 1;
  if (padding === 'valid') {
    const extra = outputPadding ?? Math.max(effectiveK, stride) - effectiveK;
    return { out: (inSize - 1) * stride + effectiveK + extra, padBefore: 0 };
  }
  const padLength = outputPadding === null ? stride + effectiveK - 2 : effectiveK + (effectiveK % 2) - 2 + outputPadding;
  const cropBefore = Math.min(Math.floor(padLength / 2) + (padLength % 2), effectiveK - 1);
  return { out: (inSize - 1) * stride + padLength - effectiveK + 2, padBefore: effectiveK - 1 - cropBefore };
}

/**
 * Transposed convolution (the gradient of `conv` with respect to its input), Keras'
 * `ops.conv_transpose`: inputs (batch, [height,] width, inChannels), kernel
 * ([kH,] kW, outChannels, inChannels) — Keras' layout for Conv*DTranspose. The output
 * size per axis is Keras' deconv output length, e.g. in * stride with 'same' padding.
 * Defaults: strides 1, padding 'valid', outputPadding null, dilationRate 1.
 */
export function convTranspose(inputs: TensorLike, kernel: TensorLike, options: ConvTransposeOptions = {}): Tensor {
  const op = 'convTranspose';
  return tidy(() => {
    const x = floatInput(inputs, op);
    const w = floatInput(kernel, op);
    const padding = checkLayoutOptions(op, options.padding ?? 'valid', options.dataFormat ?? 'channels_last');
    const spatial = spatialRank(op, x.shape);
    const where = describeCall(op, { inputs: x.shape, kernel: w.shape });
    if (w.rank !== spatial + 2) {
      const dims = spatial === 1 ? 'width' : 'height, width';
      throw new RangeError(`${where}: the kernel must have rank ${spatial + 2} (${dims}, output channels, input channels) for ${spatial}-D inputs.`);
    }
    const inC = x.shape[spatial + 1]!;
    if (w.shape[spatial + 1] !== inC) {
      throw new RangeError(`${where}: the kernel expects ${w.shape[spatial + 1]} input channels (its last axis) but the inputs have ${inC} (their last axis).`);
    }
    const strides = spatialPair(options.strides ?? 1, spatial, 'strides', op);
    const dilations = spatialPair(options.dilationRate ?? 1, spatial, 'dilationRate', op);
    const outPads = options.outputPadding === undefined || options.outputPadding === null ? [null, null] : outputPaddingPair(options.outputPadding, spatial, strides, where);
    const x4 = spatial === 1 ? insertUnitAxis(x, 1) : x;
    const w4 = spatial === 1 ? insertUnitAxis(w, 0) : w;
    const [batch, yH, yW] = x4.shape as [number, number, number, number];
    const [kH, kW, outC] = w4.shape as [number, number, number, number];
    const h = transposeAxis(yH, kH, strides[0], dilations[0], padding, outPads[0]!);
    const wd = transposeAxis(yW, kW, strides[1], dilations[1], padding, outPads[1]!);
    if (h.out < 0 || wd.out < 0) throw new RangeError(`${where}: inputs with an empty spatial axis have no transposed convolution.`);
    // The geometry of the convolution this op transposes: its input is our output.
    const g = {
      batch, inH: h.out, inW: wd.out, inC: outC, outH: yH, outW: yW, outC: inC, kH, kW,
      strideH: strides[0], strideW: strides[1], dilationH: dilations[0], dilationW: dilations[1], padTop: h.padBefore, padLeft: wd.padBefore,
    };
    const y = convBilinear(op, 'input', 'regular', x4, w4, g);
    return spatial === 1 ? removeUnitAxis(y, 1) : y;
  });
}

/** Checks `outputPadding` (non-negative, smaller than the stride) and lifts it to two axes. */
function outputPaddingPair(value: SpatialArg, spatial: 1 | 2, strides: readonly [number, number], where: string): (number | null)[] {
  const list = typeof value === 'number' ? new Array<number>(spatial).fill(value) : [...value];
  const pair = spatial === 1 ? [0, list[0]] : list;
  if (list.length !== spatial || pair.some((p, i) => p === undefined || !Number.isInteger(p) || p < 0 || p >= strides[i]!)) {
    throw new RangeError(`${where}: outputPadding must be ${spatial === 1 ? 'an integer' : 'one integer per spatial axis'}, >= 0 and smaller than the stride, received ${JSON.stringify(value)}.`);
  }
  return pair as number[];
}
