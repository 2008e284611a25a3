/**
 * conv2d and its two gradients through the packed GEMM (gemm.ts), NHWC with the
 * Keras filter layout [kH, kW, inC, outC], which is already a row-major
 * [K = kH kW inC, outC] matrix. Pointwise convolutions (1x1, stride 1, no
 * padding) are a plain GEMM over pixels; the rest go through im2col in chunks
 * of output rows so the workspace stays bounded (about 512 KB of columns) while
 * the packed filter is reused across chunks.
 */
import { Activation } from './opcodes';
import { Geometry, geometryAt, outputRows, isPointwise } from './geometry';
import { gemm, gemmPanels, gemmWorkspace, packB, panelBytes, panelCount, blockCols, NR } from './gemm';
import { im2col, col2im } from './im2col';

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

/**
 * C (row stride ldc) = A [m, k] x the already-packed B columns [0, n), N-blocked so
 * each block of panels stays in L2 while the rows of A stream past it.
 */
@inline
function gemmPacked(m: i32, a: usize, rsA: i32, csA: i32, packed: usize, n: i32, k: i32, c: usize, ldc: i32, accumulate: bool): void {
  const nc = blockCols(k);
  for (let j0 = 0; j0 < n; j0 += nc) {
    gemmPanels(m, a, rsA, csA, packed + panelBytes(k, j0 / NR), min(nc, n - j0), k, c + (<usize>j0 << 2), ldc, Activation.Linear, accumulate);
  }
}

/** Workspace bytes {@link conv2d} needs for the geometry at `geo`. */
export function conv2dWorkspace(geo: usize): usize {
  const g = geometryAt(geo);
  const k = patchSize(g);
  if (isPointwise(g)) return gemmWorkspace(g.outC, k);
  const rows = chunkRows(k, outputRows(g), 1);
  return panelBytes(k, panelCount(g.outC)) + (<usize>rows * <usize>k << 2);
}

/** out [batch, outH, outW, outC] = conv(x [batch, inH, inW, inC], filter [kH, kW, inC, outC]). */
export function conv2d(x: usize, filter: usize, out: usize, geo: usize, work: usize): void {
  const g = geometryAt(geo);
  const k = patchSize(g);
  const n = g.outC;
  const rows = outputRows(g);
  if (isPointwise(g)) {
    gemm(rows, n, k, x, k, 1, filter, n, 1, 0, out, n, Activation.Linear, false, work);
    return;
  }
  packB(filter, n, 1, k, 0, n, 0, work);
  const col = work + panelBytes(k, panelCount(n));
  const chunk = chunkRows(k, rows, 1);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const cnt = min(chunk, rows - r0);
    im2col(x, g, r0, cnt, col);
    gemmPacked(cnt, col, k, 1, work, n, k, out + (<usize>r0 * <usize>n << 2), n, false);
  }
}

/** Workspace bytes {@link conv2dBackpropInput} needs. */
export function conv2dBackpropInputWorkspace(geo: usize): usize {
  const g = geometryAt(geo);
  const k = patchSize(g);
  if (isPointwise(g)) return gemmWorkspace(g.inC, g.outC);
  const rows = chunkRows(k, outputRows(g), 1);
  return panelBytes(g.outC, panelCount(k)) + (<usize>rows * <usize>k << 2);
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
  memory.fill(dx, 0, <usize>g.batch * <usize>g.inH * <usize>g.inW * <usize>g.inC << 2);
  packB(filter, 1, oc, oc, 0, k, 0, work);
  const dcol = work + panelBytes(oc, panelCount(k));
  const chunk = chunkRows(k, rows, 1);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const cnt = min(chunk, rows - r0);
    gemmPacked(cnt, dy + (<usize>r0 * <usize>oc << 2), oc, 1, work, k, oc, dcol, k, false);
    col2im(dcol, g, r0, cnt, dx);
  }
}

/** Workspace bytes {@link conv2dBackpropFilter} needs. */
export function conv2dBackpropFilterWorkspace(geo: usize): usize {
  const g = geometryAt(geo);
  const k = patchSize(g);
  const rows = chunkRows(k, outputRows(g), MIN_FILTER_CHUNK);
  const cols: usize = isPointwise(g) ? 0 : <usize>rows * <usize>k << 2;
  return cols + panelBytes(rows, panelCount(g.outC));
}

/**
 * dw [K, outC] = sum over output pixels of col^T dy, accumulated chunk by chunk
 * (the column chunk is read transposed: A(i, r) = col[r * K + i]).
 */
export function conv2dBackpropFilter(x: usize, dy: usize, dw: usize, geo: usize, work: usize): void {
  const g = geometryAt(geo);
  const k = patchSize(g);
  const oc = g.outC;
  const rows = outputRows(g);
  const pointwise = isPointwise(g);
  memory.fill(dw, 0, <usize>k * <usize>oc << 2);
  const chunk = chunkRows(k, rows, MIN_FILTER_CHUNK);
  const col = work;
  const packed = pointwise ? work : work + (<usize>chunk * <usize>k << 2);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const cnt = min(chunk, rows - r0);
    let a = x + (<usize>r0 * <usize>k << 2);
    if (!pointwise) {
      im2col(x, g, r0, cnt, col);
      a = col;
    }
    packB(dy + (<usize>r0 * <usize>oc << 2), oc, 1, cnt, 0, oc, 0, packed);
    gemmPacked(k, a, 1, k, packed, oc, cnt, dw, oc, true);
  }
}
