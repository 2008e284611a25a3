/**
 * Plain float64 references of the window kernels with explicit geometry, written as one
 * loop over the taps that land inside x (padded taps are skipped: zero for convolution,
 * ignored by pooling).
 */
import type { Conv2DGeometry } from '@keras/core';

/** One tap: output cell (b, oh, ow) reads input cell (ih, iw) through filter tap (kh, kw). */
interface Tap { b: number; oh: number; ow: number; kh: number; kw: number; ih: number; iw: number }

/** Every tap inside x, in row-major window order (so the first maximum is the first seen). */
function taps(g: Conv2DGeometry): Tap[] {
  const list: Tap[] = [];
  for (let b = 0; b < g.batch; b++) for (let oh = 0; oh < g.outH; oh++) for (let ow = 0; ow < g.outW; ow++) {
    for (let kh = 0; kh < g.kH; kh++) for (let kw = 0; kw < g.kW; kw++) {
      const ih = oh * g.strideH + kh * g.dilationH - g.padTop;
      const iw = ow * g.strideW + kw * g.dilationW - g.padLeft;
      if (ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW) list.push({ b, oh, ow, kh, kw, ih, iw });
    }
  }
  return list;
}

/** Flat index helpers for x / dy / filter. */
const xi = (g: Conv2DGeometry, t: Tap, c: number): number => ((t.b * g.inH + t.ih) * g.inW + t.iw) * g.inC + c;
const yi = (g: Conv2DGeometry, t: Tap, c: number): number => ((t.b * g.outH + t.oh) * g.outW + t.ow) * g.outC + c;
const wi = (g: Conv2DGeometry, t: Tap, ci: number, co: number, cols: number): number => ((t.kh * g.kW + t.kw) * g.inC + ci) * cols + co;

/** The (input channel, output channel, filter column) triples of a full or depthwise convolution. */
function channelPairs(g: Conv2DGeometry, depthwise: boolean): [number, number, number][] {
  const pairs: [number, number, number][] = [];
  const mult = g.outC / g.inC;
  for (let ci = 0; ci < g.inC; ci++) {
    if (depthwise) for (let q = 0; q < mult; q++) pairs.push([ci, ci * mult + q, q]);
    else for (let co = 0; co < g.outC; co++) pairs.push([ci, co, co]);
  }
  return pairs;
}

/** Forward convolution (full or depthwise). */
export function convRef(x: number[], w: number[], g: Conv2DGeometry, depthwise = false): number[] {
  const out = new Array<number>(g.batch * g.outH * g.outW * g.outC).fill(0);
  const cols = depthwise ? g.outC / g.inC : g.outC;
  for (const t of taps(g)) for (const [ci, co, col] of channelPairs(g, depthwise)) out[yi(g, t, co)]! += x[xi(g, t, ci)]! * w[wi(g, t, ci, col, cols)]!;
  return out;
}

/** Gradient of the convolution with respect to x. */
export function convInputGradRef(dy: number[], w: number[], g: Conv2DGeometry, depthwise = false): number[] {
  const dx = new Array<number>(g.batch * g.inH * g.inW * g.inC).fill(0);
  const cols = depthwise ? g.outC / g.inC : g.outC;
  for (const t of taps(g)) for (const [ci, co, col] of channelPairs(g, depthwise)) dx[xi(g, t, ci)]! += dy[yi(g, t, co)]! * w[wi(g, t, ci, col, cols)]!;
  return dx;
}

/** Gradient of the convolution with respect to the filter. */
export function convFilterGradRef(x: number[], dy: number[], g: Conv2DGeometry, depthwise = false): number[] {
  const cols = depthwise ? g.outC / g.inC : g.outC;
  const dw = new Array<number>(g.kH * g.kW * g.inC * cols).fill(0);
  for (const t of taps(g)) for (const [ci, co, col] of channelPairs(g, depthwise)) dw[wi(g, t, ci, col, cols)]! += x[xi(g, t, ci)]! * dy[yi(g, t, co)]!;
  return dw;
}

/** Max pooling and its gradient (dy routed to the first maximum of each window). */
export function maxPoolRef(x: number[], dy: number[], g: Conv2DGeometry): { y: number[]; dx: number[] } {
  const y = new Array<number>(g.batch * g.outH * g.outW * g.outC).fill(-Infinity);
  const arg = new Array<number>(y.length).fill(-1);
  for (const t of taps(g)) for (let c = 0; c < g.inC; c++) {
    if (x[xi(g, t, c)]! > y[yi(g, t, c)]!) { y[yi(g, t, c)] = x[xi(g, t, c)]!; arg[yi(g, t, c)] = xi(g, t, c); }
  }
  const dx = new Array<number>(x.length).fill(0);
  arg.forEach((a, o) => { dx[a]! += dy[o]!; });
  return { y, dx };
}

/** Average pooling over the taps inside x, and its gradient. */
export function avgPoolRef(x: number[], dy: number[], g: Conv2DGeometry): { y: number[]; dx: number[] } {
  const count = new Array<number>(g.batch * g.outH * g.outW * g.outC).fill(0);
  for (const t of taps(g)) for (let c = 0; c < g.inC; c++) count[yi(g, t, c)]! += 1;
  const y = new Array<number>(count.length).fill(0);
  const dx = new Array<number>(x.length).fill(0);
  for (const t of taps(g)) for (let c = 0; c < g.inC; c++) {
    y[yi(g, t, c)]! += x[xi(g, t, c)]! / count[yi(g, t, c)]!;
    dx[xi(g, t, c)]! += dy[yi(g, t, c)]! / count[yi(g, t, c)]!;
  }
  return { y, dx };
}
