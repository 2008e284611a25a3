/**
 * Fused layer and batch normalization over x viewed as [rows, cols] (KernelTable
 * `layerNorm`, `layerNormGrad`, `batchNorm`, `batchNormGrad`). Layer norm takes
 * its statistics over each row, batch norm over each column; gamma and beta run
 * along the columns in both. Statistics are the mean and the biased variance.
 *
 * Column sums (batch norm's statistics, every gradient of gamma and beta) add a
 * chunk of CHUNK rows into a partial row per chunk, then the partial rows in
 * chunk order, in f64. Batch norm reads x twice: once for both statistics (the
 * shifted-data sums of x - x0 and its square), once to normalize. The chunks
 * depend only on the shape, never on the thread count, and the row passes
 * compute each element alone, so results are the same on any number of
 * threads. Chunks and row ranges are the tiles (parallel.ts).
 */
import { loadLanes as ld, storeLanes as st, off4, sumLanesF64, sumRowF32, sumSquaredDeviationF32 } from './simd';
import { Task, arg, argPtr, dispatch, elementThreads, imageTile, setArg, setArgF32, argF32 } from './parallel';

/** Rows per partial column sum. */
const CHUNK: i32 = 64;

/** What a column-sum chunk adds up into its two partial rows. */
const enum ColumnSum {
  /** x - x0 and (x - x0)^2, with x0 the column's first value (the shift keeps the variance exact). */
  Moments = 0,
  /** dy, and dy (x - mean). */
  Gradient = 1,
}

@inline
function chunkCount(rows: i32): i32 {
  return (rows + CHUNK - 1) / CHUNK;
}

/** Zeroes chunk `k`'s partial rows s0 and s1 and returns the end of its rows (they start at k CHUNK). */
@inline
function startChunk(k: i32, rows: i32, cols: i32, s0: usize, s1: usize): i32 {
  memory.fill(s0, 0, off4(cols));
  memory.fill(s1, 0, off4(cols));
  return min(rows, (k + 1) * CHUNK);
}

/** Workspace bytes of `layerNormGrad` and the batch-norm kernels: two partial rows per chunk, three coefficient rows. */
export function normWorkspace(rows: i32, cols: i32): usize {
  return off4(cols) * <usize>(2 * chunkCount(rows) + 3);
}

/** 1 / sqrt(variance + epsilon), in f64 then rounded. */
@inline
function inverseStd(variance: f32, epsilon: f32): f32 {
  return <f32>(1 / Math.sqrt(<f64>variance + <f64>epsilon));
}

// ---- layer norm ----------------------------------------------------------------

/** One vector (`n` lanes) of a layer-norm row: (x - mean) inv gamma + beta. */
@inline
function layerNormVector(px: usize, po: usize, gamma: usize, beta: usize, c: i32, n: i32, vm: v128, vi: v128): void {
  const o = off4(c);
  let y = f32x4.mul(f32x4.sub(ld(px + o, n), vm), vi);
  if (gamma) y = f32x4.mul(y, ld(gamma + o, n));
  if (beta) y = f32x4.add(y, ld(beta + o, n));
  st(po + o, y, n);
}

/** Layer norm of rows [r0, r1): statistics per row, then (x - mean) inv gamma + beta. */
function layerNormRows(
  x: usize, gamma: usize, beta: usize, out: usize, mean: usize, variance: usize, r0: i32, r1: i32, cols: i32, epsilon: f32,
): void {
  for (let r = r0; r < r1; r++) {
    const px = x + off4(r * cols);
    const po = out + off4(r * cols);
    const m = <f32>(sumRowF32(px, cols) / cols);
    const v = <f32>(sumSquaredDeviationF32(px, cols, m) / cols);
    store<f32>(mean + off4(r), m);
    store<f32>(variance + off4(r), v);
    const vm = f32x4.splat(m);
    const vi = f32x4.splat(inverseStd(v, epsilon));
    let c = 0;
    for (; c + 4 <= cols; c += 4) layerNormVector(px, po, gamma, beta, c, 4, vm, vi);
    if (c < cols) layerNormVector(px, po, gamma, beta, c, cols - c, vm, vi);
  }
}

/**
 * y = (x - mean) / sqrt(variance + epsilon) * gamma + beta with mean and (biased)
 * variance over each row, which are stored as well (for the gradient). gamma and
 * beta are `cols` long, or 0 for none.
 */
export function layerNorm(
  x: usize, gamma: usize, beta: usize, out: usize, mean: usize, variance: usize, rows: i32, cols: i32, epsilon: f32,
): void {
  const threads = elementThreads(rows * cols);
  const tile = imageTile(rows, threads);
  setArg(0, <i32>x); setArg(1, <i32>gamma); setArg(2, <i32>beta); setArg(3, <i32>out); setArg(4, <i32>mean);
  setArg(5, <i32>variance); setArg(6, rows); setArg(7, cols); setArg(8, tile); setArgF32(9, epsilon);
  dispatch(Task.LayerNorm, (rows + tile - 1) / tile, threads);
}

/** Tile `t` of {@link layerNorm}: a range of rows. */
export function layerNormTile(ctrl: usize, t: i32): void {
  const tile = arg(ctrl, 8);
  layerNormRows(
    argPtr(ctrl, 0), argPtr(ctrl, 1), argPtr(ctrl, 2), argPtr(ctrl, 3), argPtr(ctrl, 4), argPtr(ctrl, 5),
    t * tile, min(arg(ctrl, 6), (t + 1) * tile), arg(ctrl, 7), argF32(ctrl, 9),
  );
}

/** xh = (x - mean) inv of one vector of a layer-norm gradient row. */
@inline
function xhat(px: usize, o: usize, n: i32, vm: v128, vi: v128): v128 {
  return f32x4.mul(f32x4.sub(ld(px + o, n), vm), vi);
}

/** g = dy gamma of one vector (dy itself without gamma). */
@inline
function scaled(d: v128, gamma: usize, o: usize, n: i32): v128 {
  return gamma ? f32x4.mul(d, ld(gamma + o, n)) : d;
}

/**
 * The second result of {@link layerNormGradSums} (a wasm function returns one
 * value; this is a per-instance global, so each thread has its own).
 */
let lastG: v128 = i32x4.splat(0);

/**
 * Pass 1 of a layer-norm gradient row, one vector: dy xh and dy into the partial
 * rows; returns g xh (g = dy gamma) and leaves g in `lastG`.
 */
@inline
function layerNormGradSums(px: usize, pd: usize, gamma: usize, s0: usize, s1: usize, c: i32, n: i32, vm: v128, vi: v128): v128 {
  const o = off4(c);
  const d = ld(pd + o, n);
  const xh = xhat(px, o, n, vm, vi);
  st(s0 + o, f32x4.add(ld(s0 + o, n), f32x4.mul(d, xh)), n);
  st(s1 + o, f32x4.add(ld(s1 + o, n), d), n);
  lastG = scaled(d, gamma, o, n);
  return f32x4.mul(lastG, xh);
}

/** Pass 2, one vector: dx = inv (g - mean(g) - xh mean(g xh)). */
@inline
function layerNormGradVector(px: usize, pd: usize, pdx: usize, gamma: usize, c: i32, n: i32, vm: v128, vi: v128, meanG: v128, meanGx: v128): void {
  const o = off4(c);
  const g = scaled(ld(pd + o, n), gamma, o, n);
  st(pdx + o, f32x4.mul(vi, f32x4.sub(f32x4.sub(g, meanG), f32x4.mul(xhat(px, o, n, vm, vi), meanGx))), n);
}

/**
 * The layer-norm gradient of the rows of chunk `k`: with xh = (x - mean) inv and
 * g = dy gamma, dx = inv (g - mean(g) - xh mean(g xh)) per row; dy xh and dy add
 * into the chunk's partial rows s0 and s1 (gamma's and beta's gradients). The row
 * sums of g and g xh add in f32 over 64 columns at a time, then in f64.
 */
function layerNormGradChunk(
  x: usize, dy: usize, gamma: usize, mean: usize, variance: usize, dx: usize,
  k: i32, rows: i32, cols: i32, epsilon: f32, s0: usize, s1: usize,
): void {
  const r1 = startChunk(k, rows, cols, s0, s1);
  for (let r = k * CHUNK; r < r1; r++) {
    const px = x + off4(r * cols);
    const pd = dy + off4(r * cols);
    const vm = f32x4.splat(load<f32>(mean + off4(r)));
    const vi = f32x4.splat(inverseStd(load<f32>(variance + off4(r)), epsilon));
    let sumG: f64 = 0;
    let sumGx: f64 = 0;
    let c = 0;
    while (c + 4 <= cols) {
      let g = f32x4.splat(0);
      let gx = g;
      const end = min(cols & ~3, c + 64);
      for (; c < end; c += 4) {
        gx = f32x4.add(gx, layerNormGradSums(px, pd, gamma, s0, s1, c, 4, vm, vi));
        g = f32x4.add(g, lastG);
      }
      sumG += sumLanesF64(g);
      sumGx += sumLanesF64(gx);
    }
    if (c < cols) {
      // The tail's missing lanes load as 0, so g and g xh are 0 there.
      sumGx += sumLanesF64(layerNormGradSums(px, pd, gamma, s0, s1, c, cols - c, vm, vi));
      sumG += sumLanesF64(lastG);
    }
    const meanG = f32x4.splat(<f32>(sumG / cols));
    const meanGx = f32x4.splat(<f32>(sumGx / cols));
    const pdx = dx + off4(r * cols);
    c = 0;
    for (; c + 4 <= cols; c += 4) layerNormGradVector(px, pd, pdx, gamma, c, 4, vm, vi, meanG, meanGx);
    if (c < cols) layerNormGradVector(px, pd, pdx, gamma, c, cols - c, vm, vi, meanG, meanGx);
  }
}

/**
 * The gradients of {@link layerNorm} from dy and the stored statistics: dx, and
 * dgamma = sum over rows of dy xh, dbeta = sum of dy (either may be 0: not wanted).
 */
export function layerNormGrad(
  x: usize, dy: usize, gamma: usize, mean: usize, variance: usize, dx: usize, dgamma: usize, dbeta: usize,
  rows: i32, cols: i32, epsilon: f32, work: usize,
): void {
  const chunks = chunkCount(rows);
  setArg(0, <i32>x); setArg(1, <i32>dy); setArg(2, <i32>gamma); setArg(3, <i32>mean); setArg(4, <i32>variance);
  setArg(5, <i32>dx); setArg(6, rows); setArg(7, cols); setArgF32(8, epsilon); setArg(9, <i32>work);
  dispatch(Task.LayerNormGrad, chunks, elementThreads(rows * cols));
  if (dgamma) addPartialRows(work, chunks, cols, dgamma);
  if (dbeta) addPartialRows(work + off4(chunks * cols), chunks, cols, dbeta);
}

/** Tile `t` of {@link layerNormGrad}: one chunk of rows. */
export function layerNormGradTile(ctrl: usize, t: i32): void {
  const rows = arg(ctrl, 6);
  const cols = arg(ctrl, 7);
  const work = argPtr(ctrl, 9);
  layerNormGradChunk(
    argPtr(ctrl, 0), argPtr(ctrl, 1), argPtr(ctrl, 2), argPtr(ctrl, 3), argPtr(ctrl, 4), argPtr(ctrl, 5),
    t, rows, cols, argF32(ctrl, 8), work + off4(t * cols), work + off4((chunkCount(rows) + t) * cols),
  );
}

// ---- column sums and per-column affine passes (batch norm) ---------------------

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

/** Column c's sum over the `chunks` partial rows at `partials`, in f64 and chunk order. */
@inline
function partialSum(partials: usize, chunks: i32, cols: i32, c: i32): f64 {
  let s: f64 = 0;
  for (let k = 0; k < chunks; k++) s += <f64>load<f32>(partials + off4(k * cols + c));
  return s;
}

/** out[c] = the sum of column c over the partial rows at `partials`. */
function addPartialRows(partials: usize, chunks: i32, cols: i32, out: usize): void {
  for (let c = 0; c < cols; c++) store<f32>(out + off4(c), <f32>partialSum(partials, chunks, cols, c));
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
