/**
 * 3x3 convolutions of stride 1 by Winograd's minimal filtering F(4x4, 3x3) (Lavin and
 * Gray, "Fast Algorithms for Convolutional Neural Networks", 2016): each 4x4 block of
 * outputs (a tile) comes from the 6x6 block of input around it through 36 products
 * per pair of channels instead of 144. conv.ts runs the forward pass here, and the
 * input gradient too: a convolution of dy with the filter turned half a turn and its
 * channel axes swapped ({@link winogradInputGeometry}).
 *
 * The transforms interpolate at 0, 1, -1, 1/2, -2 and infinity rather than the paper's
 * 0, 1, -1, 2, -2 and infinity (a choice studied by Barabasz et al., "Error analysis and
 * improving the accuracy of Winograd convolution for deep neural networks", 2020): for
 * the same work, a third of the largest error, measured in float32 against float64.
 *
 * Per call, the calling thread transforms the filter, U = G g G^T, into 36 packed B
 * matrices of depth inC (packing.ts). Then blocks of tiles, one task tile each, run on
 * a region of their thread's own: every tile's input transform V = B^T d B, 4 channels
 * at a time, written straight into packed A slices (36 of them per MR tiles); the 36
 * products M(xi) = V(xi) U(xi) through the GEMM's micro-kernel; every tile's output
 * transform Y = A^T M A, with the bias and activation, stored where it falls inside
 * the output. A block's V and M take about 384 KB, so they stay in L2 from the input
 * transform to the output transform.
 *
 * A tile's arithmetic does not depend on its block or thread, so the results are the
 * same for any thread count. They differ from im2col's by rounding: the transforms scale
 * terms by up to 8 (A^T) and 16/15 (G), for errors about ten times im2col's (1.5e-5 at
 * most for 16 channels of values in [-1, 1], against a float64 reference).
 */
import { Activation } from './opcodes';
import { Geometry, geometryAt } from './geometry';
import { activate } from './activation';
import { madd } from './simd';
import { MR, NR, panelBytes, panelCount, sliceBytes } from './packing';
import { gemmPanels, scratchBytes } from './micro-kernel';
import { Task, arg, argPtr, dispatch, setArg, threadsFor } from './parallel';

/** Outputs along each side of a tile. */
const TILE = 4;
/** Inputs along each side of a tile's window: TILE + 3 - 1. */
const WINDOW = 6;
/** Transformed points per tile and channel pair (the xi of M(xi) = V(xi) U(xi)). */
const POINTS = 36;
/** Floats of a block's V and M together (384 KB). */
const BLOCK_FLOATS = 98304;
/** Channels below which the transforms cost more than the products they save. */
const MIN_CHANNELS = 16;
/** Most computed outputs per real one (tiles overhanging the output's edge): 13x13 computes 16x16, 1.51. */
const MAX_OVERHANG = 1.6;
/** Bytes of the geometry at the workspace's start (15 words, one cache line). */
const GEOMETRY_BYTES: usize = 64;
/** Bytes of the filter transform's scratch after it: 9 taps and the 6x3 G g (27 vectors), in whole cache lines. */
const FILTER_SCRATCH_BYTES: usize = 28 * 16;
/** Bytes before U in the workspace. */
const HEADER_BYTES: usize = GEOMETRY_BYTES + FILTER_SCRATCH_BYTES;
/** Bytes of a tile's window reads (origin pointer and bounds, 5 words) in the slice table. */
const WINDOW_ENTRY_BYTES: usize = 20;
/**
 * The vectors at the start of the tile transforms' scratch: zero, then the coefficients
 * of B^T and A^T, written once per block (a vector constant costs V8 several
 * instructions wherever it is used; a load from here, one).
 */
const enum Constant {
  Zero, Half, MinusHalf, Two, MinusTwo, ThreeHalves, FiveHalves, MinusFiveHalves, Quarter, Four, Eighth, MinusEight, Count,
}

/** Bytes of the {@link Constant} vectors. */
const CONSTANTS_BYTES: usize = <usize>Constant.Count * 16;

/** Constant `c` of the table at `k`. */
@inline
function constant(k: usize, c: Constant): v128 {
  return v128.load(k + <usize>c * 16);
}

/** Writes the {@link Constant} vectors at `k`. */
function writeConstants(k: usize): void {
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

/**
 * Bytes of the tile transforms' scratch: the constants, MR tiles' 6x6 blocks of vectors
 * and one more (the input transform of a slice; the output transform uses two), then the
 * slice's window table.
 */
const TRANSFORM_BYTES: usize = CONSTANTS_BYTES + <usize>(MR + 1) * POINTS * 16 + <usize>MR * WINDOW_ENTRY_BYTES;

/** Tiles covering `n` outputs. */
@inline
function tilesAlong(n: i32): i32 {
  return (n + TILE - 1) / TILE;
}

/**
 * Whether a convolution of window `g` (3x3, stride 1, no dilation) from `inC` to `outC`
 * channels over an `outH` x `outW` output runs here: channels in fours and at least
 * MIN_CHANNELS, and tiles that overhang the output by at most MAX_OVERHANG.
 */
function applies(g: Geometry, inC: i32, outC: i32, outH: i32, outW: i32): bool {
  if (g.kH != 3 || g.kW != 3 || g.strideH != 1 || g.strideW != 1 || g.dilationH != 1 || g.dilationW != 1) return false;
  if (inC % 4 != 0 || outC % 4 != 0 || inC < MIN_CHANNELS || outC < MIN_CHANNELS) return false;
  const computed = <f64>(tilesAlong(outH) * tilesAlong(outW) * TILE * TILE);
  return computed <= MAX_OVERHANG * <f64>outH * <f64>outW;
}

/** Whether conv2d of `g` runs here. */
export function winogradForwardApplies(g: Geometry): bool {
  return applies(g, g.inC, g.outC, g.outH, g.outW);
}

/** Whether the input gradient of `g` runs here (as the convolution of dy by the turned filter). */
export function winogradInputApplies(g: Geometry): bool {
  return applies(g, g.outC, g.inC, g.inH, g.inW);
}

/**
 * Writes at `dst` the geometry of the convolution that gives conv `g`'s input gradient:
 * dy as its input, dx as its output, channels swapped, and the padding that makes
 * dx[i] = sum over taps k of dy[i + padTop - k] w[k] a correlation with w turned (2 - padTop).
 */
export function winogradInputGeometry(g: Geometry, dst: usize): void {
  const d = geometryAt(dst);
  d.batch = g.batch;
  d.inH = g.outH; d.inW = g.outW; d.inC = g.outC;
  d.outH = g.inH; d.outW = g.inW; d.outC = g.inC;
  d.kH = 3; d.kW = 3; d.strideH = 1; d.strideW = 1; d.dilationH = 1; d.dilationW = 1;
  d.padTop = 2 - g.padTop; d.padLeft = 2 - g.padLeft;
}

/** Tiles per block: V and M within BLOCK_FLOATS, in whole MR-tile slices. */
@inline
function blockTiles(inC: i32, outC: i32): i32 {
  return max(MR, BLOCK_FLOATS / (POINTS * (inC + outC)) / MR * MR);
}

/** Bytes of the packed U of one point: depth inC, outC columns. */
@inline
function pointPanelBytes(inC: i32, outC: i32): usize {
  return panelBytes(inC, panelCount(outC));
}

/** Bytes of a block's V (36 matrices of `tiles` packed rows of depth inC). */
@inline
function blockVBytes(inC: i32, tiles: i32): usize {
  return <usize>POINTS * <usize>(tiles / MR) * sliceBytes(inC);
}

/** Bytes of one thread's region: the block's V, its M ([tile][point][outC]), the micro-kernel's scratch, the transforms' scratch. */
@inline
function regionBytes(inC: i32, outC: i32, tiles: i32): usize {
  const m = <usize>tiles * <usize>POINTS * <usize>outC << 2;
  return blockVBytes(inC, tiles) + m + scratchBytes(inC) + TRANSFORM_BYTES;
}

/** Threads for a convolution of `batch` images from `inC` to `outC` channels over an `outH` x `outW` output: by its products' flops. */
@inline
function convThreads(batch: i32, inC: i32, outC: i32, outH: i32, outW: i32): i32 {
  const tiles = <f64>batch * <f64>tilesAlong(outH) * <f64>tilesAlong(outW);
  return threadsFor(2.0 * POINTS * tiles * <f64>inC * <f64>outC);
}

/** Bytes of U (36 packed matrices) for `inC` to `outC` channels. */
@inline
function filterBytes(inC: i32, outC: i32): usize {
  return <usize>POINTS * pointPanelBytes(inC, outC);
}

/** Workspace bytes for a convolution of `batch` images from `inC` to `outC` channels over an `outH` x `outW` output. */
function workspace(batch: i32, inC: i32, outC: i32, outH: i32, outW: i32): usize {
  const threads = convThreads(batch, inC, outC, outH, outW);
  return HEADER_BYTES + filterBytes(inC, outC) + <usize>threads * regionBytes(inC, outC, blockTiles(inC, outC));
}

/** Workspace bytes the forward pass of `g` needs here. */
export function winogradForwardWorkspace(g: Geometry): usize {
  return workspace(g.batch, g.inC, g.outC, g.outH, g.outW);
}

/** Workspace bytes the input gradient of `g` needs here. */
export function winogradInputWorkspace(g: Geometry): usize {
  return workspace(g.batch, g.outC, g.inC, g.inH, g.inW);
}

/**
 * out = act(conv(x, w) + bias) for the 3x3 stride-1 convolution whose geometry is
 * already at the start of `work` (GEOMETRY_BYTES; the workspace as sized by
 * {@link winogradForwardWorkspace} or {@link winogradInputWorkspace}). The filter is read as
 * [3, 3, inC, outC], or with `turned` as the filter of the convolution whose input
 * gradient this is: [3, 3, outC, inC], taps in reverse order.
 */
export function winogradConv(x: usize, filter: usize, turned: bool, bias: usize, out: usize, act: i32, work: usize): void {
  const g = geometryAt(work);
  const tiles = g.batch * tilesAlong(g.outH) * tilesAlong(g.outW);
  if (tiles == 0) return;
  const u = work + HEADER_BYTES;
  transformFilter(filter, turned, g.inC, g.outC, u, work + GEOMETRY_BYTES);
  const perBlock = blockTiles(g.inC, g.outC);
  const threads = convThreads(g.batch, g.inC, g.outC, g.outH, g.outW);
  setArg(0, <i32>x); setArg(1, <i32>work); setArg(2, <i32>out); setArg(3, <i32>bias); setArg(4, act);
  setArg(5, perBlock); setArg(6, tiles); setArg(7, <i32>(u + filterBytes(g.inC, g.outC)));
  dispatch(Task.Winograd, (tiles + perBlock - 1) / perBlock, threads);
}

/** Tile `t` of {@link winogradConv}: block t's tiles, transformed in, multiplied point by point, transformed out. */
export function winogradTile(ctrl: usize, t: i32, thread: i32): void {
  const work = argPtr(ctrl, 1);
  const g = geometryAt(work);
  const inC = g.inC, outC = g.outC;
  const perBlock = arg(ctrl, 5);
  const first = t * perBlock;
  const count = min(perBlock, arg(ctrl, 6) - first);
  const rows = (count + MR - 1) / MR * MR;
  const region = argPtr(ctrl, 7) + <usize>thread * regionBytes(inC, outC, perBlock);
  const v = region;
  const m = v + blockVBytes(inC, perBlock);
  const scratch = m + (<usize>perBlock * <usize>POINTS * <usize>outC << 2);
  const transform = scratch + scratchBytes(inC);
  const vPoint = blockVBytes(inC, rows) / POINTS;
  writeConstants(transform);
  for (let r = 0; r < count; r += MR) {
    transformSlice(argPtr(ctrl, 0), g, first + r, min(MR, count - r), v + <usize>(r / MR) * sliceBytes(inC), vPoint, transform);
  }
  const u = work + HEADER_BYTES;
  const uPoint = pointPanelBytes(inC, outC);
  for (let p = 0; p < POINTS; p++) {
    gemmPanels(rows, 0, 0, 0, u + <usize>p * uPoint, outC, inC, m + (<usize>p * <usize>outC << 2), POINTS * outC, Activation.Linear, false, scratch, v + <usize>p * vPoint);
  }
  const bias = argPtr(ctrl, 3);
  const act = arg(ctrl, 4);
  for (let r = 0; r < count; r++) transformOutput(m + (<usize>r * <usize>POINTS * <usize>outC << 2), g, first + r, bias, act, argPtr(ctrl, 2), transform);
}

/** The image of tile `t` (tiles run image by image, row by row). */
@inline
function tileImage(g: Geometry, t: i32): i32 {
  return t / (tilesAlong(g.outH) * tilesAlong(g.outW));
}

/** The first output row of tile `t`. */
@inline
function tileRow(g: Geometry, t: i32): i32 {
  return (t % (tilesAlong(g.outH) * tilesAlong(g.outW))) / tilesAlong(g.outW) * TILE;
}

/** The first output column of tile `t`. */
@inline
function tileColumn(g: Geometry, t: i32): i32 {
  return t % tilesAlong(g.outW) * TILE;
}

/**
 * Writes at `table` how tile `t` reads its window: the address of the window's corner
 * pixel (which may lie in the padding) and the rows [iLo, iHi) and columns [jLo, jHi) of
 * the window inside the input.
 */
function windowEntry(g: Geometry, t: i32, x: usize, table: usize): void {
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
function windowInside(entry: usize): bool {
  return load<i32>(entry, 4) == 0 && load<i32>(entry, 8) == WINDOW && load<i32>(entry, 12) == 0 && load<i32>(entry, 16) == WINDOW;
}

/**
 * Input channels [c, c + 4) of the window described at `entry` into 36 vectors at `d`:
 * each read from the input where inside it, else from the zero vector at `zero` (an
 * address select rather than a branch, whose pattern changes from tile to tile).
 */
@inline
function readWindow(entry: usize, c: i32, pixelBytes: usize, rowBytes: usize, zero: usize, d: usize): void {
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
 * The input transform V = B^T d B of tiles [t, t + tiles) (at most MR; the slice's other
 * rows get zeros), 4 channels at a time, into their packed slice at `dst` of every
 * point's V (point p's at dst + p * vPoint, laid out [channel][MR]): each tile's 36
 * transformed vectors (a window inside the input read in place, one over its edge
 * through {@link readWindow}), then per point the MR x 4 block turned into 4 channel
 * rows of MR tiles, stored whole.
 */
function transformSlice(x: usize, g: Geometry, t: i32, tiles: i32, dst: usize, vPoint: usize, scratch: usize): void {
  const inC = g.inC;
  const pixelBytes = <usize>inC << 2;
  const rowBytes = <usize>g.inW * pixelBytes;
  const k = scratch, zero = scratch + <usize>Constant.Zero * 16;
  const blocks = scratch + CONSTANTS_BYTES, e = blocks + MR * POINTS * 16;
  const table = e + POINTS * 16;
  for (let q = 0; q < tiles; q++) windowEntry(g, t + q, x, table + <usize>q * WINDOW_ENTRY_BYTES);
  for (let q = tiles; q < MR; q++) memory.fill(blocks + <usize>q * (POINTS * 16), 0, POINTS * 16);
  for (let c = 0; c < inC; c += 4) {
    for (let q = 0; q < tiles; q++) {
      const d = blocks + <usize>q * (POINTS * 16);
      const entry = table + <usize>q * WINDOW_ENTRY_BYTES;
      let src = <usize>load<u32>(entry) + (<usize>c << 2);
      let down = rowBytes, across = pixelBytes;
      if (!windowInside(entry)) {
        readWindow(entry, c, pixelBytes, rowBytes, zero, d);
        src = d;
        down = WINDOW * 16;
        across = 16;
      }
      for (let j = 0; j < WINDOW; j++) inputLine(src + <usize>j * across, down, e + <usize>j * 16, WINDOW * 16, k);
      for (let i = 0; i < WINDOW; i++) inputLine(e + <usize>i * (WINDOW * 16), 16, d + <usize>i * (WINDOW * 16), 16, k);
    }
    const rows = dst + <usize>c * (MR * 4);
    for (let p = 0; p < POINTS; p++) storeChannelRows(blocks + <usize>p * 16, POINTS * 16, rows + <usize>p * vPoint);
  }
}

/**
 * MR vectors of 4 channels (tile q's at src + q * stride) as 4 rows of MR tiles at
 * `dst` (row l, channel l, at dst + l * MR floats): a 4x4 transpose of the first four
 * tiles, and with MR 6 the last two interleaved in pairs.
 */
@inline
function storeChannelRows(src: usize, stride: usize, dst: usize): void {
  const a = v128.load(src), b = v128.load(src + stride), c = v128.load(src + 2 * stride), d = v128.load(src + 3 * stride);
  const ab01 = v128.shuffle<f32>(a, b, 0, 4, 1, 5), ab23 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const cd01 = v128.shuffle<f32>(c, d, 0, 4, 1, 5), cd23 = v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  const rowBytes: usize = MR * 4;
  v128.store(dst, v128.shuffle<f32>(ab01, cd01, 0, 1, 4, 5));
  v128.store(dst + rowBytes, v128.shuffle<f32>(ab01, cd01, 2, 3, 6, 7));
  v128.store(dst + 2 * rowBytes, v128.shuffle<f32>(ab23, cd23, 0, 1, 4, 5));
  v128.store(dst + 3 * rowBytes, v128.shuffle<f32>(ab23, cd23, 2, 3, 6, 7));
  if (MR == 6) {
    const e = v128.load(src + 4 * stride), f = v128.load(src + 5 * stride);
    const ef01 = v128.shuffle<f32>(e, f, 0, 4, 1, 5), ef23 = v128.shuffle<f32>(e, f, 2, 6, 3, 7);
    v128.store64_lane(dst, ef01, 0, 16);
    v128.store64_lane(dst + rowBytes, ef01, 1, 16);
    v128.store64_lane(dst + 2 * rowBytes, ef23, 0, 16);
    v128.store64_lane(dst + 3 * rowBytes, ef23, 1, 16);
  }
}

/**
 * Tile `t`'s output transform Y = A^T M A from its M rows ([point][outC] at `m`), 4
 * channels at a time, plus the bias, through the activation, stored where inside the output.
 */
function transformOutput(m: usize, g: Geometry, t: i32, bias: usize, act: i32, out: usize, scratch: usize): void {
  const outH = g.outH, outW = g.outW, outC = g.outC;
  const oy = tileRow(g, t);
  const ox = tileColumn(g, t);
  const rowsIn = min(TILE, outH - oy), colsIn = min(TILE, outW - ox);
  const corner = out + (<usize>((tileImage(g, t) * outH + oy) * outW + ox) * <usize>outC << 2);
  const pixelBytes = <usize>outC << 2;
  const rowBytes = <usize>outW * pixelBytes;
  const k = scratch, e = scratch + CONSTANTS_BYTES, y = e + POINTS * 16;
  for (let o = 0; o < outC; o += 4) {
    const src = m + (<usize>o << 2);
    for (let j = 0; j < WINDOW; j++) outputLine(src + <usize>j * pixelBytes, <usize>WINDOW * pixelBytes, e + <usize>j * 16, WINDOW * 16, k);
    for (let i = 0; i < TILE; i++) outputLine(e + <usize>i * (WINDOW * 16), 16, y + <usize>i * (TILE * 16), 16, k);
    const shift = bias != 0 ? v128.load(bias + (<usize>o << 2)) : constant(k, Constant.Zero);
    const first = corner + (<usize>o << 2);
    for (let i = 0; i < rowsIn; i++) {
      const row = first + <usize>i * rowBytes;
      for (let j = 0; j < colsIn; j++) {
        v128.store(row + <usize>j * pixelBytes, activate(act, f32x4.add(v128.load(y + <usize>(i * TILE + j) * 16), shift)));
      }
    }
  }
}

/** B^T times six vectors d[k] at src + k * srcStride, into six at dst + k * dstStride; `k`: the {@link Constant} table. */
@inline
function inputLine(src: usize, srcStride: usize, dst: usize, dstStride: usize, k: usize): void {
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
function outputLine(src: usize, srcStride: usize, dst: usize, dstStride: usize, k: usize): void {
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
function filterLine(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
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
 * U = G g G^T for every pair (input channel kk, output channel j), four output channels
 * at a time, into 36 packed matrices at `u` (depth inC, outC columns in panels of NR
 * with a zero bias row, as packing.ts packs B), with FILTER_SCRATCH_BYTES of `scratch`. The filter's tap (a, b) for the pair is
 * filter[a][b][kk][j], or `turned`, filter[2 - a][2 - b][j][kk].
 */
function transformFilter(filter: usize, turned: bool, inC: i32, outC: i32, u: usize, scratch: usize): void {
  memory.fill(u, 0, filterBytes(inC, outC));
  const taps = scratch, half = scratch + 9 * 16;
  const uPoint = pointPanelBytes(inC, outC);
  for (let kk = 0; kk < inC; kk++) {
    for (let j = 0; j < outC; j += 4) {
      for (let tap = 0; tap < 9; tap++) {
        const at = turned ? 8 - tap : tap;
        let value: v128;
        if (turned) {
          const p = filter + (<usize>((at * outC + j) * inC + kk) << 2);
          const step = <usize>inC << 2;
          value = f32x4.splat(load<f32>(p));
          value = f32x4.replace_lane(value, 1, load<f32>(p + step));
          value = f32x4.replace_lane(value, 2, load<f32>(p + 2 * step));
          value = f32x4.replace_lane(value, 3, load<f32>(p + 3 * step));
        } else {
          value = v128.load(filter + (<usize>((at * inC + kk) * outC + j) << 2));
        }
        v128.store(taps + <usize>tap * 16, value);
      }
      // Columns of g (taps b, 3 + b, 6 + b) into the 6x3 G g, then its rows into the 6x6 U.
      for (let b = 0; b < 3; b++) filterLine(taps + <usize>b * 16, 3 * 16, half + <usize>b * 16, 3 * 16);
      const dst = u + <usize>(j / NR) * panelBytes(inC, 1) + <usize>(kk + 1) * (NR * 4) + (<usize>(j % NR) << 2);
      for (let i = 0; i < WINDOW; i++) filterLine(half + <usize>i * (3 * 16), 16, dst + <usize>i * WINDOW * uPoint, uPoint);
    }
  }
}
