/**
 * Fused layer normalization over x viewed as [rows, cols]: statistics per row, and its
 * gradients, whose gamma and beta parts add up per chunk of rows (normalize.ts).
 */
import { loadLanes as ld, storeLanes as st, off4, sumLanesF64, sumRowF32, sumSquaredDeviationF32 } from './simd';
import { Task, arg, argPtr, dispatch, elementThreads, imageTile, setArg, setArgF32, argF32 } from './parallel';
import { CHUNK, addPartialRows, chunkCount, inverseStd, startChunk } from './normalize';

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
