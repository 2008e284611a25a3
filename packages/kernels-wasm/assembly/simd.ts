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

/** Sum of a contiguous f32 row, accumulated in f64: each 4-lane load is promoted as two f64x2 halves. */
@inline
export function sumRowF32(p: usize, n: i32): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(p + off4(i));
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 0, 1)));
  }
  const s = f64x2.add(lo, hi);
  let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) sum += <f64>load<f32>(p + off4(i));
  return sum;
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
