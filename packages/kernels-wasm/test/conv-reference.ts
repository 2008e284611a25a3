/** Float64 reference convolutions and pooling (NHWC, Keras filter layouts), written as direct loops. */

/** A window geometry as the kernels take it. */
export interface Geometry {
  batch: number; inH: number; inW: number; inC: number; outH: number; outW: number; outC: number;
  kH: number; kW: number; strideH: number; strideW: number; dilationH: number; dilationW: number;
  padTop: number; padLeft: number;
}

/** Builds a geometry; the bottom/right padding completes the output size. */
export function geometry(
  batch: number, [inH, inW]: [number, number], inC: number, outC: number, [kH, kW]: [number, number],
  [strideH, strideW]: [number, number], [dilationH, dilationW]: [number, number],
  [padTop, padBottom, padLeft, padRight]: [number, number, number, number],
): Geometry {
  const outH = Math.floor((inH + padTop + padBottom - dilationH * (kH - 1) - 1) / strideH) + 1;
  const outW = Math.floor((inW + padLeft + padRight - dilationW * (kW - 1) - 1) / strideW) + 1;
  return { batch, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft };
}

/** Calls f(b, oy, ox, ky, kx, iy, ix) for every output pixel and in-bounds tap. */
function forEachTap(g: Geometry, f: (b: number, oy: number, ox: number, ky: number, kx: number, iy: number, ix: number) => void): void {
  for (let b = 0; b < g.batch; b++)
    for (let oy = 0; oy < g.outH; oy++)
      for (let ox = 0; ox < g.outW; ox++)
        for (let ky = 0; ky < g.kH; ky++)
          for (let kx = 0; kx < g.kW; kx++) {
            const iy = oy * g.strideH - g.padTop + ky * g.dilationH;
            const ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
            if (iy >= 0 && iy < g.inH && ix >= 0 && ix < g.inW) f(b, oy, ox, ky, kx, iy, ix);
          }
}

const xAt = (g: Geometry, b: number, y: number, x: number, c: number) => ((b * g.inH + y) * g.inW + x) * g.inC + c;
const yAt = (g: Geometry, b: number, y: number, x: number, c: number) => ((b * g.outH + y) * g.outW + x) * g.outC + c;

/** Reference results carry the sum of |terms| per element (the scale of its rounding error). */
export interface Result { out: number[]; scale: number[] }

function accumulate(size: number): Result {
  return { out: new Array<number>(size).fill(0), scale: new Array<number>(size).fill(0) };
}

function add(r: Result, i: number, v: number): void {
  r.out[i]! += v;
  r.scale[i]! += Math.abs(v);
}

/** conv2d with filter [kH, kW, inC, outC]. */
export function conv2d(g: Geometry, x: number[], w: number[]): Result {
  const r = accumulate(g.batch * g.outH * g.outW * g.outC);
  forEachTap(g, (b, oy, ox, ky, kx, iy, ix) => {
    for (let ic = 0; ic < g.inC; ic++)
      for (let oc = 0; oc < g.outC; oc++) add(r, yAt(g, b, oy, ox, oc), x[xAt(g, b, iy, ix, ic)]! * w[((ky * g.kW + kx) * g.inC + ic) * g.outC + oc]!);
  });
  return r;
}

/** Gradient of conv2d with respect to x. */
export function conv2dBackpropInput(g: Geometry, dy: number[], w: number[]): Result {
  const r = accumulate(g.batch * g.inH * g.inW * g.inC);
  forEachTap(g, (b, oy, ox, ky, kx, iy, ix) => {
    for (let ic = 0; ic < g.inC; ic++)
      for (let oc = 0; oc < g.outC; oc++) add(r, xAt(g, b, iy, ix, ic), dy[yAt(g, b, oy, ox, oc)]! * w[((ky * g.kW + kx) * g.inC + ic) * g.outC + oc]!);
  });
  return r;
}

/** Gradient of conv2d with respect to the filter. */
export function conv2dBackpropFilter(g: Geometry, x: number[], dy: number[]): Result {
  const r = accumulate(g.kH * g.kW * g.inC * g.outC);
  forEachTap(g, (b, oy, ox, ky, kx, iy, ix) => {
    for (let ic = 0; ic < g.inC; ic++)
      for (let oc = 0; oc < g.outC; oc++) add(r, ((ky * g.kW + kx) * g.inC + ic) * g.outC + oc, x[xAt(g, b, iy, ix, ic)]! * dy[yAt(g, b, oy, ox, oc)]!);
  });
  return r;
}

/** Depthwise conv2d with filter [kH, kW, inC, multiplier]; out channel c * mult + q reads channel c. */
export function depthwise(g: Geometry, x: number[], w: number[]): Result {
  const mult = g.outC / g.inC;
  const r = accumulate(g.batch * g.outH * g.outW * g.outC);
  forEachTap(g, (b, oy, ox, ky, kx, iy, ix) => {
    for (let ch = 0; ch < g.outC; ch++) add(r, yAt(g, b, oy, ox, ch), x[xAt(g, b, iy, ix, Math.floor(ch / mult))]! * w[(ky * g.kW + kx) * g.outC + ch]!);
  });
  return r;
}

/** Gradient of depthwise conv2d with respect to x. */
export function depthwiseBackpropInput(g: Geometry, dy: number[], w: number[]): Result {
  const mult = g.outC / g.inC;
  const r = accumulate(g.batch * g.inH * g.inW * g.inC);
  forEachTap(g, (b, oy, ox, ky, kx, iy, ix) => {
    for (let ch = 0; ch < g.outC; ch++) add(r, xAt(g, b, iy, ix, Math.floor(ch / mult)), dy[yAt(g, b, oy, ox, ch)]! * w[(ky * g.kW + kx) * g.outC + ch]!);
  });
  return r;
}

/** Gradient of depthwise conv2d with respect to the filter. */
export function depthwiseBackpropFilter(g: Geometry, x: number[], dy: number[]): Result {
  const mult = g.outC / g.inC;
  const r = accumulate(g.kH * g.kW * g.outC);
  forEachTap(g, (b, oy, ox, ky, kx, iy, ix) => {
    for (let ch = 0; ch < g.outC; ch++) add(r, (ky * g.kW + kx) * g.outC + ch, x[xAt(g, b, iy, ix, Math.floor(ch / mult))]! * dy[yAt(g, b, oy, ox, ch)]!);
  });
  return r;
}

/** The valid cells of each window, in row-major window order. */
function windows(g: Geometry): Map<number, [number, number][]> {
  const cells = new Map<number, [number, number][]>();
  for (let b = 0; b < g.batch; b++)
    for (let oy = 0; oy < g.outH; oy++)
      for (let ox = 0; ox < g.outW; ox++) cells.set((b * g.outH + oy) * g.outW + ox, []);
  forEachTap(g, (b, oy, ox, _ky, _kx, iy, ix) => cells.get((b * g.outH + oy) * g.outW + ox)!.push([iy, ix]));
  return cells;
}

/** max / average pooling, and their gradients (dy routed to the first max; spread over valid cells). */
export function pool(g: Geometry, x: number[], dy: number[]): { max: number[]; avg: number[]; maxGrad: number[]; avgGrad: number[] } {
  const max: number[] = [];
  const avg: number[] = [];
  const maxGrad = new Array<number>(g.batch * g.inH * g.inW * g.inC).fill(0);
  const avgGrad = maxGrad.slice();
  for (const [pixel, cells] of windows(g)) {
    const b = Math.floor(pixel / (g.outH * g.outW));
    for (let c = 0; c < g.inC; c++) {
      let best = -Infinity;
      let at = -1;
      let sum = 0;
      for (const [y, xx] of cells) {
        const v = x[xAt(g, b, y, xx, c)]!;
        if (at < 0 || v > best) {
          best = v;
          at = xAt(g, b, y, xx, c);
        }
        sum += v;
      }
      const d = dy[pixel * g.inC + c]!;
      max.push(best);
      avg.push(cells.length ? sum / cells.length : 0);
      if (at >= 0) maxGrad[at]! += d;
      for (const [y, xx] of cells) avgGrad[xAt(g, b, y, xx, c)]! += d / cells.length;
    }
  }
  return { max, avg, maxGrad, avgGrad };
}
