/**
 * 3x3 convolutions of stride 1 by Winograd's minimal filtering F(4x4, 3x3) (Lavin and
 * Gray, "Fast Algorithms for Convolutional Neural Networks", 2016): each 4x4 block of
 * outputs (a tile) comes from the 6x6 block of input around it through 36 products
 * per pair of channels instead of 144. conv.ts runs the forward pass here, and the
 * input gradient too: a convolution of dy with the filter turned half a turn and its
 * channel axes swapped ({@link inputGeometry}). The filter gradient, the adjoint of
 * the same algorithm, is winograd-filter.ts; the transforms, winograd-transforms.ts.
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
import { MR, NR, panelBytes, panelCount, sliceBytes } from './packing';
import { gemmPanels, scratchBytes } from './micro-kernel';
import { Task, arg, argPtr, dispatch, setArg } from './parallel';
import {
  BLOCK_FLOATS, CONSTANTS_BYTES, Constant, GEOMETRY_BYTES, POINTS, TILE, WINDOW, WINDOW_ENTRY_BYTES, constant, filterLine,
  inputLine, outputLine, tileColumn, tileCount, tileImage, tileRow, transformWindow, winogradApplies, winogradThreads, windowEntry,
  writeConstants,
} from './winograd-transforms';

/** Bytes of the filter transform's scratch after it: 9 taps and the 6x3 G g (27 vectors), in whole cache lines. */
const FILTER_SCRATCH_BYTES: usize = 28 * 16;
/** Bytes before U in the workspace. */
const HEADER_BYTES: usize = GEOMETRY_BYTES + FILTER_SCRATCH_BYTES;
/**
 * Bytes of the tile transforms' scratch: the constants, MR tiles' 6x6 blocks of vectors
 * and one more (the input transform of a slice; the output transform uses two), then the
 * slice's window table.
 */
const TRANSFORM_BYTES: usize = CONSTANTS_BYTES + <usize>(MR + 1) * POINTS * 16 + <usize>MR * WINDOW_ENTRY_BYTES;

/** Whether conv2d of `g` runs here. */
export function winogradForwardApplies(g: Geometry): bool {
  return winogradApplies(g, g.inC, g.outC, g.outH, g.outW);
}

/** Whether the input gradient of `g` runs here (as the convolution of dy by the turned filter). */
export function winogradInputApplies(g: Geometry): bool {
  return winogradApplies(g, g.outC, g.inC, g.inH, g.inW);
}

/**
 * Writes at `dst` the geometry of the convolution that gives conv `g`'s input gradient:
 * dy as its input, dx as its output, channels swapped, and the padding that makes
 * dx[i] = sum over taps k of dy[i + padTop - k] w[k] a correlation with w turned (2 - padTop).
 */
function inputGeometry(g: Geometry, dst: usize): void {
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

/** Bytes of U (36 packed matrices) for `inC` to `outC` channels. */
@inline
function filterBytes(inC: i32, outC: i32): usize {
  return <usize>POINTS * pointPanelBytes(inC, outC);
}

/** Workspace bytes for a convolution of `batch` images from `inC` to `outC` channels over an `outH` x `outW` output. */
function workspace(batch: i32, inC: i32, outC: i32, outH: i32, outW: i32): usize {
  const threads = winogradThreads(tileCount(batch, outH, outW), inC, outC);
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

/** out = act(conv2d `geo` of x by the filter [3, 3, inC, outC] + bias), in `work` as sized by {@link winogradForwardWorkspace}. */
export function winogradForward(x: usize, filter: usize, bias: usize, out: usize, geo: usize, act: i32, work: usize): void {
  memory.copy(work, geo, offsetof<Geometry>());
  winogradConv(x, filter, false, bias, out, act, work);
}

/** dx = the input gradient of conv2d `geo` from dy and its filter, in `work` as sized by {@link winogradInputWorkspace}. */
export function winogradInput(dy: usize, filter: usize, dx: usize, geo: usize, work: usize): void {
  inputGeometry(geometryAt(geo), work);
  winogradConv(dy, filter, true, 0, dx, Activation.Linear, work);
}

/**
 * out = act(conv(x, w) + bias) for the 3x3 stride-1 convolution whose geometry is
 * already at the start of `work` (GEOMETRY_BYTES). The filter is read as
 * [3, 3, inC, outC], or with `turned` as the filter of the convolution whose input
 * gradient this is: [3, 3, outC, inC], taps in reverse order.
 */
function winogradConv(x: usize, filter: usize, turned: bool, bias: usize, out: usize, act: i32, work: usize): void {
  const g = geometryAt(work);
  const tiles = tileCount(g.batch, g.outH, g.outW);
  if (tiles == 0) return;
  const u = work + HEADER_BYTES;
  transformFilter(filter, turned, g.inC, g.outC, u, work + GEOMETRY_BYTES);
  const perBlock = blockTiles(g.inC, g.outC);
  const threads = winogradThreads(tiles, g.inC, g.outC);
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

/**
 * The input transform V = B^T d B of tiles [t, t + tiles) (at most MR; the slice's other
 * rows get zeros), 4 channels at a time, into their packed slice at `dst` of every
 * point's V (point p's at dst + p * vPoint, laid out [channel][MR]): each tile's 36
 * transformed vectors, then per point the MR x 4 block turned into 4 channel rows of MR
 * tiles, stored whole.
 */
function transformSlice(x: usize, g: Geometry, t: i32, tiles: i32, dst: usize, vPoint: usize, scratch: usize): void {
  const inC = g.inC;
  const pixelBytes = <usize>inC << 2;
  const rowBytes = <usize>g.inW * pixelBytes;
  const k = scratch;
  const blocks = scratch + CONSTANTS_BYTES, e = blocks + MR * POINTS * 16;
  const table = e + POINTS * 16;
  for (let q = 0; q < tiles; q++) windowEntry(g, t + q, x, table + <usize>q * WINDOW_ENTRY_BYTES);
  for (let q = tiles; q < MR; q++) memory.fill(blocks + <usize>q * (POINTS * 16), 0, POINTS * 16);
  for (let c = 0; c < inC; c += 4) {
    for (let q = 0; q < tiles; q++) {
      transformWindow(table + <usize>q * WINDOW_ENTRY_BYTES, c, pixelBytes, rowBytes, k, blocks + <usize>q * (POINTS * 16), e);
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
