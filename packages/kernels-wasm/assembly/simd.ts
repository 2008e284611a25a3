/**
 * Small SIMD helpers shared by the kernels: multiply-add, loads and stores of
 * the lanes left over at the end of a row, bool-mask packing, and f64 row sums.
 */

/**
 * a * b + c on four f32 lanes. The relaxed build (compiled with relaxed-simd)
 * uses `f32x4.relaxed_madd`, which may fuse (one rounding) depending on the CPU;
 * the baseline build rounds twice. The branch is resolved at compile time.
 */
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Loads `n` (1-3) 32-bit lanes from `p`; the other lanes are zero. */
@inline
export function loadTail32(p: usize, n: i32): v128 {
  let v = i32x4.splat(0);
  v = v128.load32_lane(p, v, 0);
  if (n > 1) v = v128.load32_lane(p, v, 1, 4);
  if (n > 2) v = v128.load32_lane(p, v, 2, 8);
  return v;
}

/** Stores the first `n` (1-3) 32-bit lanes of `v` at `p`. */
@inline
export function storeTail32(p: usize, v: v128, n: i32): void {
  v128.store32_lane(p, v, 0);
  if (n > 1) v128.store32_lane(p, v, 1, 4);
  if (n > 2) v128.store32_lane(p, v, 2, 8);
}

/**
 * Loads the `n` lanes left in a row (4 or more: a whole vector). Per-vector kernel
 * bodies take `n` and are inlined twice: with a constant 4 in a row's main loop,
 * where this folds to a plain load (a runtime test in the loop costs 1.5-3x), and
 * once for the row's tail.
 */
@inline
export function loadLanes(p: usize, n: i32): v128 {
  return n >= 4 ? v128.load(p) : loadTail32(p, n);
}

/** Stores the `n` lanes left in a row (4 or more: a whole vector), like {@link loadLanes}. */
@inline
export function storeLanes(p: usize, v: v128, n: i32): void {
  if (n >= 4) v128.store(p, v);
  else storeTail32(p, v, n);
}

/** Stores the first `n` (1-8) lanes of the 8-float row (v0, v1) at `p`. */
@inline
export function storeRow8(p: usize, v0: v128, v1: v128, n: i32): void {
  if (n >= 8) {
    v128.store(p, v0);
    v128.store(p, v1, 16);
  } else if (n >= 4) {
    v128.store(p, v0);
    if (n > 4) storeTail32(p + 16, v1, n - 4);
  } else {
    storeTail32(p, v0, n);
  }
}

/** Loads the first `n` (1-8) floats of a row at `p` into (lo, hi) lanes; missing lanes are zero. */
@inline
export function loadRow8Lo(p: usize, n: i32): v128 {
  return n >= 4 ? v128.load(p) : loadTail32(p, n);
}

/** The upper half of {@link loadRow8Lo}. */
@inline
export function loadRow8Hi(p: usize, n: i32): v128 {
  return n >= 8 ? v128.load(p, 16) : n > 4 ? loadTail32(p + 16, n - 4) : i32x4.splat(0);
}

/** Byte offset of element `i` of a 4-byte-element array (wraps correctly for negative i). */
@inline
export function off4(i: i32): usize {
  return <usize>i << 2;
}

/**
 * out[0..n) = the `count` rows of n floats at `rows` added from zero in row order (zeros
 * when `count` is 0): the partial sums a pool task's tiles leave, combined the same way
 * for any thread count.
 */
export function addRowsInOrder(rows: usize, count: i32, n: i32, out: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let s = f32x4.splat(0);
    for (let q = 0; q < count; q++) s = f32x4.add(s, v128.load(rows + off4(q * n + i)));
    v128.store(out + off4(i), s);
  }
  for (; i < n; i++) {
    let s: f32 = 0;
    for (let q = 0; q < count; q++) s += load<f32>(rows + off4(q * n + i));
    store<f32>(out + off4(i), s);
  }
}

/** The four lanes of `v` added in f64. */
@inline
export function sumLanesF64(v: v128): f64 {
  const s = f64x2.add(f64x2.promote_low_f32x4(v), f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 0, 1)));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** x, or (x - m)^2 when `squaredDeviation`: the term of {@link blockedRowSum}. */
@inline
function rowTerm(squaredDeviation: bool, x: v128, m: v128): v128 {
  if (!squaredDeviation) return x;
  const d = f32x4.sub(x, m);
  return f32x4.mul(d, d);
}

/**
 * Sum of a contiguous f32 row's terms: four f32x4 accumulators per block of 64
 * floats (independent add chains; each lane adds 4 values), each block's total
 * then added in f64. About four times the speed of one f64 chain, and as exact
 * for any row length.
 */
@inline
function blockedRowSum(squaredDeviation: bool, p: usize, n: i32, m: f32): f64 {
  const vm = f32x4.splat(m);
  let total: f64 = 0;
  let i = 0;
  for (; i + 64 <= n; i += 64) {
    let a0 = f32x4.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    for (let j = i; j < i + 64; j += 16) {
      const q = p + off4(j);
      a0 = f32x4.add(a0, rowTerm(squaredDeviation, v128.load(q), vm));
      a1 = f32x4.add(a1, rowTerm(squaredDeviation, v128.load(q, 16), vm));
      a2 = f32x4.add(a2, rowTerm(squaredDeviation, v128.load(q, 32), vm));
      a3 = f32x4.add(a3, rowTerm(squaredDeviation, v128.load(q, 48), vm));
    }
    total += sumLanesF64(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  }
  let a = f32x4.splat(0);
  for (; i + 4 <= n; i += 4) a = f32x4.add(a, rowTerm(squaredDeviation, v128.load(p + off4(i)), vm));
  total += sumLanesF64(a);
  for (; i < n; i++) {
    const x = load<f32>(p + off4(i));
    total += <f64>(squaredDeviation ? (x - m) * (x - m) : x);
  }
  return total;
}

/** Sum of a contiguous f32 row (f32 within blocks of 64, f64 across them). */
export function sumRowF32(p: usize, n: i32): f64 {
  return blockedRowSum(false, p, n, 0);
}

/** Sum of (x - m)^2 over a contiguous f32 row, like {@link sumRowF32}. */
export function sumSquaredDeviationF32(p: usize, n: i32, m: f32): f64 {
  return blockedRowSum(true, p, n, m);
}

/** Packs four i32x4 masks (-1 / 0 lanes) into 16 bool bytes (1 / 0), lane order kept. */
@inline
export function masksToBytes(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  const b = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
  return v128.and(b, i8x16.splat(1));
}

/** Widens the four bool bytes at `p` into an i32x4 mask (-1 where the byte is non-zero). */
@inline
export function bytesToMask(p: usize): v128 {
  const w = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p)));
  return i32x4.ne(w, i32x4.splat(0));
}

/**
 * Transposes the 4x4 block whose rows are at `src` (`srcStride` bytes apart) into rows
 * at `dst` (`dstStride` bytes apart): interleave 32-bit lanes of row pairs, then 64-bit
 * halves of the results.
 */
@inline
export function transpose4x4(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + srcStride);
  const r2 = v128.load(src + 2 * srcStride);
  const r3 = v128.load(src + 3 * srcStride);
  const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<i64>(t0, t2, 0, 2));
  v128.store(dst + dstStride, v128.shuffle<i64>(t0, t2, 1, 3));
  v128.store(dst + 2 * dstStride, v128.shuffle<i64>(t1, t3, 0, 2));
  v128.store(dst + 3 * dstStride, v128.shuffle<i64>(t1, t3, 1, 3));
}
