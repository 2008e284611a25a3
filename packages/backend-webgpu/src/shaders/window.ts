/**
 * What the convolution and pooling programs share: the window geometry in the
 * parameter block, and a workgroup tree sum for the filter gradients.
 *
 * Parameters: [size, batch, inH, inW, inC, outH, outW, outC, kH, kW, strideH,
 * strideW, dilationH, dilationW, padTop, padLeft] (see `Conv2DGeometry`).
 */
import type { Conv2DGeometry } from '@keras/core';

/** Threads per workgroup of the per-output tree reductions (filter gradients). */
export const TREE_WORKGROUP = 64;

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

/**
 * WGSL of a workgroup that sums `term` (an f32 expression of `b`, `oy`, `ox`, i32) over
 * every output cell (b, oy, ox) and writes the total to out[wg]. `setup` runs first.
 */
export function treeSumOverOutputCells(setup: string, term: string): string {
  return /* wgsl */ `
  let outputs = pu(0u);
  let live = wg < outputs;
${GEOMETRY_WGSL}
${setup}
  var s = 0.0;
  if (live) {
    let cells = u32(batch * outH * outW);
    for (var cell = lid; cell < cells; cell += ${TREE_WORKGROUP}u) {
      let ox = i32(cell) % outW;
      let oy = (i32(cell) / outW) % outH;
      let b = i32(cell) / (outW * outH);
      s += ${term};
    }
  }
  partial[lid] = s;
  workgroupBarrier();
  for (var step = ${TREE_WORKGROUP / 2}u; step > 0u; step = step / 2u) {
    if (lid < step) { partial[lid] = partial[lid] + partial[lid + step]; }
    workgroupBarrier();
  }
  if (live && lid == 0u) { out[wg] = partial[0]; }`;
}

/** The workgroup memory of {@link treeSumOverOutputCells}. */
export const TREE_PARTIAL_WGSL = `var<workgroup> partial: array<f32, ${TREE_WORKGROUP}>;`;
