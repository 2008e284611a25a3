/**
 * Fused softmax and log-softmax over the last axis of [outer, n], numerically
 * stable: the row max is subtracted before exponentiating, and the sum of the
 * exponentials accumulates in f64.
 */
import { expV } from './vmath';
import { loadTail32, storeTail32, off4, sumRowF32 } from './simd';

/** Row max (NaN propagates). */
@inline
export function rowMax(p: usize, n: i32): f32 {
  let acc = f32x4.splat(-Infinity);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.max(acc, v128.load(p + off4(i)));
  let m = max(max(f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1)), max(f32x4.extract_lane(acc, 2), f32x4.extract_lane(acc, 3)));
  for (; i < n; i++) m = max(m, load<f32>(p + off4(i)));
  return m;
}

/** out[i] = exp(x[i] - m) over a row; returns nothing, the sum is taken afterwards. */
@inline
export function expShifted(x: usize, out: usize, n: i32, m: f32): void {
  const vm = f32x4.splat(m);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + off4(i), expV(f32x4.sub(v128.load(x + off4(i)), vm)));
  if (i < n) storeTail32(out + off4(i), expV(f32x4.sub(loadTail32(x + off4(i), n - i), vm)), n - i);
}

/** out = softmax(x) row by row. */
export function softmax(x: usize, out: usize, outer: i32, n: i32): void {
  for (let o = 0; o < outer; o++) {
    const px = x + off4(o * n);
    const po = out + off4(o * n);
    expShifted(px, po, n, rowMax(px, n));
    const s = f32x4.splat(<f32>sumRowF32(po, n));
    let i = 0;
    for (; i + 4 <= n; i += 4) v128.store(po + off4(i), f32x4.div(v128.load(po + off4(i)), s));
    if (i < n) storeTail32(po + off4(i), f32x4.div(loadTail32(po + off4(i), n - i), s), n - i);
  }
}

/** out = x - max - log(sum(exp(x - max))) row by row; `out` doubles as the exp scratch. */
export function logSoftmax(x: usize, out: usize, outer: i32, n: i32): void {
  for (let o = 0; o < outer; o++) {
    const px = x + off4(o * n);
    const po = out + off4(o * n);
    const m = rowMax(px, n);
    expShifted(px, po, n, m);
    const shift = f32x4.splat(<f32>(<f64>m + Math.log(sumRowF32(po, n))));
    let i = 0;
    for (; i + 4 <= n; i += 4) v128.store(po + off4(i), f32x4.sub(v128.load(px + off4(i)), shift));
    if (i < n) storeTail32(po + off4(i), f32x4.sub(loadTail32(px + off4(i), n - i), shift), n - i);
  }
}
