/**
 * Direct 2-D convolution (NHWC, filter [kH, kW, inC, outC]) and both gradients.
 * Forward and input gradient: one thread per output element looping over the
 * window and channels (adjacent threads read adjacent filter entries). The input
 * gradient walks each dx cell's window in reverse, which is the exact adjoint for
 * any stride, dilation and padding, so it also serves transposed convolution.
 * Filter gradient: one workgroup per filter entry summing over every output cell.
 * Parameters: window.ts.
 */
import { elementwiseEntry, entry, header } from './common.js';
import { GEOMETRY_WGSL, TREE_PARTIAL_WGSL, TREE_WORKGROUP, treeSumOverOutputCells, unravelNHWC } from './window.js';

/** WGSL of conv2d: out[b, oy, ox, oc] = sum x[b, iy, ix, ic] w[ky, kx, ic, oc]. */
export function conv2dShader(): string {
  return `${header([
    { name: 'xs', type: 'f32', access: 'read' },
    { name: 'weights', type: 'f32', access: 'read' },
    { name: 'out', type: 'f32', access: 'read_write' },
  ])}
${elementwiseEntry(`${GEOMETRY_WGSL}
${unravelNHWC('i', 'outH', 'outW', 'outC')}
  var s = 0.0;
  for (var ky = 0; ky < kH; ky++) {
    let iy = y * strideH - padTop + ky * dilationH;
    if (iy < 0 || iy >= inH) { continue; }
    for (var kx = 0; kx < kW; kx++) {
      let ix = x * strideW - padLeft + kx * dilationW;
      if (ix < 0 || ix >= inW) { continue; }
      let xBase = ((b * inH + iy) * inW + ix) * inC;
      let wBase = (ky * kW + kx) * inC * outC + ch;
      for (var ic = 0; ic < inC; ic++) {
        s += xs[xBase + ic] * weights[wBase + ic * outC];
      }
    }
  }
  out[i] = s;`)}`;
}

/** WGSL of the input gradient: dx[b, iy, ix, ic] = sum over windows covering it of dy * w. */
export function conv2dBackpropInputShader(): string {
  return `${header([
    { name: 'dy', type: 'f32', access: 'read' },
    { name: 'weights', type: 'f32', access: 'read' },
    { name: 'dx', type: 'f32', access: 'read_write' },
  ])}
${elementwiseEntry(`${GEOMETRY_WGSL}
${unravelNHWC('i', 'inH', 'inW', 'inC')}
  var s = 0.0;
  for (var ky = 0; ky < kH; ky++) {
    let ty = y + padTop - ky * dilationH;
    if (ty < 0 || ty % strideH != 0 || ty / strideH >= outH) { continue; }
    let oy = ty / strideH;
    for (var kx = 0; kx < kW; kx++) {
      let tx = x + padLeft - kx * dilationW;
      if (tx < 0 || tx % strideW != 0 || tx / strideW >= outW) { continue; }
      let ox = tx / strideW;
      let dyBase = ((b * outH + oy) * outW + ox) * outC;
      let wBase = ((ky * kW + kx) * inC + ch) * outC;
      for (var oc = 0; oc < outC; oc++) {
        s += dy[dyBase + oc] * weights[wBase + oc];
      }
    }
  }
  dx[i] = s;`)}`;
}

/** WGSL of the filter gradient: dw[ky, kx, ic, oc] = sum over (b, oy, ox) of x * dy. */
export function conv2dBackpropFilterShader(): string {
  return `${header([
    { name: 'xs', type: 'f32', access: 'read' },
    { name: 'dy', type: 'f32', access: 'read' },
    { name: 'out', type: 'f32', access: 'read_write' },
  ])}
${TREE_PARTIAL_WGSL}
${entry(TREE_WORKGROUP, treeSumOverOutputCells(`
  let oc = i32(wg) % outC;
  let ic = (i32(wg) / outC) % inC;
  let kx = (i32(wg) / (outC * inC)) % kW;
  let ky = i32(wg) / (outC * inC * kW);`, `windowTerm(b, oy * strideH - padTop + ky * dilationH, ox * strideW - padLeft + kx * dilationW,
        ((b * outH + oy) * outW + ox) * outC + oc, ic, inH, inW, inC)`))}
fn windowTerm(b: i32, iy: i32, ix: i32, dyIndex: i32, ic: i32, inH: i32, inW: i32, inC: i32) -> f32 {
  if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) { return 0.0; }
  return xs[((b * inH + iy) * inW + ix) * inC + ic] * dy[dyIndex];
}`;
}
