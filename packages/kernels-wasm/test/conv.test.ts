import { describe, it } from 'vitest';
import type { WasmBackend } from '../src/backend.js';
import { expectClose, expectExact, Scratch, uniform, VARIANTS, useVariantBackend } from './helpers.js';
import * as ref from './conv-reference.js';
import { FUSED_ACTIVATIONS } from './reference.js';

const { geometry } = ref;

/** Convolution geometries: pointwise (plain GEMM), strides, dilation, asymmetric padding, 1-D, chunked im2col. */
const CONVS: [string, ref.Geometry][] = [
  ['pointwise', geometry(2, [4, 5], 3, 7, [1, 1], [1, 1], [1, 1], [0, 0, 0, 0])],
  ['1x1 stride 2', geometry(1, [5, 6], 4, 9, [1, 1], [2, 2], [1, 1], [0, 0, 0, 0])],
  ['3x3 same', geometry(2, [6, 5], 3, 8, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1])],
  ['3x3 stride 2 valid', geometry(1, [9, 8], 5, 4, [3, 3], [2, 2], [1, 1], [0, 0, 0, 0])],
  ['2x3 dilated, asymmetric padding', geometry(2, [7, 9], 2, 5, [2, 3], [1, 2], [2, 2], [1, 2, 0, 1])],
  ['5x5 heavy padding', geometry(1, [3, 3], 1, 3, [5, 5], [1, 1], [1, 1], [3, 3, 2, 4])],
  ['1-D', geometry(3, [1, 11], 4, 6, [1, 3], [1, 1], [1, 1], [0, 0, 1, 1])],
  ['single pixel', geometry(1, [1, 1], 1, 1, [1, 1], [1, 1], [1, 1], [0, 0, 0, 0])],
  ['chunked im2col', geometry(2, [20, 20], 64, 12, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1])],
  // Filter gradients in groups of output rows (at least 512 rows), each group's partial added in order.
  ['pointwise, grouped filter gradient', geometry(4, [16, 16], 8, 12, [1, 1], [1, 1], [1, 1], [0, 0, 0, 0])],
  ['3x3, filter gradient in 16 groups', geometry(9, [31, 30], 3, 10, [3, 3], [1, 1], [1, 1], [0, 0, 0, 0])],
  // One input channel: patches packed straight from the image, by vectors along rows and pixel by pixel across them.
  ['one channel, rows wider than a slice', geometry(3, [9, 17], 1, 11, [3, 3], [1, 1], [1, 1], [0, 0, 0, 0])],
  ['one channel, same', geometry(2, [8, 13], 1, 9, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1])],
  ['one channel, dilated 2x4', geometry(1, [11, 19], 1, 16, [2, 4], [1, 1], [2, 3], [0, 1, 2, 0])],
  ['one channel, strided', geometry(2, [10, 21], 1, 5, [3, 3], [2, 3], [1, 1], [0, 0, 1, 1])],
  // One channel, no padding, filters in sixteens: the filter gradient straight from x and dy, in groups of images.
  ['one channel, 16 filters', geometry(3, [9, 17], 1, 16, [3, 3], [1, 1], [1, 1], [0, 0, 0, 0])],
  ['one channel, strided and dilated, 32 filters', geometry(2, [13, 15], 1, 32, [2, 3], [2, 1], [2, 3], [0, 0, 0, 0])],
  ['one channel 5x5, batch 19, 48 filters', geometry(19, [8, 9], 1, 48, [5, 5], [1, 1], [1, 1], [0, 0, 0, 0])],
  // ... and with padding, through a zero-bordered copy of each image.
  ['one channel same, 16 filters', geometry(2, [8, 13], 1, 16, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1])],
  ['one channel strided, bottom and right padding, 32 filters', geometry(2, [10, 12], 1, 32, [3, 3], [2, 2], [1, 1], [0, 1, 0, 1])],
  ['one channel 5x5 heavy padding, 16 filters', geometry(1, [3, 3], 1, 16, [5, 5], [1, 1], [1, 1], [3, 3, 2, 4])],
  ['one channel, empty batch, 16 filters', geometry(0, [5, 5], 1, 16, [3, 3], [1, 1], [1, 1], [0, 0, 0, 0])],
  // 3x3, stride 1, channels in fours from 16: Winograd F(4x4, 3x3), tiles overhanging odd edges; the
  // input gradient as the convolution of dy by the turned filter (its padding 2 - padTop, 2 - padLeft);
  // the filter gradient summed in fixed groups of tiles.
  ['Winograd valid, odd sides', geometry(3, [13, 11], 16, 20, [3, 3], [1, 1], [1, 1], [0, 0, 0, 0])],
  ['Winograd same, 32 -> 16', geometry(2, [9, 7], 32, 16, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1])],
  ['Winograd, asymmetric padding', geometry(1, [8, 10], 20, 24, [3, 3], [1, 1], [1, 1], [0, 2, 1, 0])],
  ['Winograd, several blocks (the CNN\'s second convolution)', geometry(5, [13, 13], 32, 64, [3, 3], [1, 1], [1, 1], [0, 0, 0, 0])],
  ['Winograd, filter gradient in two groups of tiles', geometry(15, [13, 13], 16, 16, [3, 3], [1, 1], [1, 1], [0, 0, 0, 0])],
  ['Winograd, empty batch', geometry(0, [13, 13], 32, 64, [3, 3], [1, 1], [1, 1], [0, 0, 0, 0])],
];

/** Fused epilogues: a bias per output channel and an activation, on im2col, direct-patch and pointwise convolutions. */
const EPILOGUES: [string, ref.Geometry, 'linear' | 'relu' | 'sigmoid' | 'tanh'][] = [
  ['3x3 same, relu', geometry(2, [6, 5], 3, 8, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), 'relu'],
  ['one channel, sigmoid', geometry(3, [9, 17], 1, 11, [3, 3], [1, 1], [1, 1], [0, 0, 0, 0]), 'sigmoid'],
  ['one channel same, relu', geometry(2, [8, 13], 1, 9, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), 'relu'],
  ['pointwise, tanh', geometry(2, [4, 5], 3, 7, [1, 1], [1, 1], [1, 1], [0, 0, 0, 0]), 'tanh'],
  ['chunked im2col, linear', geometry(2, [20, 20], 64, 12, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), 'linear'],
  ['Winograd same, relu', geometry(2, [9, 7], 16, 20, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1]), 'relu'],
  ['Winograd valid, sigmoid', geometry(3, [13, 11], 16, 20, [3, 3], [1, 1], [1, 1], [0, 0, 0, 0]), 'sigmoid'],
];


const DEPTHWISE: [string, ref.Geometry][] = [
  ['multiplier 1', geometry(2, [6, 5], 8, 8, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1])],
  ['multiplier 1, odd channels', geometry(1, [5, 7], 5, 5, [3, 2], [2, 1], [1, 2], [0, 1, 1, 0])],
  ['multiplier 2', geometry(2, [4, 4], 3, 6, [2, 2], [1, 1], [1, 1], [0, 1, 0, 1])],
  ['multiplier 3, strided', geometry(1, [7, 6], 2, 6, [3, 3], [2, 2], [1, 1], [1, 1, 1, 1])],
];

const POOLS: [string, ref.Geometry][] = [
  ['2x2 stride 2', geometry(2, [6, 6], 3, 3, [2, 2], [2, 2], [1, 1], [0, 0, 0, 0])],
  ['3x3 stride 1 same', geometry(1, [5, 4], 5, 5, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1])],
  ['3x3 stride 2 overlapping, odd', geometry(2, [7, 5], 4, 4, [3, 3], [2, 2], [1, 1], [1, 1, 0, 1])],
  ['1-D', geometry(2, [1, 9], 6, 6, [1, 4], [1, 3], [1, 1], [0, 0, 1, 2])],
];

describe.each(VARIANTS)('convolution and pooling (%s)', (variant) => {
  let backend: WasmBackend;
  let s: Scratch;
  useVariantBackend(variant, (b, scratch) => {
    backend = b;
    s = scratch;
  });

  const xSize = (g: ref.Geometry) => g.batch * g.inH * g.inW * g.inC;
  const ySize = (g: ref.Geometry) => g.batch * g.outH * g.outW * g.outC;

  describe.each(CONVS)('conv2d %s', (_name, g) => {
    const wSize = g.kH * g.kW * g.inC * g.outC;
    const rtol = 1e-5 * Math.sqrt(g.kH * g.kW * Math.max(g.inC, g.outC) * g.batch * g.outH * g.outW);
    const xv = uniform(xSize(g), -1, 1, 1);
    const wv = uniform(wSize, -1, 1, 2);
    const dyv = uniform(ySize(g), -1, 1, 3);

    it('forward', () => {
      const out = s.out('float32', ySize(g));
      backend.kernels.conv2d!({ ...g, x: s.put('float32', xv), filter: s.put('float32', wv), out });
      const want = ref.conv2d(g, xv, wv);
      expectClose(s.get(out, 'float32', ySize(g)), want.out, 1e-5 * Math.sqrt(g.kH * g.kW * g.inC), want.scale);
    });

    it('backprop input', () => {
      const dx = s.out('float32', xSize(g));
      backend.kernels.conv2dBackpropInput!({ ...g, dy: s.put('float32', dyv), filter: s.put('float32', wv), dx });
      const want = ref.conv2dBackpropInput(g, dyv, wv);
      expectClose(s.get(dx, 'float32', xSize(g)), want.out, rtol, want.scale);
    });

    it('backprop filter', () => {
      const dw = s.out('float32', wSize);
      backend.kernels.conv2dBackpropFilter!({ ...g, x: s.put('float32', xv), dy: s.put('float32', dyv), dw });
      const want = ref.conv2dBackpropFilter(g, xv, dyv);
      expectClose(s.get(dw, 'float32', wSize), want.out, rtol, want.scale);
    });
  });

  it.each(EPILOGUES)('conv2d %s: bias and activation fused into the store', (_name, g, activation) => {
    const wSize = g.kH * g.kW * g.inC * g.outC;
    const xv = uniform(xSize(g), -1, 1, 7);
    const wv = uniform(wSize, -1, 1, 8);
    const bv = uniform(g.outC, -1, 1, 9);
    const out = s.out('float32', ySize(g));
    backend.kernels.conv2d!({ ...g, x: s.put('float32', xv), filter: s.put('float32', wv), bias: s.put('float32', bv), activation, out });
    const want = ref.conv2d(g, xv, wv);
    const expected = want.out.map((v, i) => FUSED_ACTIVATIONS[activation](v + bv[i % g.outC]!));
    expectClose(s.get(out, 'float32', ySize(g)), expected, 1e-5 * Math.sqrt(g.kH * g.kW * g.inC), want.scale);
  });

  describe.each(DEPTHWISE)('depthwise %s', (_name, g) => {
    const wSize = g.kH * g.kW * g.outC;
    const rtol = 1e-5 * Math.sqrt(g.batch * g.outH * g.outW * g.kH * g.kW);
    const xv = uniform(xSize(g), -1, 1, 4);
    const wv = uniform(wSize, -1, 1, 5);
    const dyv = uniform(ySize(g), -1, 1, 6);

    it('forward', () => {
      const out = s.out('float32', ySize(g));
      backend.kernels.depthwiseConv2d!({ ...g, x: s.put('float32', xv), filter: s.put('float32', wv), out });
      const want = ref.depthwise(g, xv, wv);
      expectClose(s.get(out, 'float32', ySize(g)), want.out, rtol, want.scale);
    });

    it('backprop input', () => {
      const dx = s.out('float32', xSize(g));
      backend.kernels.depthwiseConv2dBackpropInput!({ ...g, dy: s.put('float32', dyv), filter: s.put('float32', wv), dx });
      const want = ref.depthwiseBackpropInput(g, dyv, wv);
      expectClose(s.get(dx, 'float32', xSize(g)), want.out, rtol, want.scale);
    });

    it('backprop filter', () => {
      const dw = s.out('float32', wSize);
      backend.kernels.depthwiseConv2dBackpropFilter!({ ...g, x: s.put('float32', xv), dy: s.put('float32', dyv), dw });
      const want = ref.depthwiseBackpropFilter(g, xv, dyv);
      expectClose(s.get(dw, 'float32', wSize), want.out, rtol, want.scale);
    });
  });

  describe.each(POOLS)('pooling %s', (_name, g) => {
    // Repeated values make ties, so the first-maximum rule is exercised.
    const xv = uniform(xSize(g), -1, 1, 7).map((v, i) => (i % 4 === 1 ? 0.5 : v));
    const dyv = uniform(ySize(g), -1, 1, 8);
    const want = ref.pool(g, xv, dyv);

    it('maxPool', () => {
      const out = s.out('float32', ySize(g));
      backend.kernels.maxPool!({ ...g, x: s.put('float32', xv), out });
      expectExact(s.get(out, 'float32', ySize(g)), want.max.map(Math.fround));
    });

    it('avgPool', () => {
      const out = s.out('float32', ySize(g));
      backend.kernels.avgPool!({ ...g, x: s.put('float32', xv), out });
      expectClose(s.get(out, 'float32', ySize(g)), want.avg, 1e-6, 1);
    });

    it('maxPoolGrad', () => {
      const dx = s.out('float32', xSize(g));
      backend.kernels.maxPoolGrad!({ ...g, x: s.put('float32', xv), dy: s.put('float32', dyv), dx });
      expectClose(s.get(dx, 'float32', xSize(g)), want.maxGrad, 1e-6, 1);
    });

    it('avgPoolGrad', () => {
      const dx = s.out('float32', xSize(g));
      backend.kernels.avgPoolGrad!({ ...g, dy: s.put('float32', dyv), dx });
      expectClose(s.get(dx, 'float32', xSize(g)), want.avgGrad, 1e-6, 1);
    });
  });
});
