/**
 * Convolution and pooling kernels on explicit geometries the op layer's 'same' / 'valid'
 * rarely produces: asymmetric padding, bottom/right rows padded or cropped away, strides
 * and dilations both above 1, overlapping pooling windows with ties. Each kernel call is
 * leak-checked (tfjs' tensor count stays flat).
 */
import type { Conv2DGeometry } from '@keras/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, harness, randoms, type Harness } from './harness.js';
import { avgPoolRef, convFilterGradRef, convInputGradRef, convRef, maxPoolRef } from './window-reference.js';

/** A geometry from the parts a test varies; batch 2 and no dilation unless given. */
function geometry(p: Partial<Conv2DGeometry> & Pick<Conv2DGeometry, 'inH' | 'inW' | 'inC' | 'outC' | 'kH' | 'kW' | 'outH' | 'outW'>): Conv2DGeometry {
  return { batch: 2, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padTop: 0, padLeft: 0, ...p };
}

const CONV: [string, Conv2DGeometry][] = [
  ['strides 2x3 with dilation 2x2, bottom padded, right column cropped',
    geometry({ inH: 7, inW: 6, inC: 3, outC: 2, kH: 3, kW: 2, strideH: 2, strideW: 3, dilationH: 2, dilationW: 2, padTop: 2, padLeft: 1, outH: 4, outW: 2 })],
  ['no padding, last row and column cropped', geometry({ inH: 5, inW: 5, inC: 2, outC: 3, kH: 2, kW: 2, outH: 3, outW: 3 })],
  ['1-D shape with left padding only, stride 2', geometry({ inH: 1, inW: 9, inC: 1, outC: 2, kH: 1, kW: 4, strideW: 2, padLeft: 3, outH: 1, outW: 5 })],
  ['dilation 3x2 at stride 1, top padded', geometry({ inH: 8, inW: 8, inC: 2, outC: 2, kH: 2, kW: 3, dilationH: 3, dilationW: 2, padTop: 1, outH: 7, outW: 4 })],
];

const DEPTHWISE: [string, Conv2DGeometry][] = [
  ['multiplier 2, strides 2x2 with dilation 2x1', geometry({ inH: 7, inW: 6, inC: 2, outC: 4, kH: 2, kW: 3, strideH: 2, strideW: 2, dilationH: 2, padTop: 1, padLeft: 1, outH: 3, outW: 3 })],
  ['multiplier 1, cropped', geometry({ inH: 6, inW: 5, inC: 3, outC: 3, kH: 3, kW: 2, strideH: 2, outH: 2, outW: 4 })],
];

const POOL: [string, Conv2DGeometry][] = [
  ['3x3 stride 2, padded on all sides', geometry({ inH: 6, inW: 7, inC: 2, outC: 2, kH: 3, kW: 3, strideH: 2, strideW: 2, padTop: 1, padLeft: 2, outH: 4, outW: 4 })],
  ['2x2 stride 2, cropped', geometry({ inH: 5, inW: 5, inC: 1, outC: 1, kH: 2, kW: 2, strideH: 2, strideW: 2, outH: 2, outW: 2 })],
  ['3x2 stride 1, overlapping, padded top and left', geometry({ inH: 4, inW: 4, inC: 3, outC: 3, kH: 3, kW: 2, padTop: 2, padLeft: 1, outH: 5, outW: 4 })],
];

const xSize = (g: Conv2DGeometry): number => g.batch * g.inH * g.inW * g.inC;
const ySize = (g: Conv2DGeometry): number => g.batch * g.outH * g.outW * g.outC;

describe('window kernels on explicit geometry', () => {
  let h: Harness;
  beforeAll(async () => { h = await harness(); });

  for (const [name, g] of CONV) {
    it(`conv2d and its gradients: ${name}`, () => {
      const x = randoms(xSize(g), 1), w = randoms(g.kH * g.kW * g.inC * g.outC, 2), dy = randoms(ySize(g), 3);
      const [xId, wId, dyId] = [h.put(x), h.put(w), h.put(dy)];
      const out = h.out(ySize(g)), dx = h.out(x.length), dw = h.out(w.length);
      h.run(() => h.k.conv2d({ ...g, x: xId, filter: wId, out }));
      h.run(() => h.k.conv2dBackpropInput({ ...g, dy: dyId, filter: wId, dx }));
      h.run(() => h.k.conv2dBackpropFilter({ ...g, x: xId, dy: dyId, dw }));
      expectClose(h.get(out), convRef(x, w, g));
      expectClose(h.get(dx), convInputGradRef(dy, w, g));
      expectClose(h.get(dw), convFilterGradRef(x, dy, g));
    });
  }

  for (const [name, g] of DEPTHWISE) {
    it(`depthwiseConv2d and its gradients: ${name}`, () => {
      const x = randoms(xSize(g), 4), w = randoms(g.kH * g.kW * g.outC, 5), dy = randoms(ySize(g), 6);
      const [xId, wId, dyId] = [h.put(x), h.put(w), h.put(dy)];
      const out = h.out(ySize(g)), dx = h.out(x.length), dw = h.out(w.length);
      h.run(() => h.k.depthwiseConv2d({ ...g, x: xId, filter: wId, out }));
      h.run(() => h.k.depthwiseConv2dBackpropInput({ ...g, dy: dyId, filter: wId, dx }));
      h.run(() => h.k.depthwiseConv2dBackpropFilter({ ...g, x: xId, dy: dyId, dw }));
      expectClose(h.get(out), convRef(x, w, g, true));
      expectClose(h.get(dx), convInputGradRef(dy, w, g, true));
      expectClose(h.get(dw), convFilterGradRef(x, dy, g, true));
    });
  }

  for (const [name, g] of POOL) {
    it(`max and average pooling and their gradients: ${name}`, () => {
      // Few distinct values, so overlapping windows hold ties and the first maximum matters.
      const x = randoms(xSize(g), 7).map((v) => Math.round(v * 2));
      const dy = randoms(ySize(g), 8);
      const [xId, dyId] = [h.put(x), h.put(dy)];
      const maxOut = h.out(ySize(g)), maxDx = h.out(x.length), avgOut = h.out(ySize(g)), avgDx = h.out(x.length);
      h.run(() => h.k.maxPool({ ...g, x: xId, out: maxOut }));
      h.run(() => h.k.maxPoolGrad({ ...g, x: xId, dy: dyId, dx: maxDx }));
      h.run(() => h.k.avgPool({ ...g, x: xId, out: avgOut }));
      h.run(() => h.k.avgPoolGrad({ ...g, dy: dyId, dx: avgDx }));
      const max = maxPoolRef(x, dy, g), avg = avgPoolRef(x, dy, g);
      expectClose(h.get(maxOut), max.y);
      expectClose(h.get(maxDx), max.dx);
      expectClose(h.get(avgOut), avg.y);
      expectClose(h.get(avgDx), avg.dx);
    });
  }
});

describe('window kernels whose sums run over nothing', () => {
  let h: Harness;
  beforeAll(async () => { h = await harness(); });

  it('give zeros: no input channels, an empty batch, no output channels', () => {
    const none = h.put([]);
    const g = geometry({ inH: 3, inW: 3, inC: 0, outC: 2, kH: 2, kW: 2, outH: 2, outW: 2 });
    const out = h.out(ySize(g));
    h.run(() => h.k.conv2d({ ...g, x: none, filter: none, out }));
    expect(h.get(out)).toEqual(new Array(ySize(g)).fill(0));
    const e = geometry({ batch: 0, inH: 3, inW: 3, inC: 2, outC: 2, kH: 2, kW: 2, outH: 2, outW: 2 });
    const dw = h.out(16), ddw = h.out(8);
    h.run(() => h.k.conv2dBackpropFilter({ ...e, x: none, dy: none, dw }));
    h.run(() => h.k.depthwiseConv2dBackpropFilter({ ...e, x: none, dy: none, dw: ddw }));
    expect([...h.get(dw), ...h.get(ddw)]).toEqual(new Array(24).fill(0));
    const c = geometry({ inH: 3, inW: 3, inC: 2, outC: 0, kH: 2, kW: 2, outH: 2, outW: 2 });
    const dx = h.out(xSize(c));
    h.run(() => h.k.conv2dBackpropInput({ ...c, dy: none, filter: none, dx }));
    expect(h.get(dx)).toEqual(new Array(xSize(c)).fill(0));
  });
});
