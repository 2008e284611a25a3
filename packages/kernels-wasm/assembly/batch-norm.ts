/**
 * Fused batch normalization over x viewed as [rows, cols]: statistics per column, from
 * column sums added per chunk of rows (normalize.ts), then per-column affine passes.
 * Training reads x twice: once for both statistics (the shifted-data sums of x - x0
 * and its square), once to normalize.
 */
import { loadLanes as ld, storeLanes as st, off4 } from './simd';
import { Task, arg, argPtr, dispatch, elementThreads, imageTile, setArg } from './parallel';
import { CHUNK, addPartialRows, chunkCount, inverseStd, partialSum, startChunk } from './normalize';

/** What a column-sum chunk adds up into its two partial rows. */
const enum ColumnSum {
  /** x - x0 and (x - x0)^2, with x0 the column's first value (the shift keeps the variance exact). */
  Moments = 0,
  /** dy, and dy (x - mean). */
  Gradient = 1,
}

/** One vector of a column-sum row: its terms of `kind` added into the partial rows; `shift` is x0 or the mean. */
@inline
function columnSumVector(kind: ColumnSum, px: usize, pd: usize, shift: usize, s0: usize, s1: usize, c: i32, n: i32): void {
  const o = off4(c);
  const dev = f32x4.sub(ld(px + o, n), ld(shift + o, n));
  const t = kind == ColumnSum.Moments ? dev : ld(pd + o, n);
  st(s0 + o, f32x4.add(ld(s0 + o, n), t), n);
  st(s1 + o, f32x4.add(ld(s1 + o, n), f32x4.mul(t, dev)), n);
}

/**
 * Columns [c, c + 8) of chunk rows [r0, r1) with the four sums in registers (one
 * load per vector per row instead of three loads and two stores), added in the same
 * row order as {@link columnSumVector}, so the sums are the same to the bit.
 */
@inline
function columnSumBlock8(kind: ColumnSum, x: usize, dy: usize, shift: usize, r0: i32, r1: i32, cols: i32, c: i32, s0: usize, s1: usize): void {
  const o = off4(c);
  const h0 = v128.load(shift + o);
  const h1 = v128.load(shift + o, 16);
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let b0 = a0;
  let b1 = a0;
  for (let r = r0; r < r1; r++) {
    const px = x + off4(r * cols);
    const pd = dy + off4(r * cols);
    const d0 = f32x4.sub(v128.load(px + o), h0);
    const d1 = f32x4.sub(v128.load(px + o, 16), h1);
    // s0 gets t, s1 gets t dev: t is dev itself for the moments, dy for the gradients.
    const t0 = kind == ColumnSum.Moments ? d0 : v128.load(pd + o);
    const t1 = kind == ColumnSum.Moments ? d1 : v128.load(pd + o, 16);
    a0 = f32x4.add(a0, t0);
    a1 = f32x4.add(a1, t1);
    b0 = f32x4.add(b0, f32x4.mul(t0, d0));
    b1 = f32x4.add(b1, f32x4.mul(t1, d1));
  }
  v128.store(s0 + o, a0);
  v128.store(s0 + o, a1, 16);
  v128.store(s1 + o, b0);
  v128.store(s1 + o, b1, 16);
}

/** Adds up chunk `k`'s rows of `kind` into the partial rows s0 and s1: blocks of 8 columns, then the rest row by row. */
@inline
function columnSumChunk(kind: ColumnSum, x: usize, dy: usize, shift: usize, k: i32, rows: i32, cols: i32, s0: usize, s1: usize): void {
  const r0 = k * CHUNK;
  const r1 = startChunk(k, rows, cols, s0, s1);
  let blocked = 0;
  for (; blocked + 8 <= cols; blocked += 8) columnSumBlock8(kind, x, dy, shift, r0, r1, cols, blocked, s0, s1);
  if (blocked == cols) return;
  for (let r = r0; r < r1; r++) {
    const px = x + off4(r * cols);
    const pd = dy + off4(r * cols);
    let c = blocked;
    for (; c + 4 <= cols; c += 4) columnSumVector(kind, px, pd, shift, s0, s1, c, 4);
    if (c < cols) columnSumVector(kind, px, pd, shift, s0, s1, c, cols - c);
  }
}

/** Partial column sums of `kind` for every chunk into `work` (first rows: s0 of each chunk; then s1). */
function columnSums(kind: ColumnSum, x: usize, dy: usize, shift: usize, rows: i32, cols: i32, work: usize, threads: i32): void {
  setArg(0, kind); setArg(1, <i32>x); setArg(2, <i32>dy); setArg(3, <i32>shift); setArg(4, rows); setArg(5, cols); setArg(6, <i32>work);
  dispatch(Task.ColumnSum, chunkCount(rows), threads);
}

/** Tile `t` of {@link columnSums}: one chunk. */
export function columnSumTile(ctrl: usize, t: i32): void {
  const x = argPtr(ctrl, 1);
  const dy = argPtr(ctrl, 2);
  const shift = argPtr(ctrl, 3);
  const rows = arg(ctrl, 4);
  const cols = arg(ctrl, 5);
  const s0 = argPtr(ctrl, 6) + off4(t * cols);
  const s1 = argPtr(ctrl, 6) + off4((chunkCount(rows) + t) * cols);
  if (arg(ctrl, 0) == ColumnSum.Moments) columnSumChunk(ColumnSum.Moments, x, dy, shift, t, rows, cols, s0, s1);
  else columnSumChunk(ColumnSum.Gradient, x, dy, shift, t, rows, cols, s0, s1);
}

/** One vector of {@link affineRows}. */
@inline
function affineVector(withU: bool, u: usize, v: usize, mean: usize, coef: usize, out: usize, cols: i32, c: i32, n: i32): void {
  const o = off4(c);
  let y = f32x4.add(f32x4.mul(ld(coef + off4(cols) + o, n), f32x4.sub(ld(v + o, n), ld(mean + o, n))), ld(coef + off4(2 * cols) + o, n));
  if (withU) y = f32x4.add(y, f32x4.mul(ld(coef + o, n), ld(u + o, n)));
  st(out + o, y, n);
}

/**
 * out[r, c] = p[c] (v[r, c] - mean[c]) + q[c], plus a[c] u[r, c] when `withU`,
 * over rows [r0, r1); `coef` holds the rows a, p, q.
 */
@inline
function affineRows(withU: bool, u: usize, v: usize, mean: usize, coef: usize, out: usize, r0: i32, r1: i32, cols: i32): void {
  for (let r = r0; r < r1; r++) {
    const row = off4(r * cols);
    let c = 0;
    for (; c + 4 <= cols; c += 4) affineVector(withU, u + row, v + row, mean, coef, out + row, cols, c, 4);
    if (c < cols) affineVector(withU, u + row, v + row, mean, coef, out + row, cols, c, cols - c);
  }
}

/** Runs {@link affineRows} over all rows, split into row ranges; u = 0 drops its term. */
function affine(u: usize, v: usize, mean: usize, coef: usize, out: usize, rows: i32, cols: i32, threads: i32): void {
  const tile = imageTile(rows, threads);
  setArg(0, <i32>u); setArg(1, <i32>v); setArg(2, <i32>mean); setArg(3, <i32>coef); setArg(4, <i32>out);
  setArg(5, rows); setArg(6, cols); setArg(7, tile);
  dispatch(Task.Affine, (rows + tile - 1) / tile, threads);
}

/** Tile `t` of {@link affine}: a range of rows. */
export function affineTile(ctrl: usize, t: i32): void {
  const u = argPtr(ctrl, 0);
  const tile = arg(ctrl, 7);
  const r0 = t * tile;
  const r1 = min(arg(ctrl, 5), r0 + tile);
  if (u) affineRows(true, u, argPtr(ctrl, 1), argPtr(ctrl, 2), argPtr(ctrl, 3), argPtr(ctrl, 4), r0, r1, arg(ctrl, 6));
  else affineRows(false, 0, argPtr(ctrl, 1), argPtr(ctrl, 2), argPtr(ctrl, 3), argPtr(ctrl, 4), r0, r1, arg(ctrl, 6));
}

/**
 * Batch norm in training: mean and (biased) variance of each column, stored, then
 * y = (x - mean) / sqrt(variance + epsilon) * gamma + beta (gamma, beta: `cols` long, or 0).
 */
export function batchNorm(
  x: usize, gamma: usize, beta: usize, out: usize, mean: usize, variance: usize, rows: i32, cols: i32, epsilon: f32, work: usize,
): void {
  const chunks = chunkCount(rows);
  const threads = elementThreads(rows * cols);
  columnSums(ColumnSum.Moments, x, 0, x, rows, cols, work, threads);
  const coef = work + off4(2 * chunks * cols);
  for (let c = 0; c < cols; c++) {
    const o = off4(c);
    const d = partialSum(work, chunks, cols, c) / rows;
    const v = <f32>max(partialSum(work + off4(chunks * cols), chunks, cols, c) / rows - d * d, 0);
    store<f32>(mean + o, <f32>(<f64>load<f32>(x + o) + d));
    store<f32>(variance + o, v);
  }
  normalizeCoefficients(gamma, beta, variance, cols, epsilon, coef);
  affine(0, x, mean, coef, out, rows, cols, threads);
}

/** Writes the coefficient rows p = gamma / sqrt(variance + epsilon) and q = beta of a batch norm at `coef` (row a unused). */
function normalizeCoefficients(gamma: usize, beta: usize, variance: usize, cols: i32, epsilon: f32, coef: usize): void {
  for (let c = 0; c < cols; c++) {
    const o = off4(c);
    const inv = inverseStd(load<f32>(variance + o), epsilon);
    store<f32>(coef + off4(cols) + o, gamma ? inv * load<f32>(gamma + o) : inv);
    store<f32>(coef + off4(2 * cols) + o, beta ? load<f32>(beta + o) : 0);
  }
}

/**
 * Batch norm with given statistics (inference): y = (x - mean) / sqrt(variance + epsilon)
 * * gamma + beta, mean and variance read per column.
 */
export function batchNormInference(
  x: usize, gamma: usize, beta: usize, out: usize, mean: usize, variance: usize, rows: i32, cols: i32, epsilon: f32, work: usize,
): void {
  normalizeCoefficients(gamma, beta, variance, cols, epsilon, work);
  affine(0, x, mean, work, out, rows, cols, elementThreads(rows * cols));
}

/**
 * The gradients of {@link batchNorm} (the statistics depend on x): with
 * a = gamma inv, dx = a dy - a mean(dy) - a inv^2 (x - mean) mean(dy (x - mean)) per
 * column; dgamma = inv sum(dy (x - mean)), dbeta = sum(dy) (either may be 0: not wanted).
 */
export function batchNormGrad(
  x: usize, dy: usize, gamma: usize, mean: usize, variance: usize, dx: usize, dgamma: usize, dbeta: usize,
  rows: i32, cols: i32, epsilon: f32, work: usize,
): void {
  const chunks = chunkCount(rows);
  const threads = elementThreads(rows * cols);
  columnSums(ColumnSum.Gradient, x, dy, mean, rows, cols, work, threads);
  const coef = work + off4(2 * chunks * cols);
  // The two sums land in coefficient rows p and q, which the loop below overwrites column by column.
  addPartialRows(work, chunks, cols, coef + off4(cols));
  addPartialRows(work + off4(chunks * cols), chunks, cols, coef + off4(2 * cols));
  for (let c = 0; c < cols; c++) {
    const o = off4(c);
    const sumDy = <f64>load<f32>(coef + off4(cols) + o);
    const sumDyDev = <f64>load<f32>(coef + off4(2 * cols) + o);
    const inv = <f64>inverseStd(load<f32>(variance + o), epsilon);
    if (dbeta) store<f32>(dbeta + o, <f32>sumDy);
    if (dgamma) store<f32>(dgamma + o, <f32>(inv * sumDyDev));
    const a = gamma ? inv * <f64>load<f32>(gamma + o) : inv;
    store<f32>(coef + o, <f32>a);
    store<f32>(coef + off4(cols) + o, <f32>(-a * inv * inv * sumDyDev / rows));
    store<f32>(coef + off4(2 * cols) + o, <f32>(-a * sumDy / rows));
  }
  affine(dy, x, mean, coef, dx, rows, cols, threads);
}
