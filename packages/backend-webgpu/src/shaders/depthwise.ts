/**
 * Depthwise 2-D convolution (filter [kH, kW, inC, multiplier]; out channel
 * c * multiplier + q reads in channel c) and both gradients, scheduled as in
 * conv2d.ts. The multiplier is outC / inC. Parameters: window.ts.
 */
import { elementwiseEntry, entry, header } from './common.js';
import { GEOMETRY_WGSL, TREE_PARTIAL_WGSL, TREE_WORKGROUP, treeSumOverOutputCells, unravelNHWC } from './window.js';

/** WGSL of depthwise conv2d. */
export function depthwiseShader(): string {
  return `${header([
    { name: 'xs', type: 'f32', access: 'read' },
    { name: 'weights', type: 'f32', access: 'read' },
    { name: 'out', type: 'f32', access: 'read_write' },
  ])}
${elementwiseEntry(`${GEOMETRY_WGSL}
${unravelNHWC('i', 'outH', 'outW', 'outC')}
  let c = ch / (outC / inC);
  var s = 0.0;
  for (var ky = 0; ky < kH; ky++) {
    let iy = y * strideH - padTop + ky * dilationH;
    if (iy < 0 || iy >= inH) { continue; }
    for (var kx = 0; kx < kW; kx++) {
      let ix = x * strideW - padLeft + kx * dilationW;
      if (ix < 0 || ix >= inW) { continue; }
      s += xs[((b * inH + iy) * inW + ix) * inC + c] * weights[(ky * kW + kx) * outC + ch];
    }
  }
  out[i] = s;`)}`;
}

/** WGSL of the depthwise input gradient. */
export function depthwiseBackpropInputShader(): string {
  return `${header([
    { name: 'dy', type: 'f32', access: 'read' },
    { name: 'weights', type: 'f32', access: 'read' },
    { name: 'dx', type: 'f32', access: 'read_write' },
  ])}
${elementwiseEntry(`${GEOMETRY_WGSL}
${unravelNHWC('i', 'inH', 'inW', 'inC')}
  let mult = outC / inC;
  var s = 0.0;
  for (var ky = 0; ky < kH; ky++) {
    let ty = y + padTop - ky * dilationH;
    if (ty < 0 || ty % strideH != 0 || ty / strideH >= outH) { continue; }
    let oy = ty / strideH;
    for (var kx = 0; kx < kW; kx++) {
      let tx = x + padLeft - kx * dilationW;
      if (tx < 0 || tx % strideW != 0 || tx / strideW >= outW) { continue; }
      let ox = tx / strideW;
      let dyBase = ((b * outH + oy) * outW + ox) * outC + ch * mult;
      let wBase = (ky * kW + kx) * outC + ch * mult;
      for (var q = 0; q < mult; q++) {
        s += dy[dyBase + q] * weights[wBase + q];
      }
    }
  }
  dx[i] = s;`)}`;
}

/** WGSL of the depthwise filter gradient: dw[ky, kx, c, q] = sum over (b, oy, ox) of x[.., c] dy[.., c * mult + q]. */
export function depthwiseBackpropFilterShader(): string {
  return `${header([
    { name: 'xs', type: 'f32', access: 'read' },
    { name: 'dy', type: 'f32', access: 'read' },
    { name: 'out', type: 'f32', access: 'read_write' },
  ])}
${TREE_PARTIAL_WGSL}
${entry(TREE_WORKGROUP, treeSumOverOutputCells(`
  let o = i32(wg) % outC;
  let c = o / (outC / inC);
  let kx = (i32(wg) / outC) % kW;
  let ky = i32(wg) / (outC * kW);`, `windowTerm(b, oy * strideH - padTop + ky * dilationH, ox * strideW - padLeft + kx * dilationW,
        ((b * outH + oy) * outW + ox) * outC + o, c, inH, inW, inC)`))}
fn windowTerm(b: i32, iy: i32, ix: i32, dyIndex: i32, c: i32, inH: i32, inW: i32, inC: i32) -> f32 {
  if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) { return 0.0; }
  return xs[((b * inH + iy) * inW + ix) * inC + c] * dy[dyIndex];
}`;
}
