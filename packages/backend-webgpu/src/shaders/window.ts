/**
 * What the convolution and pooling programs share: the window geometry in the
 * parameter block, and the loops over a window and over the windows covering a cell.
 *
 * Parameters: [size, batch, inH, inW, inC, outH, outW, outC, kH, kW, strideH,
 * strideW, dilationH, dilationW, padTop, padLeft] (see `Conv2DGeometry`).
 */
import type { Conv2DGeometry } from '@keras/core';

/** The parameter words of a window geometry, after the leading size word. */
export function geometryParams(g: Conv2DGeometry): number[] {
  return [g.batch, g.inH, g.inW, g.inC, g.outH, g.outW, g.outC, g.kH, g.kW, g.strideH, g.strideW,
    g.dilationH, g.dilationW, g.padTop, g.padLeft];
}

/** WGSL `let`s naming every geometry parameter (as i32, so window arithmetic may go negative). */
export const GEOMETRY_WGSL = /* wgsl */ `
  let batch = pi(1u);
  let inH = pi(2u);
  let inW = pi(3u);
  let inC = pi(4u);
  let outH = pi(5u);
  let outW = pi(6u);
  let outC = pi(7u);
  let kH = pi(8u);
  let kW = pi(9u);
  let strideH = pi(10u);
  let strideW = pi(11u);
  let dilationH = pi(12u);
  let dilationW = pi(13u);
  let padTop = pi(14u);
  let padLeft = pi(15u);`;

/** WGSL splitting flat index `i` of an NHWC tensor [_, h, w, c] into `b`, `y`, `x`, `ch` (i32). */
export function unravelNHWC(i: string, h: string, w: string, c: string): string {
  return /* wgsl */ `
  let ch = i32(${i}) % ${c};
  let x = (i32(${i}) / ${c}) % ${w};
  let y = (i32(${i}) / (${c} * ${w})) % ${h};
  let b = i32(${i}) / (${c} * ${w} * ${h});`;
}

/** WGSL of the dilation factor of a window offset: none for pooling (dilation 1). */
function dilation(axis: 'H' | 'W', dilated: boolean): string {
  return dilated ? ` * dilation${axis}` : '';
}

/**
 * WGSL visiting the in-bounds input cells (iy, ix) of the window of output cell
 * (oy, ox) (i32 expressions), running `body` for each with `ky`, `kx`, `iy`, `ix` in
 * scope; padded cells are skipped. `dilated: false` serves pooling.
 */
export function forEachWindowCell(oy: string, ox: string, body: string, dilated = true): string {
  return /* wgsl */ `
  for (var ky = 0; ky < kH; ky++) {
    let iy = ${oy} * strideH - padTop + ky${dilation('H', dilated)};
    if (iy < 0 || iy >= inH) { continue; }
    for (var kx = 0; kx < kW; kx++) {
      let ix = ${ox} * strideW - padLeft + kx${dilation('W', dilated)};
      if (ix < 0 || ix >= inW) { continue; }
${body}
    }
  }`;
}

/**
 * WGSL visiting, for input cell (y, x), every output cell (oy, ox) whose window covers
 * it, running `body` with `ky`, `kx`, `oy`, `ox` in scope: the window walked in
 * reverse, the exact adjoint of {@link forEachWindowCell} for any stride, dilation and
 * padding. `dilated: false` serves pooling.
 */
export function forEachCoveringWindow(body: string, dilated = true): string {
  return /* wgsl */ `
  for (var ky = 0; ky < kH; ky++) {
    let ty = y + padTop - ky${dilation('H', dilated)};
    if (ty < 0 || ty % strideH != 0 || ty / strideH >= outH) { continue; }
    let oy = ty / strideH;
    for (var kx = 0; kx < kW; kx++) {
      let tx = x + padLeft - kx${dilation('W', dilated)};
      if (tx < 0 || tx % strideW != 0 || tx / strideW >= outW) { continue; }
      let ox = tx / strideW;
${body}
    }
  }`;
}
