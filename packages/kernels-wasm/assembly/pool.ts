/**
 * Max and average pooling (NHWC, inC = outC = channels) and their gradients.
 * Window cells in the padding are ignored: never the max, not counted in the
 * average. Gradients accumulate, since windows may overlap.
 */
import { Geometry, geometryAt } from './geometry';
import { off4 } from './simd';
import { Task, arg, argPtr, dispatch, elementThreads, imageTile, setArg } from './parallel';

/** Splits a per-image pooling pass over threads when the input is large (windows never cross images). */
function dispatchImages(op: Task, a: usize, b: usize, c: usize, geo: usize): void {
  const g = geometryAt(geo);
  const threads = elementThreads(g.batch * g.inH * g.inW * g.inC);
  const tile = imageTile(g.batch, threads);
  setArg(0, <i32>a); setArg(1, <i32>b); setArg(2, <i32>c); setArg(3, <i32>geo); setArg(4, tile);
  dispatch(op, (g.batch + tile - 1) / tile, threads);
}

/** The end (exclusive) of tile `t`'s images. */
@inline
function tileImages(ctrl: usize, t: i32, g: Geometry): i32 {
  return min(g.batch, (t + 1) * arg(ctrl, 4));
}

@inline
function firstTap(o: i32, stride: i32, pad: i32): i32 {
  return o * stride - pad;
}

@inline
function pixelPtr(base: usize, g: Geometry, b: i32, y: i32, x: i32): usize {
  return base + off4(((b * g.inH + y) * g.inW + x) * g.inC);
}

/** *p += v. */
@inline
function addAt(p: usize, v: f32): void {
  store<f32>(p, load<f32>(p) + v);
}

/** out = max over each window (-Infinity for a window with no valid cell). */
export function maxPool(x: usize, out: usize, geo: usize): void {
  dispatchImages(Task.MaxPool, x, out, 0, geo);
}

/** Tile `t` of {@link maxPool}. */
export function maxPoolTile(ctrl: usize, t: i32): void {
  const g = geometryAt(argPtr(ctrl, 3));
  maxPoolImages(argPtr(ctrl, 0), argPtr(ctrl, 1), g, t * arg(ctrl, 4), tileImages(ctrl, t, g));
}

/** {@link maxPool} over images [b0, b1). */
function maxPoolImages(x: usize, out: usize, g: Geometry, b0: i32, b1: i32): void {
  const ch = g.inC;
  let po = out + off4(b0 * g.outH * g.outW * ch);
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = firstTap(oy, g.strideH, g.padTop);
      for (let ox = 0; ox < g.outW; ox++) {
        const x0 = firstTap(ox, g.strideW, g.padLeft);
        for (let c = 0; c < ch; c++) store<f32>(po + off4(c), -Infinity);
        for (let y = max(y0, 0); y < min(y0 + g.kH, g.inH); y++) {
          for (let xx = max(x0, 0); xx < min(x0 + g.kW, g.inW); xx++) {
            const px = pixelPtr(x, g, b, y, xx);
            let c = 0;
            for (; c + 4 <= ch; c += 4) v128.store(po + off4(c), f32x4.max(v128.load(po + off4(c)), v128.load(px + off4(c))));
            for (; c < ch; c++) store<f32>(po + off4(c), max(load<f32>(po + off4(c)), load<f32>(px + off4(c))));
          }
        }
        po += off4(ch);
      }
    }
  }
}

/** dx = dy routed to the first maximum (in row-major window order) of each window of x. */
export function maxPoolGrad(x: usize, dy: usize, dx: usize, geo: usize): void {
  dispatchImages(Task.MaxPoolGrad, x, dy, dx, geo);
}

/** Tile `t` of {@link maxPoolGrad}. */
export function maxPoolGradTile(ctrl: usize, t: i32): void {
  const g = geometryAt(argPtr(ctrl, 3));
  maxPoolGradImages(argPtr(ctrl, 0), argPtr(ctrl, 1), argPtr(ctrl, 2), g, t * arg(ctrl, 4), tileImages(ctrl, t, g));
}

/** {@link maxPoolGrad} over images [b0, b1): zeroes their part of dx, then accumulates. */
function maxPoolGradImages(x: usize, dy: usize, dx: usize, g: Geometry, b0: i32, b1: i32): void {
  const ch = g.inC;
  const image = g.inH * g.inW * ch;
  memory.fill(dx + off4(b0 * image), 0, off4((b1 - b0) * image));
  let pg = dy + off4(b0 * g.outH * g.outW * ch);
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = firstTap(oy, g.strideH, g.padTop);
      const y1 = min(y0 + g.kH, g.inH);
      for (let ox = 0; ox < g.outW; ox++) {
        const x0 = firstTap(ox, g.strideW, g.padLeft);
        const x1 = min(x0 + g.kW, g.inW);
        let c = 0;
        for (; c + 4 <= ch; c += 4) {
          // Four channels at once: track each lane's best value and its byte offset in x.
          const lanes = i32x4(0, 4, 8, 12);
          let best = f32x4.splat(0);
          let at = i32x4.splat(0);
          let found = false;
          for (let y = max(y0, 0); y < y1; y++) {
            for (let xx = max(x0, 0); xx < x1; xx++) {
              const p = <i32>(pixelPtr(x, g, b, y, xx) - x) + (c << 2);
              const v = v128.load(x + <usize>p);
              const offsets = i32x4.add(i32x4.splat(p), lanes);
              if (!found) {
                best = v;
                at = offsets;
                found = true;
              } else {
                const better = f32x4.gt(v, best);
                best = v128.bitselect(v, best, better);
                at = v128.bitselect(offsets, at, better);
              }
            }
          }
          if (found) {
            addAt(dx + <usize>i32x4.extract_lane(at, 0), load<f32>(pg + off4(c)));
            addAt(dx + <usize>i32x4.extract_lane(at, 1), load<f32>(pg + off4(c + 1)));
            addAt(dx + <usize>i32x4.extract_lane(at, 2), load<f32>(pg + off4(c + 2)));
            addAt(dx + <usize>i32x4.extract_lane(at, 3), load<f32>(pg + off4(c + 3)));
          }
        }
        for (; c < ch; c++) {
          let found = false;
          let best: f32 = 0;
          let at: usize = 0;
          for (let y = max(y0, 0); y < y1; y++) {
            for (let xx = max(x0, 0); xx < x1; xx++) {
              const p = pixelPtr(x, g, b, y, xx) + off4(c);
              const v = load<f32>(p);
              if (!found || v > best) {
                found = true;
                best = v;
                at = p - x;
              }
            }
          }
          if (found) addAt(dx + at, load<f32>(pg + off4(c)));
        }
        pg += off4(ch);
      }
    }
  }
}

/** The two average-pooling passes, which walk the same windows. */
const enum AvgPass { Forward, Backward }

/**
 * One window [ya, y1) x [xa, x1) of `count` valid cells of image b. Forward: the output
 * pixel `pixel` = mean of x over the window (0 when empty). Backward: dx over the window
 * gains the dy pixel `pixel` / count.
 */
@inline
function avgWindow(pass: AvgPass, image: usize, pixel: usize, g: Geometry, b: i32, ya: i32, y1: i32, xa: i32, x1: i32): void {
  const ch = g.inC;
  const count = max(y1 - ya, 0) * max(x1 - xa, 0);
  if (pass == AvgPass.Forward) memory.fill(pixel, 0, off4(ch));
  else if (count == 0) return;
  const n = f32x4.splat(<f32>count);
  for (let y = ya; y < y1; y++) {
    for (let xx = xa; xx < x1; xx++) {
      const p = pixelPtr(image, g, b, y, xx);
      let c = 0;
      if (pass == AvgPass.Forward) {
        for (; c + 4 <= ch; c += 4) v128.store(pixel + off4(c), f32x4.add(v128.load(pixel + off4(c)), v128.load(p + off4(c))));
        for (; c < ch; c++) addAt(pixel + off4(c), load<f32>(p + off4(c)));
      } else {
        for (; c + 4 <= ch; c += 4) v128.store(p + off4(c), f32x4.add(v128.load(p + off4(c)), f32x4.div(v128.load(pixel + off4(c)), n)));
        for (; c < ch; c++) addAt(p + off4(c), load<f32>(pixel + off4(c)) / <f32>count);
      }
    }
  }
  if (pass == AvgPass.Forward && count > 0) {
    let c = 0;
    for (; c + 4 <= ch; c += 4) v128.store(pixel + off4(c), f32x4.div(v128.load(pixel + off4(c)), n));
    for (; c < ch; c++) store<f32>(pixel + off4(c), load<f32>(pixel + off4(c)) / <f32>count);
  }
}

/** Walks every output pixel's window ({@link avgWindow}): `image` is x (Forward) or dx (Backward), `pixels` out or dy. */
@inline
function avgPass(pass: AvgPass, image: usize, pixels: usize, geo: usize): void {
  const g = geometryAt(geo);
  if (pass == AvgPass.Backward) memory.fill(image, 0, off4(g.batch * g.inH * g.inW * g.inC));
  let pixel = pixels;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = firstTap(oy, g.strideH, g.padTop);
      for (let ox = 0; ox < g.outW; ox++) {
        const x0 = firstTap(ox, g.strideW, g.padLeft);
        avgWindow(pass, image, pixel, g, b, max(y0, 0), min(y0 + g.kH, g.inH), max(x0, 0), min(x0 + g.kW, g.inW));
        pixel += off4(g.inC);
      }
    }
  }
}

/** out = mean over the valid cells of each window (0 for a window with none). */
export function avgPool(x: usize, out: usize, geo: usize): void {
  avgPass(AvgPass.Forward, x, out, geo);
}

/** dx += dy / count spread over the valid cells of each window. */
export function avgPoolGrad(dy: usize, dx: usize, geo: usize): void {
  avgPass(AvgPass.Backward, dx, dy, geo);
}
