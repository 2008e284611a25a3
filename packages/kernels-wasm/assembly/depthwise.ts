/**
 * Depthwise conv2d and its gradients, direct loops over NHWC with the filter
 * [kH, kW, inC, multiplier]: output channel ch = c * multiplier + q reads input
 * channel c, and the filter tap for ch sits at (ky * kW + kx) * outC + ch, so
 * channels are contiguous in x, filter and out alike. With multiplier 1 the
 * channel loop is vectorised (the forward pass keeps 16 channels in registers
 * across the window).
 */
import { Geometry, geometryAt, tapCoord } from './geometry';
import { off4, loadTail32, storeTail32 } from './simd';

@inline
function pixelOffset(g: Geometry, b: i32, y: i32, x: i32): i32 {
  return (b * g.inH + y) * g.inW + x;
}

/**
 * Channels [c, c + 16) (`wide`, in four registers) or [c, c + min(4, outC - c)) of one
 * output pixel with multiplier 1, summed over the window. `wide` is a constant after
 * inlining, so each form compiles to its own loop.
 */
@inline
function windowSum(x: usize, filter: usize, po: usize, g: Geometry, b: i32, oy: i32, ox: i32, c: i32, wide: bool): void {
  const ch = g.outC;
  const lanes = wide ? 4 : min(4, ch - c);
  let a0 = f32x4.splat(0);
  let a1 = a0, a2 = a0, a3 = a0;
  for (let ky = 0; ky < g.kH; ky++) {
    const iy = tapCoord(oy, g.strideH, g.padTop, ky, g.dilationH, g.inH);
    if (iy < 0) continue;
    for (let kx = 0; kx < g.kW; kx++) {
      const ix = tapCoord(ox, g.strideW, g.padLeft, kx, g.dilationW, g.inW);
      if (ix < 0) continue;
      const px = x + off4(pixelOffset(g, b, iy, ix) * ch + c);
      const pf = filter + off4((ky * g.kW + kx) * ch + c);
      if (wide) {
        a0 = f32x4.add(a0, f32x4.mul(v128.load(px), v128.load(pf)));
        a1 = f32x4.add(a1, f32x4.mul(v128.load(px, 16), v128.load(pf, 16)));
        a2 = f32x4.add(a2, f32x4.mul(v128.load(px, 32), v128.load(pf, 32)));
        a3 = f32x4.add(a3, f32x4.mul(v128.load(px, 48), v128.load(pf, 48)));
      } else {
        const xv = lanes == 4 ? v128.load(px) : loadTail32(px, lanes);
        const fv = lanes == 4 ? v128.load(pf) : loadTail32(pf, lanes);
        a0 = f32x4.add(a0, f32x4.mul(xv, fv));
      }
    }
  }
  const out = po + off4(c);
  if (wide) {
    v128.store(out, a0);
    v128.store(out, a1, 16);
    v128.store(out, a2, 32);
    v128.store(out, a3, 48);
  } else if (lanes == 4) {
    v128.store(out, a0);
  } else {
    storeTail32(out, a0, lanes);
  }
}

/** One output pixel with multiplier 1: 16 channels at a time, then 4 (or fewer) at a time. */
@inline
function pixelMult1(x: usize, filter: usize, po: usize, g: Geometry, b: i32, oy: i32, ox: i32): void {
  let c = 0;
  for (; c + 16 <= g.outC; c += 16) windowSum(x, filter, po, g, b, oy, ox, c, true);
  for (; c < g.outC; c += 4) windowSum(x, filter, po, g, b, oy, ox, c, false);
}

/** out = depthwise conv of x with filter. */
export function depthwiseConv2d(x: usize, filter: usize, out: usize, geo: usize): void {
  const g = geometryAt(geo);
  if (g.outC != max(g.inC, 1)) {
    walkTaps(Pass.Forward, x, filter, out, geo);
    return;
  }
  let po = out;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        pixelMult1(x, filter, po, g, b, oy, ox);
        po += off4(g.outC);
      }
    }
  }
}

/** The passes that accumulate tap by tap: the forward pass with a multiplier > 1, and both gradients. */
const enum Pass { Forward, Input, Filter }

/**
 * One tap of one output pixel (`pixel`: the image pixel, inC channels; `tap`: the
 * filter or dw tap, outC channels; `point`: the out or dy pixel, outC channels).
 * Forward: out gains x * filter; Input: dx gains dy * filter; Filter: dw gains x * dy.
 * Output channel ch pairs with input channel ch / mult.
 */
@inline
function accumulateTap(pass: Pass, mult: i32, outC: i32, pixel: usize, tap: usize, point: usize): void {
  let ch = 0;
  if (mult == 1) {
    // Every pass is then target[ch] += a[ch] * b[ch], four channels at a time.
    const target = pass == Pass.Forward ? point : pass == Pass.Input ? pixel : tap;
    const a = pass == Pass.Filter ? pixel : tap;
    const b = pass == Pass.Forward ? pixel : point;
    for (; ch + 4 <= outC; ch += 4) {
      const o = off4(ch);
      v128.store(target + o, f32x4.add(v128.load(target + o), f32x4.mul(v128.load(a + o), v128.load(b + o))));
    }
  }
  for (; ch < outC; ch++) {
    const c = off4(ch / mult);
    const o = off4(ch);
    if (pass == Pass.Forward) store<f32>(point + o, load<f32>(point + o) + load<f32>(pixel + c) * load<f32>(tap + o));
    else if (pass == Pass.Input) store<f32>(pixel + c, load<f32>(pixel + c) + load<f32>(point + o) * load<f32>(tap + o));
    else store<f32>(tap + o, load<f32>(tap + o) + load<f32>(pixel + c) * load<f32>(point + o));
  }
}

/**
 * Zeroes what the pass writes (out, dx or dw), then for every output pixel and every tap
 * of its window inside the input accumulates through {@link accumulateTap}. `image` is x
 * (Forward, Filter) or dx (Input); `taps` the filter (Forward, Input) or dw (Filter);
 * `points` out (Forward) or dy.
 */
@inline
function walkTaps(pass: Pass, image: usize, taps: usize, points: usize, geo: usize): void {
  const g = geometryAt(geo);
  const mult = g.outC / max(g.inC, 1);
  if (pass == Pass.Forward) memory.fill(points, 0, off4(g.batch * g.outH * g.outW * g.outC));
  else if (pass == Pass.Input) memory.fill(image, 0, off4(g.batch * g.inH * g.inW * g.inC));
  else memory.fill(taps, 0, off4(g.kH * g.kW * g.outC));
  let point = points;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        for (let ky = 0; ky < g.kH; ky++) {
          const iy = tapCoord(oy, g.strideH, g.padTop, ky, g.dilationH, g.inH);
          if (iy < 0) continue;
          for (let kx = 0; kx < g.kW; kx++) {
            const ix = tapCoord(ox, g.strideW, g.padLeft, kx, g.dilationW, g.inW);
            if (ix < 0) continue;
            const pixel = image + off4(pixelOffset(g, b, iy, ix) * g.inC);
            accumulateTap(pass, mult, g.outC, pixel, taps + off4((ky * g.kW + kx) * g.outC), point);
          }
        }
        point += off4(g.outC);
      }
    }
  }
}

/** dx = gradient of the depthwise conv with respect to x (scatter of dy through the filter). */
export function depthwiseConv2dBackpropInput(dy: usize, filter: usize, dx: usize, geo: usize): void {
  walkTaps(Pass.Input, dx, filter, dy, geo);
}

/** dw = gradient of the depthwise conv with respect to the filter. */
export function depthwiseConv2dBackpropFilter(x: usize, dy: usize, dw: usize, geo: usize): void {
  walkTaps(Pass.Filter, x, dw, dy, geo);
}
