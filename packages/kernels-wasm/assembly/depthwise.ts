/**
 * Depthwise conv2d and its gradients, direct loops over NHWC with the filter
 * [kH, kW, inC, multiplier]: output channel ch = c * multiplier + q reads input
 * channel c, and the filter tap for ch sits at (ky * kW + kx) * outC + ch, so
 * channels are contiguous in x, filter and out alike. With multiplier 1 the
 * channel loop is vectorised (the forward pass keeps 16 channels in registers
 * across the window).
 */
import { Geometry, geometryAt } from './geometry';
import { off4, loadTail32, storeTail32 } from './simd';

@inline
function tapCoord(o: i32, stride: i32, pad: i32, t: i32, dilation: i32, size: i32): i32 {
  const c = o * stride - pad + t * dilation;
  return c >= 0 && c < size ? c : -1;
}

@inline
function pixelOffset(g: Geometry, b: i32, y: i32, x: i32): i32 {
  return (b * g.inH + y) * g.inW + x;
}

/**
 * One output pixel with multiplier 1: 16 channels at a time in four registers,
 * looping over the window inside, then 4 at a time, then single channels.
 */
@inline
function pixelMult1(x: usize, filter: usize, po: usize, g: Geometry, b: i32, oy: i32, ox: i32): void {
  const ch = g.outC;
  let c = 0;
  for (; c + 16 <= ch; c += 16) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let ky = 0; ky < g.kH; ky++) {
      const iy = tapCoord(oy, g.strideH, g.padTop, ky, g.dilationH, g.inH);
      if (iy < 0) continue;
      for (let kx = 0; kx < g.kW; kx++) {
        const ix = tapCoord(ox, g.strideW, g.padLeft, kx, g.dilationW, g.inW);
        if (ix < 0) continue;
        const px = x + off4(pixelOffset(g, b, iy, ix) * ch + c);
        const pf = filter + off4((ky * g.kW + kx) * ch + c);
        a0 = f32x4.add(a0, f32x4.mul(v128.load(px), v128.load(pf)));
        a1 = f32x4.add(a1, f32x4.mul(v128.load(px, 16), v128.load(pf, 16)));
        a2 = f32x4.add(a2, f32x4.mul(v128.load(px, 32), v128.load(pf, 32)));
        a3 = f32x4.add(a3, f32x4.mul(v128.load(px, 48), v128.load(pf, 48)));
      }
    }
    v128.store(po + off4(c), a0);
    v128.store(po + off4(c), a1, 16);
    v128.store(po + off4(c), a2, 32);
    v128.store(po + off4(c), a3, 48);
  }
  for (; c < ch; c += 4) {
    const lanes = min(4, ch - c);
    let acc = f32x4.splat(0);
    for (let ky = 0; ky < g.kH; ky++) {
      const iy = tapCoord(oy, g.strideH, g.padTop, ky, g.dilationH, g.inH);
      if (iy < 0) continue;
      for (let kx = 0; kx < g.kW; kx++) {
        const ix = tapCoord(ox, g.strideW, g.padLeft, kx, g.dilationW, g.inW);
        if (ix < 0) continue;
        const px = x + off4(pixelOffset(g, b, iy, ix) * ch + c);
        const pf = filter + off4((ky * g.kW + kx) * ch + c);
        const xv = lanes == 4 ? v128.load(px) : loadTail32(px, lanes);
        const fv = lanes == 4 ? v128.load(pf) : loadTail32(pf, lanes);
        acc = f32x4.add(acc, f32x4.mul(xv, fv));
      }
    }
    if (lanes == 4) v128.store(po + off4(c), acc);
    else storeTail32(po + off4(c), acc, lanes);
  }
}

/** One output pixel with a channel multiplier > 1, per output channel. */
@inline
function pixelMultiplied(x: usize, filter: usize, po: usize, g: Geometry, b: i32, oy: i32, ox: i32, mult: i32): void {
  memory.fill(po, 0, off4(g.outC));
  for (let ky = 0; ky < g.kH; ky++) {
    const iy = tapCoord(oy, g.strideH, g.padTop, ky, g.dilationH, g.inH);
    if (iy < 0) continue;
    for (let kx = 0; kx < g.kW; kx++) {
      const ix = tapCoord(ox, g.strideW, g.padLeft, kx, g.dilationW, g.inW);
      if (ix < 0) continue;
      const px = x + off4(pixelOffset(g, b, iy, ix) * g.inC);
      const pf = filter + off4((ky * g.kW + kx) * g.outC);
      for (let ch = 0; ch < g.outC; ch++) {
        store<f32>(po + off4(ch), load<f32>(po + off4(ch)) + load<f32>(px + off4(ch / mult)) * load<f32>(pf + off4(ch)));
      }
    }
  }
}

/** out = depthwise conv of x with filter. */
export function depthwiseConv2d(x: usize, filter: usize, out: usize, geo: usize): void {
  const g = geometryAt(geo);
  const mult = g.outC / max(g.inC, 1);
  let po = out;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        if (mult == 1) pixelMult1(x, filter, po, g, b, oy, ox);
        else pixelMultiplied(x, filter, po, g, b, oy, ox, mult);
        po += off4(g.outC);
      }
    }
  }
}

/** dx = gradient of the depthwise conv with respect to x (scatter of dy through the filter). */
export function depthwiseConv2dBackpropInput(dy: usize, filter: usize, dx: usize, geo: usize): void {
  const g = geometryAt(geo);
  const mult = g.outC / max(g.inC, 1);
  memory.fill(dx, 0, off4(g.batch * g.inH * g.inW * g.inC));
  let pg = dy;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        for (let ky = 0; ky < g.kH; ky++) {
          const iy = tapCoord(oy, g.strideH, g.padTop, ky, g.dilationH, g.inH);
          if (iy < 0) continue;
          for (let kx = 0; kx < g.kW; kx++) {
            const ix = tapCoord(ox, g.strideW, g.padLeft, kx, g.dilationW, g.inW);
            if (ix < 0) continue;
            const pd = dx + off4(pixelOffset(g, b, iy, ix) * g.inC);
            const pf = filter + off4((ky * g.kW + kx) * g.outC);
            let ch = 0;
            if (mult == 1) {
              for (; ch + 4 <= g.outC; ch += 4) {
                const acc = v128.load(pd + off4(ch));
                v128.store(pd + off4(ch), f32x4.add(acc, f32x4.mul(v128.load(pg + off4(ch)), v128.load(pf + off4(ch)))));
              }
            }
            for (; ch < g.outC; ch++) {
              const c = ch / mult;
              store<f32>(pd + off4(c), load<f32>(pd + off4(c)) + load<f32>(pg + off4(ch)) * load<f32>(pf + off4(ch)));
            }
          }
        }
        pg += off4(g.outC);
      }
    }
  }
}

/** dw = gradient of the depthwise conv with respect to the filter. */
export function depthwiseConv2dBackpropFilter(x: usize, dy: usize, dw: usize, geo: usize): void {
  const g = geometryAt(geo);
  const mult = g.outC / max(g.inC, 1);
  memory.fill(dw, 0, off4(g.kH * g.kW * g.outC));
  let pg = dy;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      for (let ox = 0; ox < g.outW; ox++) {
        for (let ky = 0; ky < g.kH; ky++) {
          const iy = tapCoord(oy, g.strideH, g.padTop, ky, g.dilationH, g.inH);
          if (iy < 0) continue;
          for (let kx = 0; kx < g.kW; kx++) {
            const ix = tapCoord(ox, g.strideW, g.padLeft, kx, g.dilationW, g.inW);
            if (ix < 0) continue;
            const px = x + off4(pixelOffset(g, b, iy, ix) * g.inC);
            const pw = dw + off4((ky * g.kW + kx) * g.outC);
            let ch = 0;
            if (mult == 1) {
              for (; ch + 4 <= g.outC; ch += 4) {
                const acc = v128.load(pw + off4(ch));
                v128.store(pw + off4(ch), f32x4.add(acc, f32x4.mul(v128.load(px + off4(ch)), v128.load(pg + off4(ch)))));
              }
            }
            for (; ch < g.outC; ch++) {
              store<f32>(pw + off4(ch), load<f32>(pw + off4(ch)) + load<f32>(px + off4(ch / mult)) * load<f32>(pg + off4(ch)));
            }
          }
        }
        pg += off4(g.outC);
      }
    }
  }
}
