/**
 * im2col and its adjoint col2im for NHWC convolutions. Row r of the column
 * matrix is output pixel r (batch-major), holding the kH x kW x inC input patch
 * in the filter's [kH, kW, inC] order, so conv2d becomes col [rows, K] x
 * filter [K, outC]. Taps that fall in the padding are zeros (im2col) or dropped (col2im).
 * {@link packPatches} skips the column matrix: it packs MR pixels' patches straight into
 * the [K][MR] slice the GEMM kernel reads.
 */
import { Geometry, tapCoord } from './geometry';
import { MR } from './packing';
import { off4 } from './simd';

/** Below this many floats a loop beats memory.copy / memory.fill, which V8 calls out of line. */
const BULK_FLOATS = 16;

/** dst[0..n) = src[0..n). */
@inline
function copyFloats(dst: usize, src: usize, n: i32): void {
  if (n >= BULK_FLOATS) {
    memory.copy(dst, src, off4(n));
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + off4(i), v128.load(src + off4(i)));
  for (; i < n; i++) store<f32>(dst + off4(i), load<f32>(src + off4(i)));
}

/** dst[0..n) = 0. */
@inline
function zeroFloats(dst: usize, n: i32): void {
  if (n >= BULK_FLOATS) {
    memory.fill(dst, 0, off4(n));
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + off4(i), i32x4.splat(0));
  for (; i < n; i++) store<f32>(dst + off4(i), 0);
}

/** dst[0..n) += src[0..n) in f32. */
@inline
function addInto(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + off4(i), f32x4.add(v128.load(dst + off4(i)), v128.load(src + off4(i))));
  for (; i < n; i++) store<f32>(dst + off4(i), load<f32>(dst + off4(i)) + load<f32>(src + off4(i)));
}

/** The two directions between image and column matrix. */
const enum Direction { ToColumns, ToImage }

/**
 * Moves `n` floats of one patch piece: ToColumns copies image -> column (zeros for a
 * piece in the padding, `image` 0); ToImage adds column -> image (nothing for padding).
 */
@inline
function movePiece(dir: Direction, image: usize, column: usize, n: i32): void {
  if (dir == Direction.ToColumns) {
    if (image == 0) zeroFloats(column, n);
    else copyFloats(column, image, n);
  } else if (image != 0) {
    addInto(image, column, n);
  }
}

/**
 * Walks column rows [row0, row0 + rows) (output pixels) and their patches, moving each
 * piece between `x` and `col` ({@link movePiece}). A window row inside the image with
 * dilation 1 is one contiguous span, moved at once. Geometry fields are read once
 * here (the moves store to memory, so loads of them in the loop would be repeated),
 * and the pixel's coordinates advance with the row instead of being divided out.
 */
@inline
function walkPatches(dir: Direction, x: usize, g: Geometry, row0: i32, rows: i32, col: usize): void {
  const inH = g.inH, inW = g.inW, inC = g.inC, outH = g.outH, outW = g.outW, kH = g.kH, kW = g.kW;
  const strideH = g.strideH, strideW = g.strideW, padTop = g.padTop, padLeft = g.padLeft;
  const dilationH = g.dilationH, dilationW = g.dilationW;
  const pixels = outH * outW;
  const chunk = off4(inC);
  let b = row0 / pixels;
  let oy = (row0 % pixels) / outW;
  let ox = row0 % outW;
  let column = col;
  for (let r = 0; r < rows; r++) {
    const x0 = ox * strideW - padLeft;
    const spanInside = dilationW == 1 && x0 >= 0 && x0 + kW <= inW;
    for (let ky = 0; ky < kH; ky++) {
      const iy = tapCoord(oy, strideH, padTop, ky, dilationH, inH);
      if (iy >= 0 && spanInside) {
        movePiece(dir, x + <usize>((b * inH + iy) * inW + x0) * chunk, column, kW * inC);
        column += <usize>kW * chunk;
        continue;
      }
      for (let kx = 0; kx < kW; kx++) {
        const ix = tapCoord(ox, strideW, padLeft, kx, dilationW, inW);
        const image: usize = iy < 0 || ix < 0 ? 0 : x + <usize>((b * inH + iy) * inW + ix) * chunk;
        movePiece(dir, image, column, inC);
        column += chunk;
      }
    }
    if (++ox == outW) {
      ox = 0;
      if (++oy == outH) {
        oy = 0;
        b++;
      }
    }
  }
}

/** Writes column rows [row0, row0 + rows) into `col` ([rows, kH * kW * inC]). */
export function im2col(x: usize, g: Geometry, row0: i32, rows: i32, col: usize): void {
  walkPatches(Direction.ToColumns, x, g, row0, rows, col);
}

/** Accumulates column rows [row0, row0 + rows) of `col` back into the image `dx` (the adjoint of im2col). */
export function col2im(col: usize, g: Geometry, row0: i32, rows: i32, dx: usize): void {
  walkPatches(Direction.ToImage, dx, g, row0, rows, col);
}

/**
 * Packs the patches of `rows` (at most MR) output pixels from pixel (b, oy, ox) on
 * straight from the image `x` into `dst` as [K][MR], the slice layout of packing.ts, with
 * zeros in the rows past `rows` and for taps in the padding. For convolutions of one or
 * a few input channels, whose patches im2col would copy a few floats at a time into a
 * column matrix only for the GEMM to pack them again. MR pixels along one output row,
 * one input channel, stride 1 and every tap inside the image: each tap's MR values lie
 * side by side in x and move as one vector (and a pair); otherwise pixel by pixel.
 * The caller steps the coordinates: dividing them out of a row index here took a fifth
 * of the first CNN convolution's time.
 */
export function packPatches(x: usize, g: Geometry, b: i32, oy: i32, ox: i32, rows: i32, dst: usize): void {
  const inH = g.inH, inW = g.inW, inC = g.inC, outH = g.outH, outW = g.outW, kH = g.kH, kW = g.kW;
  const strideH = g.strideH, strideW = g.strideW, padTop = g.padTop, padLeft = g.padLeft;
  const dilationH = g.dilationH, dilationW = g.dilationW;
  const step: usize = MR * 4;
  const x0 = ox - padLeft;
  const y0 = oy * strideH - padTop;
  if (rows == MR && inC == 1 && strideW == 1 && ox + MR <= outW && x0 >= 0 && x0 + MR - 1 + (kW - 1) * dilationW < inW &&
    y0 >= 0 && y0 + (kH - 1) * dilationH < inH) {
    let q = dst;
    for (let ky = 0; ky < kH; ky++) {
      const line = x + off4((b * inH + y0 + ky * dilationH) * inW + x0);
      for (let kx = 0; kx < kW; kx++) {
        const at = line + off4(kx * dilationW);
        v128.store(q, v128.load(at));
        if (MR == 6) store<u64>(q + 16, load<u64>(at + 16));
        q += step;
      }
    }
    return;
  }
  const k = kH * kW * inC;
  for (let i = 0; i < MR; i++) {
    let q = dst + off4(i);
    if (i >= rows) {
      for (let t = 0; t < k; t++) store<f32>(q + <usize>t * step, 0);
      continue;
    }
    for (let ky = 0; ky < kH; ky++) {
      const iy = tapCoord(oy, strideH, padTop, ky, dilationH, inH);
      for (let kx = 0; kx < kW; kx++) {
        const ix = tapCoord(ox, strideW, padLeft, kx, dilationW, inW);
        const image = x + off4(((b * inH + iy) * inW + ix) * inC);
        for (let c = 0; c < inC; c++) {
          store<f32>(q, iy < 0 || ix < 0 ? 0 : load<f32>(image + off4(c)));
          q += step;
        }
      }
    }
    if (++ox == outW) {
      ox = 0;
      if (++oy == outH) {
        oy = 0;
        b++;
      }
    }
  }
}

