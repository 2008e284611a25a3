/**
 * Categorical crossentropy from logits over the last axis of [outer, n] (n > 0),
 * fused with its softmax: one pass per row each way instead of a log-softmax and
 * the element-wise ops and reductions around it. Sums accumulate in f64; the
 * softmax of the gradient is the one {@link softmax} computes.
 */
import { expShifted, rowMax } from './softmax';
import { expV } from './vmath';
import { loadLanes, loadTail32, off4, storeLanes, sumLanesF64, sumRowF32 } from './simd';

/** The sum of the first `lanes` (1-3) lanes of `v`, in f64: a row's tail (whole vectors go through {@link sumLanesF64}). */
@inline
function sumTailLanes(v: v128, lanes: i32): f64 {
  let s = <f64>f32x4.extract_lane(v, 0);
  if (lanes > 1) s += <f64>f32x4.extract_lane(v, 1);
  if (lanes > 2) s += <f64>f32x4.extract_lane(v, 2);
  return s;
}

/** sum(exp(z - m)) over a row, in f64. */
@inline
function sumExpShifted(z: usize, n: i32, m: f32): f64 {
  const vm = f32x4.splat(m);
  let s: f64 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) s += sumLanesF64(expV(f32x4.sub(v128.load(z + off4(i)), vm)));
  if (i < n) s += sumTailLanes(expV(f32x4.sub(loadTail32(z + off4(i), n - i), vm)), n - i);
  return s;
}

/** One vector of the gradient: dz = g (e / s * total - t) over `lanes` lanes. */
@inline
function gradLanes(po: usize, pt: usize, s: v128, total: v128, g: v128, lanes: i32): void {
  const p = f32x4.div(loadLanes(po, lanes), s);
  storeLanes(po, f32x4.mul(g, f32x4.sub(f32x4.mul(p, total), loadLanes(pt, lanes))), lanes);
}

/** loss[r] = -sum_j t[r, j] (z[r, j] - logSumExp(z[r])) = sum_j t[r, j] (logSumExp - z[r, j]). */
export function softmaxCrossentropy(z: usize, t: usize, loss: usize, outer: i32, n: i32): void {
  for (let r = 0; r < outer; r++) {
    const pz = z + off4(r * n);
    const pt = t + off4(r * n);
    const m = rowMax(pz, n);
    const lse = <f64>m + Math.log(sumExpShifted(pz, n, m));
    let acc: f64 = 0;
    for (let j = 0; j < n; j++) acc += <f64>load<f32>(pt + off4(j)) * (lse - <f64>load<f32>(pz + off4(j)));
    store<f32>(loss + off4(r), <f32>acc);
  }
}

/** dz[r, j] = dy[r] (softmax(z)[r, j] sum_k t[r, k] - t[r, j]); `dz` doubles as the exp scratch. */
export function softmaxCrossentropyGrad(z: usize, t: usize, dy: usize, dz: usize, outer: i32, n: i32): void {
  for (let r = 0; r < outer; r++) {
    const pz = z + off4(r * n);
    const pt = t + off4(r * n);
    const po = dz + off4(r * n);
    expShifted(pz, po, n, rowMax(pz, n));
    const s = f32x4.splat(<f32>sumRowF32(po, n));
    const total = f32x4.splat(<f32>sumRowF32(pt, n));
    const g = f32x4.splat(load<f32>(dy + off4(r)));
    let i = 0;
    for (; i + 4 <= n; i += 4) gradLanes(po + off4(i), pt + off4(i), s, total, g, 4);
    if (i < n) gradLanes(po + off4(i), pt + off4(i), s, total, g, n - i);
  }
}
