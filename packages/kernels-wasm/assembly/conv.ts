/**
 * conv2d and its two gradients through the packed GEMM (gemm.ts), NHWC with the
 * Keras filter layout [kH, kW, inC, outC], which is already a row-major
 * [K = kH kW inC, outC] matrix. Pointwise convolutions (1x1, stride 1, no
 * padding) are a plain GEMM over pixels; the rest go through im2col in chunks
 * of output rows so the workspace stays bounded (about 512 KB of columns per
 * thread) while the packed filter is reused across chunks. The forward pass takes
 * an optional bias (packed in front of the filter panels) and activation (applied
 * as rows are stored). Convolutions of one input channel skip the column matrix:
 * the forward pass packs patches straight from the image ({@link packPatches}),
 * the filter gradient runs straight from x and dy (filter-direct.ts). 3x3 convolutions
 * of stride 1 with 16 or more channels (in fours) run their forward pass, input
 * gradient and filter gradient by Winograd's F(4x4, 3x3) instead (winograd.ts,
 * winograd-filter.ts), with a quarter of the
 * multiply-adds (BENCHMARKS.md, session 18, for the speed at the bench's shapes).
 *
 * Threads (parallel.ts): the forward pass splits output rows (each tile runs
 * im2col into its own columns, then the GEMM); the input gradient splits whole
 * images, because col2im of neighbouring rows adds into the same input pixels;
 * the filter gradient sums fixed groups of output rows, one group a tile, each into a
 * partial dw of its own, and adds the partials in group order; where the partials would
 * take too much memory, it keeps fixed chunks of output rows (the order in which dw
 * accumulates them) and splits each chunk's im2col, its dy packing and its GEMM over
 * dw's rows and columns. Groups and chunks depend on the geometry alone: no split
 * changes any output's arithmetic.
 */
import { Activation } from './opcodes';
import { Geometry, geometryAt, outputRows, isPointwise } from './geometry';
import { gemm, gemmBlocks, gemmPacked, gemmWorkspace, packBlock } from './gemm';
import { MR, NR, packB, panelBytes, panelCount } from './packing';
import { gemmSlice, scratchBytes } from './micro-kernel';
import { im2col, col2im, packPatches } from './im2col';
import { filterDirect, filterDirectApplies, filterDirectWorkspace } from './filter-direct';
import { addRowsInOrder } from './simd';
import { Task, TILES_PER_THREAD, arg, argPtr, dispatch, setArg, threadsFor } from './parallel';
import {
  winogradForward, winogradForwardApplies, winogradForwardWorkspace, winogradInput, winogradInputApplies, winogradInputWorkspace,
} from './winograd';
import { winogradFilter, winogradFilterApplies, winogradFilterWorkspace } from './winograd-filter';

/** Column floats per im2col chunk. */
const CHUNK_FLOATS = 131072;
/** Minimum rows per chunk of the filter gradient, whose every chunk re-reads and re-writes dw. */
const MIN_FILTER_CHUNK = 256;

@inline
function patchSize(g: Geometry): i32 {
  return g.kH * g.kW * g.inC;
}

/** Output rows per im2col chunk for patches of `k` floats. */
@inline
function chunkRows(k: i32, rows: i32, minimum: i32): i32 {
  return max(1, min(rows, max(minimum, CHUNK_FLOATS / max(k, 1))));
}

/** Threads for a convolution's GEMM of `rows` x `n` x `k`. */
@inline
function convThreads(rows: i32, n: i32, k: i32): i32 {
  return threadsFor(2.0 * <f64>rows * <f64>n * <f64>k);
}

/**
 * Input channels up to which the forward pass packs patches straight from the image
 * ({@link packPatches}) instead of going through im2col's column matrix. One channel
 * (28x28x1 -> 32, 3x3): 1.2x with the same bits; three channels, gathered element by
 * element, would be 0.74x im2col's vector copies and transposes.
 */
const DIRECT_PATCH_CHANNELS = 1;

/** Whether the forward pass of `g` packs its patches straight from the image. */
@inline
function packsPatches(g: Geometry): bool {
  return g.inC <= DIRECT_PATCH_CHANNELS;
}

/** Rows per forward tile: the single-thread chunk, cut to about TILES_PER_THREAD tiles per thread, in multiples of MR. */
@inline
function forwardTileRows(k: i32, rows: i32, threads: i32): i32 {
  const chunk = chunkRows(k, rows, 1);
  if (threads <= 1) return chunk;
  const share = (rows + threads * TILES_PER_THREAD - 1) / (threads * TILES_PER_THREAD);
  return min(chunk, MR * ((share + MR - 1) / MR));
}

/**
 * Bytes of one thread's region in a tiled convolution: a column matrix of `rows` x `k`
 * floats, then the scratch for packing MR-row slices of depth `depth` (micro-kernel.ts).
 */
@inline
function threadRegionBytes(rows: i32, k: i32, depth: i32): usize {
  return (<usize>rows * <usize>k << 2) + scratchBytes(depth);
}

/** Workspace bytes {@link conv2d} needs for the geometry at `geo`. */
export function conv2dWorkspace(geo: usize): usize {
  const g = geometryAt(geo);
  const k = patchSize(g);
  if (isPointwise(g)) return gemmWorkspace(outputRows(g), g.outC, k);
  if (winogradForwardApplies(g)) return winogradForwardWorkspace(g);
  const rows = outputRows(g);
  const threads = convThreads(rows, g.outC, k);
  const columnRows = packsPatches(g) ? 0 : forwardTileRows(k, rows, threads);
  return panelBytes(k, panelCount(g.outC)) + <usize>threads * threadRegionBytes(columnRows, k, k);
}

/**
 * out [batch, outH, outW, outC] = act(conv(x [batch, inH, inW, inC], filter [kH, kW, inC, outC]) + bias),
 * the bias (outC floats, or 0 for none) packed in front of the filter's panels and the
 * activation applied as each row is stored, as in {@link gemm}.
 */
export function conv2d(x: usize, filter: usize, bias: usize, out: usize, geo: usize, act: i32, work: usize): void {
  const g = geometryAt(geo);
  const k = patchSize(g);
  const n = g.outC;
  const rows = outputRows(g);
  if (isPointwise(g)) {
    gemm(rows, n, k, x, k, 1, filter, n, 1, bias, out, n, act, false, work);
    return;
  }
  if (winogradForwardApplies(g)) {
    winogradForward(x, filter, bias, out, geo, act, work);
    return;
  }
  const threads = convThreads(rows, n, k);
  packBlock(filter, n, 1, k, 0, n, bias, work, threads);
  const tileRows = forwardTileRows(k, rows, threads);
  setArg(0, <i32>x); setArg(1, <i32>geo); setArg(2, <i32>out); setArg(3, <i32>work); setArg(4, k); setArg(5, n);
  setArg(6, tileRows); setArg(7, <i32>(work + panelBytes(k, panelCount(n)))); setArg(8, rows); setArg(9, act);
  setArg(10, packsPatches(g) ? 0 : tileRows);
  dispatch(Task.ConvForward, (rows + tileRows - 1) / tileRows, threads);
}

/**
 * Tile `t` of {@link conv2d}: im2col of its rows into this thread's columns, then the GEMM
 * with its bias and activation; or, with no column rows (few input channels), each MR
 * rows' patches packed straight from the image and run through every filter panel.
 */
export function convForwardTile(ctrl: usize, t: i32, thread: i32): void {
  const k = arg(ctrl, 4);
  const n = arg(ctrl, 5);
  const tileRows = arg(ctrl, 6);
  const act = arg(ctrl, 9);
  const columnRows = arg(ctrl, 10);
  const r0 = t * tileRows;
  const cnt = min(tileRows, arg(ctrl, 8) - r0);
  const x = argPtr(ctrl, 0);
  const g = geometryAt(argPtr(ctrl, 1));
  const out = argPtr(ctrl, 2) + (<usize>r0 * <usize>n << 2);
  const region = argPtr(ctrl, 7) + <usize>thread * threadRegionBytes(columnRows, k, k);
  const scratch = region + (<usize>columnRows * <usize>k << 2);
  if (columnRows == 0) {
    forwardPatches(x, g, r0, cnt, argPtr(ctrl, 3), n, k, out, act, scratch);
    return;
  }
  im2col(x, g, r0, cnt, region);
  gemmBlocks(cnt, region, k, 1, argPtr(ctrl, 3), n, k, out, n, act, scratch);
}

/** Output rows [r0, r0 + cnt) into `out`, MR at a time: their patches packed from x, then every packed filter panel. */
function forwardPatches(x: usize, g: Geometry, r0: i32, cnt: i32, packed: usize, n: i32, k: i32, out: usize, act: i32, scratch: usize): void {
  const outH = g.outH, outW = g.outW;
  const pixels = outH * outW;
  let b = r0 / pixels;
  let oy = (r0 % pixels) / outW;
  let ox = r0 % outW;
  for (let i = 0; i < cnt; i += MR) {
    const rows = min(MR, cnt - i);
    packPatches(x, g, b, oy, ox, rows, scratch);
    gemmSlice(rows, scratch, packed, n, k, out + (<usize>i * <usize>n << 2), n, act);
    ox += rows;
    while (ox >= outW) {
      ox -= outW;
      if (++oy == outH) {
        oy = 0;
        b++;
      }
    }
  }
}

/** Workspace bytes {@link conv2dBackpropInput} needs. */
export function conv2dBackpropInputWorkspace(geo: usize): usize {
  const g = geometryAt(geo);
  const k = patchSize(g);
  if (isPointwise(g)) return gemmWorkspace(outputRows(g), g.inC, g.outC);
  if (winogradInputApplies(g)) return winogradInputWorkspace(g);
  const rows = outputRows(g);
  const threads = convThreads(rows, k, g.outC);
  return panelBytes(g.outC, panelCount(k)) + <usize>threads * threadRegionBytes(chunkRows(k, rows, 1), k, g.outC);
}

/**
 * dx = the gradient of conv2d with respect to x: dcol = dy x filter^T, then col2im
 * accumulates the patches back into dx (this is also the transposed convolution).
 */
export function conv2dBackpropInput(dy: usize, filter: usize, dx: usize, geo: usize, work: usize): void {
  const g = geometryAt(geo);
  const k = patchSize(g);
  const oc = g.outC;
  const rows = outputRows(g);
  // filter^T as a [outC, K] matrix: element (o, j) sits at filter[j * outC + o].
  if (isPointwise(g)) {
    gemm(rows, k, oc, dy, oc, 1, filter, 1, oc, 0, dx, k, Activation.Linear, false, work);
    return;
  }
  if (winogradInputApplies(g)) {
    winogradInput(dy, filter, dx, geo, work);
    return;
  }
  const threads = convThreads(rows, k, oc);
  packBlock(filter, 1, oc, oc, 0, k, 0, work, threads);
  const perTile = threads > 1 ? (g.batch + threads * TILES_PER_THREAD - 1) / (threads * TILES_PER_THREAD) : g.batch;
  setArg(0, <i32>dy); setArg(1, <i32>geo); setArg(2, <i32>dx); setArg(3, <i32>work); setArg(4, k); setArg(5, oc);
  setArg(6, chunkRows(k, rows, 1)); setArg(7, <i32>(work + panelBytes(oc, panelCount(k)))); setArg(8, perTile);
  dispatch(Task.ConvInput, (g.batch + perTile - 1) / perTile, threads);
}

/** Tile `t` of {@link conv2dBackpropInput}: a range of whole images, zeroed, then dcol chunks scattered back with col2im. */
export function convInputTile(ctrl: usize, t: i32, thread: i32): void {
  const g = geometryAt(argPtr(ctrl, 1));
  const k = arg(ctrl, 4);
  const oc = arg(ctrl, 5);
  const chunk = arg(ctrl, 6);
  const perTile = arg(ctrl, 8);
  const dy = argPtr(ctrl, 0);
  const dx = argPtr(ctrl, 2);
  const dcol = argPtr(ctrl, 7) + <usize>thread * threadRegionBytes(chunk, k, oc);
  const scratch = dcol + (<usize>chunk * <usize>k << 2);
  const b0 = t * perTile;
  const b1 = min(g.batch, b0 + perTile);
  const image = <usize>g.inH * <usize>g.inW * <usize>g.inC << 2;
  memory.fill(dx + <usize>b0 * image, 0, <usize>(b1 - b0) * image);
  const pixels = g.outH * g.outW;
  const end = b1 * pixels;
  for (let r0 = b0 * pixels; r0 < end; r0 += chunk) {
    const cnt = min(chunk, end - r0);
    gemmBlocks(cnt, dy + (<usize>r0 * <usize>oc << 2), oc, 1, argPtr(ctrl, 3), k, oc, dcol, k, Activation.Linear, scratch);
    col2im(dcol, g, r0, cnt, dx);
  }
}

/**
 * Output rows per chunk of the filter gradient: its column chunk and its packed dy
 * chunk (whole panels) together within CHUNK_FLOATS, so both stay in L2 while the GEMM
 * streams them. (Sized by the columns alone, a 3x3 convolution of one input channel
 * took chunks of 14,563 rows, whose packed dy for 32 filters came to 1.9 MB.)
 */
@inline
function filterChunkRows(g: Geometry, rows: i32): i32 {
  return chunkRows(patchSize(g) + NR * panelCount(g.outC), rows, MIN_FILTER_CHUNK);
}

/** Groups of output rows at most in the filter gradient: each sums its rows into a partial dw of its own. */
const FILTER_GROUPS = 16;
/** Bytes the filter gradient's partial dw may take together; with room for fewer than two, it runs in chunks. */
const FILTER_PARTIALS_BYTES: usize = 4 << 20;

/**
 * Groups of output rows the filter gradient of `g` sums apart ({@link filterGroupTile}): at
 * most FILTER_GROUPS, each of at least MIN_FILTER_CHUNK rows, their partials within
 * FILTER_PARTIALS_BYTES. Below two, dw accumulates chunk by chunk instead. Fixed by the
 * geometry, so dw's bits do not depend on the thread count.
 */
@inline
function filterGroups(g: Geometry, rows: i32): i32 {
  const partialBytes = <usize>patchSize(g) * <usize>g.outC << 2;
  return min(FILTER_GROUPS, min(rows / MIN_FILTER_CHUNK, <i32>(FILTER_PARTIALS_BYTES / max<usize>(partialBytes, 1))));
}

/** Rows per chunk within a group of `perGroup` rows: the group cut into equal chunks of at most {@link filterChunkRows}. */
@inline
function groupChunkRows(g: Geometry, perGroup: i32): i32 {
  const most = filterChunkRows(g, perGroup);
  const chunks = (perGroup + most - 1) / most;
  return (perGroup + chunks - 1) / chunks;
}

/** Bytes of a filter-gradient column chunk of `chunk` rows (none when pointwise), in whole cache lines. */
@inline
function filterColumnsBytes(g: Geometry, chunk: i32): usize {
  const cols: usize = isPointwise(g) ? 0 : <usize>chunk * <usize>patchSize(g) << 2;
  return (cols + 63) & ~63;
}

/** Bytes of one thread's region in the grouped filter gradient: a column chunk, its packed dy and the A scratch. */
@inline
function filterRegionBytes(g: Geometry, chunk: i32): usize {
  return filterColumnsBytes(g, chunk) + panelBytes(chunk, panelCount(g.outC)) + scratchBytes(chunk);
}

/**
 * Workspace bytes {@link conv2dBackpropFilter} needs: grouped, the partial dw of each group
 * and a region per thread; in chunks, a column chunk, the packed dy chunk and the threads' A scratch.
 */
export function conv2dBackpropFilterWorkspace(geo: usize): usize {
  const g = geometryAt(geo);
  const k = patchSize(g);
  const rows = outputRows(g);
  const threads = convThreads(rows, g.outC, k);
  if (filterDirectApplies(g)) return filterDirectWorkspace(g, threads);
  if (winogradFilterApplies(g)) return winogradFilterWorkspace(g);
  const groups = filterGroups(g, rows);
  if (groups >= 2) {
    const partials = <usize>groups * <usize>k * <usize>g.outC << 2;
    return partials + <usize>threads * filterRegionBytes(g, groupChunkRows(g, (rows + groups - 1) / groups));
  }
  const chunk = filterChunkRows(g, rows);
  return filterColumnsBytes(g, chunk) + panelBytes(chunk, panelCount(g.outC)) + <usize>threads * scratchBytes(chunk);
}

/**
 * dw [K, outC] = sum over output pixels of col^T dy (the column matrix read transposed:
 * A(i, r) = col[r * K + i]): in groups of output rows, each summed into a partial and the
 * partials added in group order, or ({@link filterGroups} below two) chunk by chunk into dw;
 * one input channel and filters in sixteens, straight from x and dy (filter-direct.ts).
 */
export function conv2dBackpropFilter(x: usize, dy: usize, dw: usize, geo: usize, work: usize): void {
  const g = geometryAt(geo);
  const k = patchSize(g);
  const oc = g.outC;
  const rows = outputRows(g);
  const pointwise = isPointwise(g);
  const threads = convThreads(rows, oc, k);
  if (filterDirectApplies(g)) {
    filterDirect(x, dy, dw, geo, work, threads);
    return;
  }
  if (winogradFilterApplies(g)) {
    winogradFilter(x, dy, dw, geo, work);
    return;
  }
  const groups = filterGroups(g, rows);
  if (groups >= 2) {
    const perGroup = (rows + groups - 1) / groups;
    const tiles = (rows + perGroup - 1) / perGroup;
    const partials = work;
    setArg(0, <i32>x); setArg(1, <i32>geo); setArg(2, <i32>dy); setArg(3, <i32>partials); setArg(4, perGroup);
    setArg(5, groupChunkRows(g, perGroup)); setArg(6, <i32>(partials + (<usize>groups * <usize>k * <usize>oc << 2)));
    dispatch(Task.FilterGroup, tiles, threads);
    addRowsInOrder(partials, tiles, k * oc, dw);
    return;
  }
  memory.fill(dw, 0, <usize>k * <usize>oc << 2);
  const chunk = filterChunkRows(g, rows);
  const col = work;
  const packed = work + filterColumnsBytes(g, chunk);
  const scratch = packed + panelBytes(chunk, panelCount(oc));
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const cnt = min(chunk, rows - r0);
    const dyChunk = dy + (<usize>r0 * <usize>oc << 2);
    if (pointwise) {
      packBlock(dyChunk, oc, 1, cnt, 0, oc, 0, packed, threads);
      gemmPacked(k, x + (<usize>r0 * <usize>k << 2), 1, k, packed, oc, cnt, dw, oc, scratch, threads);
    } else {
      filterPrep(x, geo, col, r0, cnt, dyChunk, oc, packed, threads);
      gemmPacked(k, col, 1, k, packed, oc, cnt, dw, oc, scratch, threads);
    }
  }
}

/**
 * Tile `t` of the grouped {@link conv2dBackpropFilter}: group t's output rows, chunk by
 * chunk (im2col into this thread's columns, its dy rows packed, the GEMM on this thread):
 * the first chunk's product stored as the group's partial dw, the others added to it.
 */
export function filterGroupTile(ctrl: usize, t: i32, thread: i32): void {
  const x = argPtr(ctrl, 0);
  const g = geometryAt(argPtr(ctrl, 1));
  const k = patchSize(g);
  const oc = g.outC;
  const perGroup = arg(ctrl, 4);
  const chunk = arg(ctrl, 5);
  const r0 = t * perGroup;
  const r1 = min(outputRows(g), r0 + perGroup);
  const partial = argPtr(ctrl, 3) + (<usize>t * <usize>k * <usize>oc << 2);
  const pointwise = isPointwise(g);
  const col = argPtr(ctrl, 6) + <usize>thread * filterRegionBytes(g, chunk);
  const packed = col + filterColumnsBytes(g, chunk);
  const scratch = packed + panelBytes(chunk, panelCount(oc));
  for (let r = r0; r < r1; r += chunk) {
    const cnt = min(chunk, r1 - r);
    let a = x + (<usize>r * <usize>k << 2);
    if (!pointwise) {
      im2col(x, g, r, cnt, col);
      a = col;
    }
    packB(argPtr(ctrl, 2) + (<usize>r * <usize>oc << 2), oc, 1, cnt, 0, oc, 0, packed);
    gemmBlocks(k, a, 1, k, packed, oc, cnt, partial, oc, Activation.Linear, scratch, r > r0);
  }
}

/** im2col of rows [r0, r0 + cnt) into `col` and the packing of their dy rows, as one task of both kinds of tiles. */
function filterPrep(x: usize, geo: usize, col: usize, r0: i32, cnt: i32, dy: usize, oc: i32, packed: usize, threads: i32): void {
  const rowsPerTile = threads > 1 ? (cnt + threads * TILES_PER_THREAD - 1) / (threads * TILES_PER_THREAD) : cnt;
  const colTiles = (cnt + rowsPerTile - 1) / rowsPerTile;
  const panels = panelCount(oc);
  const panelsPerTile = threads > 1 ? (panels + threads - 1) / threads : panels;
  setArg(0, <i32>x); setArg(1, <i32>geo); setArg(2, <i32>col); setArg(3, r0); setArg(4, cnt); setArg(5, rowsPerTile);
  setArg(6, colTiles); setArg(7, <i32>dy); setArg(8, oc); setArg(9, <i32>packed); setArg(10, panelsPerTile);
  dispatch(Task.FilterPrep, colTiles + (panels + panelsPerTile - 1) / panelsPerTile, threads);
}

/** Tile `t` of {@link filterPrep}: either a slice of im2col rows or a group of dy panels. */
export function filterPrepTile(ctrl: usize, t: i32): void {
  const cnt = arg(ctrl, 4);
  const colTiles = arg(ctrl, 6);
  if (t < colTiles) {
    const g = geometryAt(argPtr(ctrl, 1));
    const rowsPerTile = arg(ctrl, 5);
    const first = t * rowsPerTile;
    const k = patchSize(g);
    im2col(argPtr(ctrl, 0), g, arg(ctrl, 3) + first, min(rowsPerTile, cnt - first), argPtr(ctrl, 2) + (<usize>first * <usize>k << 2));
    return;
  }
  const oc = arg(ctrl, 8);
  const perTile = arg(ctrl, 10);
  const p0 = (t - colTiles) * perTile;
  packB(argPtr(ctrl, 7), oc, 1, cnt, p0 * NR, min(perTile * NR, oc - p0 * NR), 0, argPtr(ctrl, 9) + panelBytes(cnt, p0));
}
