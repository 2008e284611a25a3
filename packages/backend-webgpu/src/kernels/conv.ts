/** conv2d and depthwise conv2d with their input and filter gradients. */
import type { Conv2DGeometry, DataId, KernelTable } from '@keras/core';
import type { KernelContext, Program } from '../context.js';
import { conv2dBackpropFilterShader, conv2dBackpropInputShader, conv2dShader } from '../shaders/conv2d.js';
import type { ConvEpilogue } from '../shaders/convolution.js';
import { depthwiseBackpropFilterShader, depthwiseBackpropInputShader, depthwiseShader } from '../shaders/depthwise.js';
import { geometryParams } from '../shaders/window.js';

const IO = ['read', 'read', 'read_write'] as const;

/** The conv2d program of an epilogue: bound as xs, weights, [bias,] out. */
function convProgram(epilogue: ConvEpilogue): Program {
  return {
    key: `conv2d:${epilogue.bias ? 'bias' : 'nobias'}:${epilogue.activation}`,
    access: epilogue.bias ? ['read', 'read', 'read', 'read_write'] : IO,
    wgsl: () => conv2dShader(epilogue),
  };
}
const CONV_INPUT: Program = { key: 'conv2dBackpropInput', access: IO, wgsl: conv2dBackpropInputShader };
const CONV_FILTER: Program = { key: 'conv2dBackpropFilter', access: IO, wgsl: conv2dBackpropFilterShader };
const DEPTHWISE: Program = { key: 'depthwiseConv2d', access: IO, wgsl: depthwiseShader };
const DEPTHWISE_INPUT: Program = { key: 'depthwiseConv2dBackpropInput', access: IO, wgsl: depthwiseBackpropInputShader };
const DEPTHWISE_FILTER: Program = { key: 'depthwiseConv2dBackpropFilter', access: IO, wgsl: depthwiseBackpropFilterShader };

/** Convolution kernels. */
export function convKernels(ctx: KernelContext): Pick<KernelTable,
  'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter' |
  'depthwiseConv2d' | 'depthwiseConv2dBackpropInput' | 'depthwiseConv2dBackpropFilter'> {
  /** One thread per element of a [batch, h, w, c] result. */
  const perElement = (program: Program, g: Conv2DGeometry, data: DataId[], h: number, w: number, c: number): void =>
    ctx.runThreads(program, data, [g.batch * h * w * c, ...geometryParams(g)]);
  /** One workgroup per element of a filter gradient of `size` elements. */
  const perFilterEntry = (program: Program, g: Conv2DGeometry, data: DataId[], size: number): void =>
    ctx.run(program, data, [size, ...geometryParams(g)], size);

  return {
    conv2d: (g) => {
      const epilogue = { bias: g.bias !== undefined, activation: g.activation ?? 'linear' };
      const data = g.bias !== undefined ? [g.x, g.filter, g.bias, g.out] : [g.x, g.filter, g.out];
      perElement(convProgram(epilogue), g, data, g.outH, g.outW, g.outC);
    },
    conv2dBackpropInput: (g) => perElement(CONV_INPUT, g, [g.dy, g.filter, g.dx], g.inH, g.inW, g.inC),
    conv2dBackpropFilter: (g) => perFilterEntry(CONV_FILTER, g, [g.x, g.dy, g.dw], g.kH * g.kW * g.inC * g.outC),
    depthwiseConv2d: (g) => perElement(DEPTHWISE, g, [g.x, g.filter, g.out], g.outH, g.outW, g.outC),
    depthwiseConv2dBackpropInput: (g) => perElement(DEPTHWISE_INPUT, g, [g.dy, g.filter, g.dx], g.inH, g.inW, g.inC),
    depthwiseConv2dBackpropFilter: (g) => perFilterEntry(DEPTHWISE_FILTER, g, [g.x, g.dy, g.dw], g.kH * g.kW * g.outC),
  };
}
