/**
 * Reductions over the middle axis of an [outer, reduceSize, inner] view.
 *
 * float32 sums and products accumulate in f64 (so a long sum is as accurate as
 * the float64 reference up to the final rounding); max/min propagate NaN like
 * np.max. inner == 1 reduces contiguous rows with SIMD; inner > 1 walks the
 * reduced axis with the inner axis vectorised, reading x in memory order.
 * argmax/argmin return the first occurrence; a NaN counts as the extreme.
 */
import { Reduce } from './opcodes';
import { off4, sumRowF32 } from './simd';

@inline
function extremeRowF32(isMax: bool, p: usize, n: i32): f32 {
  let acc = f32x4.splat(isMax ? -Infinity : Infinity);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(p + off4(i));
    acc = isMax ? f32x4.max(acc, v) : f32x4.min(acc, v);
  }
  const l0 = f32x4.extract_lane(acc, 0);
  const l1 = f32x4.extract_lane(acc, 1);
  const l2 = f32x4.extract_lane(acc, 2);
  const l3 = f32x4.extract_lane(acc, 3);
  let r = isMax ? max(max(l0, l1), max(l2, l3)) : min(min(l0, l1), min(l2, l3));
  for (; i < n; i++) {
    const v = load<f32>(p + off4(i));
    r = isMax ? max(r, v) : min(r, v);
  }
  return r;
}

/** Lanes 2 and 3 of `v` moved to lanes 0 and 1 (for promoting them to f64). */
@inline
function highHalf(v: v128): v128 {
  return v128.shuffle<i32>(v, v, 2, 3, 0, 1);
}

/** The f64 sums `lo` (lanes 0, 1) and `hi` (lanes 2, 3) rounded to one f32x4. */
@inline
function demoteSums(lo: v128, hi: v128): v128 {
  return v128.shuffle<i64>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

/**
 * Column sums of a [rows, inner] f32 block at `x`, in f64, each column summed down
 * the rows in order: 16 columns per pass where they fit (one 64-byte stretch of each
 * row, eight independent f64x2 sums), then 4, then one. Four at a time, a 32-column
 * bias gradient walked its rows 8 times, one add chain each: 2.5 ms for [43264, 32].
 */
@inline
function sumColumnsF32(x: usize, out: usize, rows: i32, inner: i32): void {
  const stride = off4(inner);
  let j = 0;
  for (; j + 16 <= inner; j += 16) {
    const zero = f64x2.splat(0);
    let s0 = zero, s1 = zero, s2 = zero, s3 = zero, s4 = zero, s5 = zero, s6 = zero, s7 = zero;
    let p = x + off4(j);
    for (let r = 0; r < rows; r++) {
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const v2 = v128.load(p, 32);
      const v3 = v128.load(p, 48);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v0));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(highHalf(v0)));
      s2 = f64x2.add(s2, f64x2.promote_low_f32x4(v1));
      s3 = f64x2.add(s3, f64x2.promote_low_f32x4(highHalf(v1)));
      s4 = f64x2.add(s4, f64x2.promote_low_f32x4(v2));
      s5 = f64x2.add(s5, f64x2.promote_low_f32x4(highHalf(v2)));
      s6 = f64x2.add(s6, f64x2.promote_low_f32x4(v3));
      s7 = f64x2.add(s7, f64x2.promote_low_f32x4(highHalf(v3)));
      p += stride;
    }
    const o = out + off4(j);
    v128.store(o, demoteSums(s0, s1));
    v128.store(o, demoteSums(s2, s3), 16);
    v128.store(o, demoteSums(s4, s5), 32);
    v128.store(o, demoteSums(s6, s7), 48);
  }
  for (; j + 4 <= inner; j += 4) {
    let lo = f64x2.splat(0);
    let hi = f64x2.splat(0);
    let p = x + off4(j);
    for (let r = 0; r < rows; r++) {
      const v = v128.load(p);
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
      hi = f64x2.add(hi, f64x2.promote_low_f32x4(highHalf(v)));
      p += stride;
    }
    v128.store(out + off4(j), demoteSums(lo, hi));
  }
  for (; j < inner; j++) {
    let s: f64 = 0;
    for (let r = 0; r < rows; r++) s += <f64>load<f32>(x + off4(r * inner + j));
    store<f32>(out + off4(j), <f32>s);
  }
}

/** Column max/min of a [rows, inner] f32 block: row by row into `out`, which starts as the first row. */
@inline
function extremeColumnsF32(isMax: bool, x: usize, out: usize, rows: i32, inner: i32): void {
  for (let r = 0; r < rows; r++) {
    const p = x + off4(r * inner);
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      const a = v128.load(out + off4(j));
      const v = v128.load(p + off4(j));
      v128.store(out + off4(j), isMax ? f32x4.max(a, v) : f32x4.min(a, v));
    }
    for (; j < inner; j++) {
      const a = load<f32>(out + off4(j));
      const v = load<f32>(p + off4(j));
      store<f32>(out + off4(j), isMax ? max(a, v) : min(a, v));
    }
  }
}

/** Whether `v` beats the current best for argmax (or argmin when !isMax); the first NaN wins. */
@inline
function beats<T>(isMax: bool, v: T, best: T): bool {
  if (isFloat<T>()) {
    if (best != best) return false;
    if (v != v) return true;
  }
  return isMax ? v > best : v < best;
}

/** argmax / argmin over the middle axis; writes int32 row indices. */
@inline
function argExtreme<T>(isMax: bool, x: usize, out: usize, outer: i32, n: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    const base = x + <usize>o * <usize>n * <usize>inner * sizeof<T>();
    const po = out + off4(o * inner);
    memory.fill(po, 0, off4(inner));
    for (let r = 1; r < n; r++) {
      const row = base + <usize>r * <usize>inner * sizeof<T>();
      for (let j = 0; j < inner; j++) {
        const idx = load<i32>(po + off4(j));
        const best = load<T>(base + (<usize>idx * <usize>inner + <usize>j) * sizeof<T>());
        if (beats<T>(isMax, load<T>(row + <usize>j * sizeof<T>()), best)) store<i32>(po + off4(j), r);
      }
    }
  }
}

/** Reduction of float32 x [outer, n, inner] into out [outer, inner] (int32 for argmax/argmin). */
export function reduceF32(op: i32, x: usize, out: usize, outer: i32, n: i32, inner: i32): void {
  if (op == Reduce.Argmax || op == Reduce.Argmin) {
    argExtreme<f32>(op == Reduce.Argmax, x, out, outer, n, inner);
    return;
  }
  const block = <usize>n * <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const px = x + <usize>o * block;
    const po = out + off4(o * inner);
    if (op == Reduce.Sum) {
      if (inner == 1) store<f32>(po, <f32>sumRowF32(px, n));
      else sumColumnsF32(px, po, n, inner);
    } else if (op == Reduce.Max || op == Reduce.Min) {
      const isMax = op == Reduce.Max;
      if (inner == 1) store<f32>(po, extremeRowF32(isMax, px, n));
      else {
        fillF32(po, inner, isMax ? -Infinity : Infinity);
        extremeColumnsF32(isMax, px, po, n, inner);
      }
    } else {
      for (let j = 0; j < inner; j++) {
        let p: f64 = 1;
        for (let r = 0; r < n; r++) p *= <f64>load<f32>(px + off4(r * inner + j));
        store<f32>(po + off4(j), <f32>p);
      }
    }
  }
}

@inline
function fillF32(p: usize, n: i32, v: f32): void {
  for (let j = 0; j < n; j++) store<f32>(p + off4(j), v);
}

/** Reduction of int32 x (wrapping sum and product). */
export function reduceI32(op: i32, x: usize, out: usize, outer: i32, n: i32, inner: i32): void {
  if (op == Reduce.Argmax || op == Reduce.Argmin) {
    argExtreme<i32>(op == Reduce.Argmax, x, out, outer, n, inner);
    return;
  }
  const init: i32 = op == Reduce.Sum ? 0 : op == Reduce.Prod ? 1 : op == Reduce.Max ? i32.MIN_VALUE : i32.MAX_VALUE;
  for (let o = 0; o < outer; o++) {
    const px = x + <usize>o * <usize>n * <usize>inner * 4;
    const po = out + off4(o * inner);
    for (let j = 0; j < inner; j++) store<i32>(po + off4(j), init);
    for (let r = 0; r < n; r++) {
      const row = px + off4(r * inner);
      for (let j = 0; j < inner; j++) {
        const a = load<i32>(po + off4(j));
        const v = load<i32>(row + off4(j));
        let y: i32;
        if (op == Reduce.Sum) y = a + v;
        else if (op == Reduce.Prod) y = a * v;
        else if (op == Reduce.Max) y = max(a, v);
        else y = min(a, v);
        store<i32>(po + off4(j), y);
      }
    }
  }
}

/** any / all over bool x; writes bool. */
export function reduceBool(op: i32, x: usize, out: usize, outer: i32, n: i32, inner: i32): void {
  const isAny = op == Reduce.Any;
  for (let o = 0; o < outer; o++) {
    const px = x + <usize>o * <usize>n * <usize>inner;
    const po = out + <usize>(o * inner);
    memory.fill(po, isAny ? 0 : 1, <usize>inner);
    for (let r = 0; r < n; r++) {
      const row = px + <usize>(r * inner);
      for (let j = 0; j < inner; j++) {
        const v = load<u8>(row + <usize>j) != 0;
        const a = load<u8>(po + <usize>j) != 0;
        store<u8>(po + <usize>j, <u8>(isAny ? a || v : a && v));
      }
    }
  }
}
