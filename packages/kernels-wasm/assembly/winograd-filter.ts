/**
 * The filter gradient of a 3x3 stride-1 convolution by Winograd's F(4x4, 3x3), the
 * adjoint of winograd.ts's forward pass: with V = B^T d B (each tile's input window)
 * and dM = A dY A^T (its 4x4 block of the output gradient, zero past the output's edge),
 * dU(xi) = sum over tiles of V(xi)^T dM(xi), 36 products of [inC, tiles] x [tiles, outC]
 * through the GEMM's micro-kernel, and dw = G^T dU G.
 *
 * The tiles are cut into fixed groups (by the geometry alone), each summed by one task
 * tile into a partial dU of its own, block by block; the partials are added in group
 * order, so dw's bits do not depend on the thread count.
 */
import { Activation } from './opcodes';
import { Geometry, geometryAt } from './geometry';
import { packB, panelBytes, panelCount } from './packing';
import { gemmPanels, scratchBytes } from './micro-kernel';
import { addRowsInOrder } from './simd';
import { Task, arg, argPtr, dispatch, setArg } from './parallel';
import {
  BLOCK_FLOATS, CONSTANTS_BYTES, GEOMETRY_BYTES, MAX_TRANSFORMED_BYTES, POINTS, TILE, WINDOW, WINDOW_ENTRY_BYTES, filterGradientLine, gradientLine, tileColumn, tileImage,
  tileCount, tileRow, transformWindow, transformedBytes, winogradApplies, winogradThreads, windowEntry, writeConstants,
} from './winograd-transforms';

/** Most groups of tiles summed apart. */
const MAX_GROUPS = 8;
/** Fewest tiles in a group (below two groups' worth, one group). */
const MIN_GROUP_TILES = 64;
/**
 * Bytes of the tile transforms' scratch: the constants, then the larger of the input
 * transform's (two 6x6 blocks of vectors and a window entry) and the gradient's (a 4x4,
 * a 6x4 and a 6x6 block).
 */
const TRANSFORM_BYTES: usize = CONSTANTS_BYTES + max<usize>(2 * POINTS * 16 + WINDOW_ENTRY_BYTES, <usize>(TILE * TILE + WINDOW * TILE + POINTS) * 16);

/** Whether the filter gradient of `g` runs here: as the forward pass, with room for at least one group's partial dU and their sum. */
export function winogradFilterApplies(g: Geometry): bool {
  return winogradApplies(g, g.inC, g.outC, g.outH, g.outW) && groupCount(g) >= 1;
}

/** Tiles of `g`'s output. */
@inline
function tilesOf(g: Geometry): i32 {
  return tileCount(g.batch, g.outH, g.outW);
}

/** Tiles per block: V and dM within BLOCK_FLOATS. */
@inline
function blockTiles(inC: i32, outC: i32): i32 {
  return max(1, BLOCK_FLOATS / (POINTS * (inC + outC)));
}

/**
 * Groups the tiles of `g` are summed in: up to MAX_GROUPS of at least MIN_GROUP_TILES,
 * their partial dU and the sum within MAX_TRANSFORMED_BYTES (0 when one group's do not fit).
 */
@inline
function groupCount(g: Geometry): i32 {
  const room = <i32>(MAX_TRANSFORMED_BYTES / transformedBytes(g.inC, g.outC)) - 1;
  return min(room, max(1, min(MAX_GROUPS, tilesOf(g) / MIN_GROUP_TILES)));
}

/** Bytes of one thread's region: V, dM, one packed dM matrix, the micro-kernel's scratch, the transforms' scratch. */
@inline
function regionBytes(inC: i32, outC: i32, tiles: i32): usize {
  const vm = <usize>POINTS * <usize>tiles * <usize>(inC + outC) << 2;
  return vm + panelBytes(tiles, panelCount(outC)) + scratchBytes(tiles) + TRANSFORM_BYTES;
}

/** Threads for the filter gradient of `g`: by its products' flops. */
@inline
function gradientThreads(g: Geometry): i32 {
  return winogradThreads(tilesOf(g), g.inC, g.outC);
}

/** Workspace bytes {@link winogradFilter} needs: the geometry, a partial dU per group and their sum, a region per thread. */
export function winogradFilterWorkspace(g: Geometry): usize {
  const partials = <usize>(groupCount(g) + 1) * transformedBytes(g.inC, g.outC);
  return GEOMETRY_BYTES + partials + <usize>gradientThreads(g) * regionBytes(g.inC, g.outC, blockTiles(g.inC, g.outC));
}

/** dw [3, 3, inC, outC] = the gradient of conv2d `geo` with respect to its filter, from x and dy. */
export function winogradFilter(x: usize, dy: usize, dw: usize, geo: usize, work: usize): void {
  memory.copy(work, geo, offsetof<Geometry>());
  const g = geometryAt(work);
  const inC = g.inC, outC = g.outC;
  const tiles = tilesOf(g);
  const groups = groupCount(g);
  const perGroup = (tiles + groups - 1) / groups;
  const used = tiles == 0 ? 0 : (tiles + perGroup - 1) / perGroup;
  const partials = work + GEOMETRY_BYTES;
  const sum = partials + <usize>groups * transformedBytes(inC, outC);
  setArg(0, <i32>x); setArg(1, <i32>dy); setArg(2, <i32>work); setArg(3, perGroup); setArg(4, tiles);
  setArg(5, blockTiles(inC, outC)); setArg(6, <i32>(sum + transformedBytes(inC, outC)));
  dispatch(Task.WinogradFilter, used, gradientThreads(g));
  addRowsInOrder(partials, used, POINTS * inC * outC, sum);
  transformFilterGradient(sum, inC, outC, dw);
}

/**
 * Tile `t` of {@link winogradFilter}: group t's tiles, block by block (their V and dM,
 * then per point dM packed and V^T dM added into the group's partial dU).
 */
export function winogradFilterTile(ctrl: usize, t: i32, thread: i32): void {
  const work = argPtr(ctrl, 2);
  const g = geometryAt(work);
  const inC = g.inC, outC = g.outC;
  const perGroup = arg(ctrl, 3);
  const perBlock = arg(ctrl, 5);
  const start = t * perGroup;
  const end = min(arg(ctrl, 4), start + perGroup);
  const partial = work + GEOMETRY_BYTES + <usize>t * transformedBytes(inC, outC);
  const v = argPtr(ctrl, 6) + <usize>thread * regionBytes(inC, outC, perBlock);
  const dm = v + (<usize>POINTS * <usize>perBlock * <usize>inC << 2);
  const packed = dm + (<usize>POINTS * <usize>perBlock * <usize>outC << 2);
  const scratch = packed + panelBytes(perBlock, panelCount(outC));
  const transform = scratch + scratchBytes(perBlock);
  writeConstants(transform);
  for (let first = start; first < end; first += perBlock) {
    const count = min(perBlock, end - first);
    const vPoint = <usize>count * <usize>inC << 2;
    const mPoint = <usize>count * <usize>outC << 2;
    for (let r = 0; r < count; r++) {
      transformInputTile(argPtr(ctrl, 0), g, first + r, v + (<usize>(r * inC) << 2), vPoint, transform);
      transformGradientTile(argPtr(ctrl, 1), g, first + r, dm + (<usize>(r * outC) << 2), mPoint, transform);
    }
    for (let p = 0; p < POINTS; p++) {
      packB(dm + <usize>p * mPoint, outC, 1, count, 0, outC, 0, packed);
      const c = partial + (<usize>(p * inC * outC) << 2);
      gemmPanels(inC, v + <usize>p * vPoint, 1, inC, packed, outC, count, c, outC, Activation.Linear, first > start, scratch);
    }
  }
}

/** Tile `t`'s V = B^T d B, 4 channels at a time, point p's row of inC floats at dst + p * pointBytes. */
function transformInputTile(x: usize, g: Geometry, t: i32, dst: usize, pointBytes: usize, scratch: usize): void {
  const pixelBytes = <usize>g.inC << 2;
  const rowBytes = <usize>g.inW * pixelBytes;
  const d = scratch + CONSTANTS_BYTES, e = d + POINTS * 16;
  const entry = e + POINTS * 16;
  windowEntry(g, t, x, entry);
  for (let c = 0; c < g.inC; c += 4) {
    transformWindow(entry, c, pixelBytes, rowBytes, scratch, d, e);
    const at = dst + (<usize>c << 2);
    for (let p = 0; p < POINTS; p++) v128.store(at + <usize>p * pointBytes, v128.load(d + <usize>p * 16));
  }
}

/**
 * Tile `t`'s dM = A dY A^T, 4 channels at a time (dY's rows and columns past the output's
 * edge read as zeros), point p's row of outC floats at dst + p * pointBytes.
 */
function transformGradientTile(dy: usize, g: Geometry, t: i32, dst: usize, pointBytes: usize, scratch: usize): void {
  const outH = g.outH, outW = g.outW, outC = g.outC;
  const oy = tileRow(g, t), ox = tileColumn(g, t);
  const rowsIn = min(TILE, outH - oy), colsIn = min(TILE, outW - ox);
  const pixelBytes = <usize>outC << 2;
  const rowBytes = <usize>outW * pixelBytes;
  const corner = dy + (<usize>((tileImage(g, t) * outH + oy) * outW + ox) * pixelBytes);
  const y = scratch + CONSTANTS_BYTES, e = y + TILE * TILE * 16, m = e + WINDOW * TILE * 16;
  const zero = f32x4.splat(0);
  for (let o = 0; o < outC; o += 4) {
    const first = corner + (<usize>o << 2);
    for (let i = 0; i < TILE; i++) {
      for (let j = 0; j < TILE; j++) {
        const inside = i < rowsIn && j < colsIn;
        v128.store(y + <usize>(i * TILE + j) * 16, inside ? v128.load(first + <usize>i * rowBytes + <usize>j * pixelBytes) : zero);
      }
    }
    // Columns (4 -> 6 rows), then rows (4 -> 6 columns): point (i, j) at m + (i * 6 + j) vectors.
    for (let j = 0; j < TILE; j++) gradientLine(y + <usize>j * 16, TILE * 16, e + <usize>j * 16, TILE * 16, scratch);
    for (let i = 0; i < WINDOW; i++) gradientLine(e + <usize>i * (TILE * 16), 16, m + <usize>i * (WINDOW * 16), 16, scratch);
    const at = dst + (<usize>o << 2);
    for (let p = 0; p < POINTS; p++) v128.store(at + <usize>p * pointBytes, v128.load(m + <usize>p * 16));
  }
}

/** dw = G^T dU G for every channel pair, 4 output channels at a time, from dU's 36 matrices at `du`. */
function transformFilterGradient(du: usize, inC: i32, outC: i32, dw: usize): void {
  const point = <usize>inC * <usize>outC << 2;
  for (let i = 0; i < inC; i++) {
    for (let o = 0; o < outC; o += 4) {
      const src = du + (<usize>(i * outC + o) << 2);
      const dst = dw + (<usize>(i * outC + o) << 2);
      // Rows of dU (6 points each) into three, then the three columns' six into three taps.
      for (let r = 0; r < WINDOW; r++) filterGradientLine(src + <usize>r * WINDOW * point, point, src + <usize>r * WINDOW * point, point);
      for (let b = 0; b < 3; b++) filterGradientLine(src + <usize>b * point, <usize>WINDOW * point, dst + <usize>b * point, 3 * point);
    }
  }
}
