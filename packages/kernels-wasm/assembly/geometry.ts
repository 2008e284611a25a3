/**
 * The geometry of a 2-D convolution or pooling window (KernelTable
 * `Conv2DGeometry`), read in place from 15 i32 words JS writes into linear
 * memory in this field order.
 */
@unmanaged
export class Geometry {
  batch: i32;
  inH: i32;
  inW: i32;
  inC: i32;
  outH: i32;
  outW: i32;
  outC: i32;
  kH: i32;
  kW: i32;
  strideH: i32;
  strideW: i32;
  dilationH: i32;
  dilationW: i32;
  padTop: i32;
  padLeft: i32;
}

/** The geometry stored at `p`. */
@inline
export function geometryAt(p: usize): Geometry {
  return changetype<Geometry>(p);
}

/** Output pixels over the batch: the rows of the im2col matrix. */
@inline
export function outputRows(g: Geometry): i32 {
  return g.batch * g.outH * g.outW;
}

/** Whether a convolution is a plain GEMM over pixels: 1x1 window, stride 1, no padding, same size. */
@inline
export function isPointwise(g: Geometry): bool {
  return g.kH == 1 && g.kW == 1 && g.strideH == 1 && g.strideW == 1 && g.padTop == 0 && g.padLeft == 0 &&
    g.outH == g.inH && g.outW == g.inW;
}

/** Input row/column of window tap `t` for output coordinate `o`, or -1 when it falls into the padding. */
@inline
export function tapCoord(o: i32, stride: i32, pad: i32, t: i32, dilation: i32, size: i32): i32 {
  const c = o * stride - pad + t * dilation;
  return c >= 0 && c < size ? c : -1;
}
