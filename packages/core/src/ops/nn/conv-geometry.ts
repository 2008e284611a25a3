/**
 * Window geometry shared by convolution and pooling: option parsing, output sizes
 * and TF/Keras 'same' padding, channels-last.
 */
import type { Conv2DGeometry } from '../../backend/kernels.js';
import { formatShape } from '../../shape.js';

/** Keras' padding modes. */
export type Padding = 'valid' | 'same';

/** Keras' data formats; only channels_last (NHWC) is supported. */
export type DataFormat = 'channels_last' | 'channels_first';

/** A number for every spatial dimension, or one per dimension. */
export type SpatialArg = number | readonly number[];

/** Options shared by every convolution. */
export interface ConvOptions {
  /** Stride of the window per spatial dimension (default 1). */
  strides?: SpatialArg;
  /** 'valid' (no padding, default) or 'same' (output size ceil(in / stride)). */
  padding?: Padding;
  /** Only 'channels_last' (the default) is supported. */
  dataFormat?: DataFormat;
  /** Spacing between kernel taps per spatial dimension (default 1). */
  dilationRate?: SpatialArg;
}

/** Expands a number or tuple into one positive integer per spatial dimension. */
export function spatialTuple(value: SpatialArg, spatial: number, what: string, op: string): number[] {
  const list = typeof value === 'number' ? new Array<number>(spatial).fill(value) : [...value];
  if (list.length !== spatial || list.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new RangeError(`${op}: ${what} must be a positive integer or a list of ${spatial} positive integers, received ${JSON.stringify(value)}.`);
  }
  return list;
}

/** {@link spatialTuple} for a 2-D kernel: 1-D ops get 1 for the inserted height axis. */
export function spatialPair(value: SpatialArg, spatial: 1 | 2, what: string, op: string): [number, number] {
  const list = spatialTuple(value, spatial, what, op);
  return spatial === 1 ? [1, list[0]!] : [list[0]!, list[1]!];
}

/** Checks `padding` and `dataFormat`, returning the padding in lower case. */
export function checkLayoutOptions(op: string, padding: string, dataFormat: string): Padding {
  if (dataFormat !== 'channels_last') {
    throw new Error(`${op}: dataFormat '${dataFormat}' is not supported; only 'channels_last' (NHWC) is. Transpose your input to channels-last first.`);
  }
  const p = padding.toLowerCase();
  if (p !== 'valid' && p !== 'same') throw new RangeError(`${op}: padding must be 'valid' or 'same', received '${padding}'.`);
  return p;
}

/** One spatial dimension of a window op: output size and leading padding. */
export interface AxisGeometry {
  out: number;
  padBefore: number;
}

/**
 * Output size and leading padding of one spatial dimension, as TF and Keras compute
 * them: 'valid' gives floor((in - effectiveK) / stride) + 1; 'same' gives
 * ceil(in / stride) with total padding max((out-1)*stride + effectiveK - in, 0),
 * the smaller half before. `where` describes the tensors for the error message.
 */
export function axisGeometry(inSize: number, k: number, stride: number, dilation: number, padding: Padding, where: () => string): AxisGeometry {
  const effectiveK = (k - 1) * dilation + 1;
  if (padding === 'same') {
    const out = Math.ceil(inSize / stride);
    return { out, padBefore: Math.floor(Math.max((out - 1) * stride + effectiveK - inSize, 0) / 2) };
  }
  if (effectiveK > inSize) {
    throw new RangeError(`${where()}: the window (size ${effectiveK} with dilation) is larger than the input (size ${inSize}) with padding 'valid'; use padding 'same' or a larger input.`);
  }
  return { out: Math.floor((inSize - effectiveK) / stride) + 1, padBefore: 0 };
}

/** The spatial part of a 2-D window op: sizes of input and window, strides and dilations. */
export interface WindowSpec {
  batch: number; inH: number; inW: number; inC: number; outC: number;
  kH: number; kW: number; strides: readonly [number, number]; dilations: readonly [number, number];
}

/** The kernel geometry of a 2-D window op (1-D ops are 2-D with H = 1). */
export function windowGeometry(spec: WindowSpec, padding: Padding, where: () => string): Conv2DGeometry {
  const [strideH, strideW] = spec.strides;
  const [dilationH, dilationW] = spec.dilations;
  const h = axisGeometry(spec.inH, spec.kH, strideH, dilationH, padding, where);
  const w = axisGeometry(spec.inW, spec.kW, strideW, dilationW, padding, where);
  return {
    batch: spec.batch, inH: spec.inH, inW: spec.inW, inC: spec.inC, outH: h.out, outW: w.out, outC: spec.outC,
    kH: spec.kH, kW: spec.kW, strideH, strideW, dilationH, dilationW, padTop: h.padBefore, padLeft: w.padBefore,
  };
}

/** Describes an op call for error messages: `conv: inputs (1, 5, 3) and kernel (7, 3, 2)`. */
export function describeCall(op: string, shapes: Record<string, readonly number[]>): string {
  return `${op}: ${Object.entries(shapes).map(([k, s]) => `${k} ${formatShape(s)}`).join(' and ')}`;
}

/** Checks an input's rank is 3 (1-D op) or 4 (2-D op), returning the number of spatial dimensions. */
export function spatialRank(op: string, shape: readonly number[]): 1 | 2 {
  if (shape.length === 3) return 1;
  if (shape.length === 4) return 2;
  throw new RangeError(
    `${op}: inputs must have rank 3 (batch, width, channels) or 4 (batch, height, width, channels), received shape ${formatShape(shape)}. ` +
      '3-D windows are not supported.',
  );
}
