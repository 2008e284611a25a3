/**
 * The pieces of Winograd's F(4x4, 3x3) that the convolution (winograd.ts) and its filter
 * gradient (winograd-filter.ts) share: the tiles, how a tile reads its 6x6 window of
 * input, the transforms' coefficients, and the transforms of one line of six, four or
 * three vectors (4 channels each). The points 0, 1, -1, 1/2, -2 and infinity: winograd.ts.
 */
import { Geometry } from './geometry';
import { madd } from './simd';
import { threadsFor } from './parallel';

/** Outputs along each side of a tile. */
export const TILE = 4;
/** Inputs along each side of a tile's window: TILE + 3 - 1. */
export const WINDOW = 6;
/** Transformed points per tile and channel pair (the xi of M(xi) = V(xi) U(xi)). */
export const POINTS = 36;
/** Channels below which the transforms cost more than the products they save. */
export const MIN_CHANNELS = 16;
/** Most computed outputs per real one (tiles overhanging the output's edge): 13x13 computes 16x16, 1.51. */
export const MAX_OVERHANG = 1.6;
/** Bytes of a tile's window reads (origin pointer and bounds, 5 words) in the slice table. */
export const WINDOW_ENTRY_BYTES: usize = 20;
/**
 * The vectors at the start of the tile transforms' scratch: zero, then the coefficients
 * of B^T and A^T, written once per block (a vector constant costs V8 several
 * instructions wherever it is used; a load from here, one).
 */
export const enum Constant {
  Zero, Half, MinusHalf, Two, MinusTwo, ThreeHalves, FiveHalves, MinusFiveHalves, Quarter, Four, Eighth, MinusEight, Count,
}

/** Bytes of the {@link Constant} vectors. */
export const CONSTANTS_BYTES: usize = <usize>Constant.Count * 16;

/** Constant `c` of the table at `k`. */
@inline
export function constant(k: usize, c: Constant): v128 {
  return v128.load(k + <usize>c * 16);
}

/** Writes the {@link Constant} vectors at `k`. */
export function writeConstants(k: usize): void {
  v128.store(k + <usize>Constant.Zero * 16, f32x4.splat(0));
  v128.store(k + <usize>Constant.Half * 16, f32x4.splat(0.5));
  v128.store(k + <usize>Constant.MinusHalf * 16, f32x4.splat(-0.5));
  v128.store(k + <usize>Constant.Two * 16, f32x4.splat(2));
  v128.store(k + <usize>Constant.MinusTwo * 16, f32x4.splat(-2));
  v128.store(k + <usize>Constant.ThreeHalves * 16, f32x4.splat(1.5));
  v128.store(k + <usize>Constant.FiveHalves * 16, f32x4.splat(2.5));
  v128.store(k + <usize>Constant.MinusFiveHalves * 16, f32x4.splat(-2.5));
  v128.store(k + <usize>Constant.Quarter * 16, f32x4.splat(0.25));
  v128.store(k + <usize>Constant.Four * 16, f32x4.splat(4));
  v128.store(k + <usize>Constant.Eighth * 16, f32x4.splat(0.125));
  v128.store(k + <usize>Constant.MinusEight * 16, f32x4.splat(-8));
}

/** Floats of a block's transformed input and its products (or output gradient) together (384 KB), so they stay in L2. */
export const BLOCK_FLOATS = 98304;
/** Bytes of the convolution's geometry at the start of a Winograd workspace (15 words, one cache line). */
export const GEOMETRY_BYTES: usize = 64;

/** Tiles covering `n` outputs. */
@inline
export function tilesAlong(n: i32): i32 {
  return (n + TILE - 1) / TILE;
}

/** Tiles over `batch` images of an `outH` x `outW` output. */
@inline
export function tileCount(batch: i32, outH: i32, outW: i32): i32 {
  return batch * tilesAlong(outH) * tilesAlong(outW);
}

/** Threads for the 36 products of `tiles` tiles from `inC` to `outC` channels: by their flops. */
@inline
export function winogradThreads(tiles: i32, inC: i32, outC: i32): i32 {
  return threadsFor(2.0 * POINTS * <f64>tiles * <f64>inC * <f64>outC);
}

/**
 * Most bytes of the filter in the transformed domain a call may hold: 36 points per channel
 * pair, 4 times the filter (at 48 MB, up to 512 -> 512 channels; the filter gradient's
 * partial sums need more, winograd-filter.ts).
 */
export const MAX_TRANSFORMED_BYTES: usize = 48 << 20;

/** Bytes of one transformed filter (36 matrices of inC x outC floats). */
@inline
export function transformedBytes(inC: i32, outC: i32): usize {
  return <usize>POINTS * <usize>inC * <usize>outC << 2;
}

/**
 * Whether a convolution of window `g` (3x3, stride 1, no dilation) from `inC` to `outC`
 * channels over an `outH` x `outW` output runs here: channels in fours and at least
 * MIN_CHANNELS, a transformed filter within MAX_TRANSFORMED_BYTES, and tiles that overhang
 * the output by at most MAX_OVERHANG.
 */
export function winogradApplies(g: Geometry, inC: i32, outC: i32, outH: i32, outW: i32): bool {
  if (g.kH != 3 || g.kW != 3 || g.strideH != 1 || g.strideW != 1 || g.dilationH != 1 || g.dilationW != 1) return false;
  if (inC % 4 != 0 || outC % 4 != 0 || inC < MIN_CHANNELS || outC < MIN_CHANNELS) return false;
  if (transformedBytes(inC + 1, outC) > MAX_TRANSFORMED_BYTES) return false;
  const computed = <f64>(tilesAlong(outH) * tilesAlong(outW) * TILE * TILE);
  return computed <= MAX_OVERHANG * <f64>outH * <f64>outW;
}

/** The image of tile `t` (tiles run image by image, row by row). */
@inline
export function tileImage(g: Geometry, t: i32): i32 {
  return t / (tilesAlong(g.outH) * tilesAlong(g.outW));
}

/** The first output row of tile `t`. */
@inline
export function tileRow(g: Geometry, t: i32): i32 {
  return (t % (tilesAlong(g.outH) * tilesAlong(g.outW))) / tilesAlong(g.outW) * TILE;
}

/** The first output column of tile `t`. */
@inline
export function tileColumn(g: Geometry, t: i32): i32 {
  return t % tilesAlong(g.outW) * TILE;
}

/**
 * Writes at `table` how tile `t` reads its window: the address of the window's corner
 * pixel (which may lie in the padding) and the rows [iLo, iHi) and columns [jLo, jHi) of
 * the window inside the input.
 */
export function windowEntry(g: Geometry, t: i32, x: usize, table: usize): void {
  const y0 = tileRow(g, t) - g.padTop;
  const x0 = tileColumn(g, t) - g.padLeft;
  store<u32>(table, <u32>(x + (<usize>((tileImage(g, t) * g.inH + y0) * g.inW + x0) * <usize>g.inC << 2)));
  store<i32>(table, max(0, -y0), 4);
  store<i32>(table, min(WINDOW, g.inH - y0), 8);
  store<i32>(table, max(0, -x0), 12);
  store<i32>(table, min(WINDOW, g.inW - x0), 16);
}

/** Whether the window described at `entry` ({@link windowEntry}) lies wholly inside the input. */
@inline
export function windowInside(entry: usize): bool {
  return load<i32>(entry, 4) == 0 && load<i32>(entry, 8) == WINDOW && load<i32>(entry, 12) == 0 && load<i32>(entry, 16) == WINDOW;
}

/**
 * Input channels [c, c + 4) of the window described at `entry` into 36 vectors at `d`:
 * each read from the input where inside it, else from the zero vector at `zero` (an
 * address select rather than a branch, whose pattern changes from tile to tile).
 */
@inline
export function readWindow(entry: usize, c: i32, pixelBytes: usize, rowBytes: usize, zero: usize, d: usize): void {
  const corner = <usize>load<u32>(entry) + (<usize>c << 2);
  const iLo = load<i32>(entry, 4), iHi = load<i32>(entry, 8), jLo = load<i32>(entry, 12), jHi = load<i32>(entry, 16);
  for (let i = 0; i < WINDOW; i++) {
    const row = corner + <usize>i * rowBytes;
    const rowInside = i >= iLo && i < iHi;
    const to = d + <usize>i * (WINDOW * 16);
    for (let j = 0; j < WINDOW; j++) {
      const at = select<usize>(row + <usize>j * pixelBytes, zero, rowInside && j >= jLo && j < jHi);
      v128.store(to + <usize>j * 16, v128.load(at));
    }
  }
}

/**
 * B^T d B of channels [c, c + 4) of the window described at `entry` into 36 vectors at
 * `d` ([row][column] of the 6x6 result), through `e` (36 vectors): a window inside the
 * input read in place, one over its edge through {@link readWindow}. `k`: the
 * {@link Constant} table.
 */
@inline
export function transformWindow(entry: usize, c: i32, pixelBytes: usize, rowBytes: usize, k: usize, d: usize, e: usize): void {
  let src = <usize>load<u32>(entry) + (<usize>c << 2);
  let down = rowBytes, across = pixelBytes;
  if (!windowInside(entry)) {
    readWindow(entry, c, pixelBytes, rowBytes, k + <usize>Constant.Zero * 16, d);
    src = d;
    down = WINDOW * 16;
    across = 16;
  }
  for (let j = 0; j < WINDOW; j++) inputLine(src + <usize>j * across, down, e + <usize>j * 16, WINDOW * 16, k);
  for (let i = 0; i < WINDOW; i++) inputLine(e + <usize>i * (WINDOW * 16), 16, d + <usize>i * (WINDOW * 16), 16, k);
}

/** B^T times six vectors d[k] at src + k * srcStride, into six at dst + k * dstStride; `k`: the {@link Constant} table. */
@inline
export function inputLine(src: usize, srcStride: usize, dst: usize, dstStride: usize, k: usize): void {
  const d0 = v128.load(src), d1 = v128.load(src + srcStride), d2 = v128.load(src + 2 * srcStride);
  const d3 = v128.load(src + 3 * srcStride), d4 = v128.load(src + 4 * srcStride), d5 = v128.load(src + 5 * srcStride);
  // Rows of B^T: [1 -3/2 -2 3/2 1 0], [0 -1 1/2 5/2 1 0], [0 1 -5/2 1/2 1 0], [0 -2 -1 2 1 0], [0 1/2 -1 -1/2 1 0], [0 1 -3/2 -2 3/2 1].
  const d31 = f32x4.sub(d3, d1), d42 = f32x4.sub(d4, d2);
  const half = constant(k, Constant.Half), minusTwo = constant(k, Constant.MinusTwo), threeHalves = constant(k, Constant.ThreeHalves);
  v128.store(dst, madd(threeHalves, d31, madd(minusTwo, d2, f32x4.add(d0, d4))));
  v128.store(dst + dstStride, madd(constant(k, Constant.FiveHalves), d3, madd(half, d2, f32x4.sub(d4, d1))));
  v128.store(dst + 2 * dstStride, madd(half, d3, madd(constant(k, Constant.MinusFiveHalves), d2, f32x4.add(d4, d1))));
  v128.store(dst + 3 * dstStride, madd(constant(k, Constant.Two), d31, d42));
  v128.store(dst + 4 * dstStride, madd(constant(k, Constant.MinusHalf), d31, d42));
  v128.store(dst + 5 * dstStride, madd(threeHalves, d42, madd(minusTwo, d3, f32x4.add(d1, d5))));
}

/** A^T times six vectors m[k] at src + k * srcStride, into four at dst + k * dstStride; `k`: the {@link Constant} table. */
@inline
export function outputLine(src: usize, srcStride: usize, dst: usize, dstStride: usize, k: usize): void {
  const m0 = v128.load(src), m1 = v128.load(src + srcStride), m2 = v128.load(src + 2 * srcStride);
  const m3 = v128.load(src + 3 * srcStride), m4 = v128.load(src + 4 * srcStride), m5 = v128.load(src + 5 * srcStride);
  // Rows of A^T: [1 1 1 1 1 0], [0 1 -1 1/2 -2 0], [0 1 1 1/4 4 0], [0 1 -1 1/8 -8 1].
  const sum12 = f32x4.add(m1, m2), diff12 = f32x4.sub(m1, m2);
  v128.store(dst, f32x4.add(f32x4.add(m0, sum12), f32x4.add(m3, m4)));
  v128.store(dst + dstStride, madd(constant(k, Constant.MinusTwo), m4, madd(constant(k, Constant.Half), m3, diff12)));
  v128.store(dst + 2 * dstStride, madd(constant(k, Constant.Four), m4, madd(constant(k, Constant.Quarter), m3, sum12)));
  v128.store(dst + 3 * dstStride, f32x4.add(madd(constant(k, Constant.MinusEight), m4, madd(constant(k, Constant.Eighth), m3, diff12)), m5));
}

/** G times three vectors g[k] at src + k * srcStride, into six at dst + k * dstStride. */
@inline
export function filterLine(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const g0 = v128.load(src), g1 = v128.load(src + srcStride), g2 = v128.load(src + 2 * srcStride);
  // Rows of G: [1 0 0], [1/3 1/3 1/3], [-1/3 1/3 -1/3], [-16/15 -8/15 -4/15], [1/15 -2/15 4/15], [0 0 1].
  const third = f32x4.splat(<f32>(1.0 / 3.0)), fifteenth = f32x4.splat(<f32>(1.0 / 15.0));
  const outer = f32x4.add(g0, g2);
  const four = f32x4.splat(4), two = f32x4.splat(2);
  v128.store(dst, g0);
  v128.store(dst + dstStride, f32x4.mul(third, f32x4.add(outer, g1)));
  v128.store(dst + 2 * dstStride, f32x4.mul(third, f32x4.sub(g1, outer)));
  v128.store(dst + 3 * dstStride, f32x4.neg(f32x4.mul(fifteenth, f32x4.mul(four, f32x4.add(f32x4.mul(four, g0), f32x4.add(f32x4.mul(two, g1), g2))))));
  v128.store(dst + 4 * dstStride, f32x4.mul(fifteenth, f32x4.add(f32x4.sub(g0, f32x4.mul(two, g1)), f32x4.mul(four, g2))));
  v128.store(dst + 5 * dstStride, g2);
}


/**
 * A times four vectors y[k] at src + k * srcStride, into six at dst + k * dstStride (the
 * adjoint of {@link outputLine}: a tile's output gradient into the transformed points);
 * `k`: the {@link Constant} table.
 */
@inline
export function gradientLine(src: usize, srcStride: usize, dst: usize, dstStride: usize, k: usize): void {
  const y0 = v128.load(src), y1 = v128.load(src + srcStride), y2 = v128.load(src + 2 * srcStride), y3 = v128.load(src + 3 * srcStride);
  // Columns of A^T: [1 0 0 0], [1 1 1 1], [1 -1 1 -1], [1 1/2 1/4 1/8], [1 -2 4 -8], [0 0 0 1].
  const even = f32x4.add(y0, y2), odd = f32x4.add(y1, y3);
  v128.store(dst, y0);
  v128.store(dst + dstStride, f32x4.add(even, odd));
  v128.store(dst + 2 * dstStride, f32x4.sub(even, odd));
  v128.store(dst + 3 * dstStride, madd(constant(k, Constant.Eighth), y3, madd(constant(k, Constant.Quarter), y2, madd(constant(k, Constant.Half), y1, y0))));
  v128.store(dst + 4 * dstStride, madd(constant(k, Constant.MinusEight), y3, madd(constant(k, Constant.Four), y2, madd(constant(k, Constant.MinusTwo), y1, y0))));
  v128.store(dst + 5 * dstStride, y3);
}

/** G^T times six vectors u[k] at src + k * srcStride, into three at dst + k * dstStride (the adjoint of {@link filterLine}). */
@inline
export function filterGradientLine(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const u0 = v128.load(src), u1 = v128.load(src + srcStride), u2 = v128.load(src + 2 * srcStride);
  const u3 = v128.load(src + 3 * srcStride), u4 = v128.load(src + 4 * srcStride), u5 = v128.load(src + 5 * srcStride);
  // Columns of G: [1 1/3 -1/3 -16/15 1/15 0], [0 1/3 1/3 -8/15 -2/15 0], [0 1/3 -1/3 -4/15 4/15 1].
  const third = f32x4.splat(<f32>(1.0 / 3.0)), fifteenth = f32x4.splat(<f32>(1.0 / 15.0));
  const sum = f32x4.mul(third, f32x4.add(u1, u2)), diff = f32x4.mul(third, f32x4.sub(u1, u2));
  const two = f32x4.splat(2), four = f32x4.splat(4);
  v128.store(dst, f32x4.add(f32x4.add(u0, diff), f32x4.mul(fifteenth, f32x4.sub(u4, f32x4.mul(four, f32x4.mul(four, u3))))));
  v128.store(dst + dstStride, f32x4.sub(sum, f32x4.mul(fifteenth, f32x4.mul(two, f32x4.add(f32x4.mul(four, u3), u4)))));
  v128.store(dst + 2 * dstStride, f32x4.add(f32x4.add(diff, u5), f32x4.mul(fifteenth, f32x4.mul(four, f32x4.sub(u4, u3)))));
}
