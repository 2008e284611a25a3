/**
 * Matrix products with fewer than 4 rows (m < 4), such as
 * batch-1 inference. Packing B would read it twice more than the product does,
 * so these read B in place, once per row of A:
 * - B with contiguous rows (not transposed): each output row is a sum of rows of
 *   B scaled by A's entries, added in k order from the bias. With mul+add (plain
 *   SIMD), 16 columns at a time in registers. With fused multiply-adds (relaxed
 *   SIMD), whose latency four register chains per k step cannot hide, four rows
 *   of B at a time into the output row in L1, the columns' chains independent
 *   (1x784x256: 15.3 -> 13.5 us; with mul+add the register form is the faster,
 *   2.06 against 2.38 us at 1x256x128);
 * - B^T with contiguous rows (transposed): each output is a dot product of two
 *   contiguous vectors, with four independent accumulators.
 */
import { madd, loadTail32, storeTail32, off4 } from './simd';
import { activateInPlace } from './activation';

/** Columns of C per register block in the row form. */
const BLOCK = 16;

/** Rows of B added to the output row per pass in {@link rowsIntoOutput}. */
const ROWS = 4;

/** c[0..n) = act(bias + sum_kk A[kk] B[kk, :]) with B rows `rowBytes` apart (A entries `aStep` apart). */
@inline
function rowTimesMatrix(a: usize, aStep: usize, k: i32, b: usize, rowBytes: usize, n: i32, bias: usize, c: usize, act: i32): void {
  if (ASC_FEATURE_RELAXED_SIMD) rowsIntoOutput(a, aStep, k, b, rowBytes, n, bias, c);
  else registerBlocks(a, aStep, k, b, rowBytes, n, bias, c);
  activateInPlace(act, c, n);
}

/** {@link rowTimesMatrix} before the activation, {@link ROWS} rows of B at a time added into c. */
@inline
function rowsIntoOutput(a: usize, aStep: usize, k: i32, b: usize, rowBytes: usize, n: i32, bias: usize, c: usize): void {
  if (bias != 0) memory.copy(c, bias, off4(n));
  else memory.fill(c, 0, off4(n));
  const quads = n & ~3;
  let kk = 0;
  for (; kk + ROWS <= k; kk += ROWS) {
    const pa = a + <usize>kk * aStep;
    const x0 = v128.load32_splat(pa);
    const x1 = v128.load32_splat(pa + aStep);
    const x2 = v128.load32_splat(pa + aStep * 2);
    const x3 = v128.load32_splat(pa + aStep * 3);
    const b0 = b + <usize>kk * rowBytes;
    const b1 = b0 + rowBytes;
    const b2 = b1 + rowBytes;
    const b3 = b2 + rowBytes;
    let j = 0;
    for (; j < quads; j += 4) {
      const o = off4(j);
      let acc = v128.load(c + o);
      acc = madd(x0, v128.load(b0 + o), acc);
      acc = madd(x1, v128.load(b1 + o), acc);
      acc = madd(x2, v128.load(b2 + o), acc);
      acc = madd(x3, v128.load(b3 + o), acc);
      v128.store(c + o, acc);
    }
    if (j < n) {
      const o = off4(j);
      const cols = n - j;
      let acc = loadTail32(c + o, cols);
      acc = madd(x0, loadTail32(b0 + o, cols), acc);
      acc = madd(x1, loadTail32(b1 + o, cols), acc);
      acc = madd(x2, loadTail32(b2 + o, cols), acc);
      acc = madd(x3, loadTail32(b3 + o, cols), acc);
      storeTail32(c + o, acc, cols);
    }
  }
  for (; kk < k; kk++) {
    const x = v128.load32_splat(a + <usize>kk * aStep);
    const row = b + <usize>kk * rowBytes;
    for (let j = 0; j < n; j += 4) {
      const o = off4(j);
      const cols = min(4, n - j);
      storeTail4(c + o, madd(x, loadTail4(row + o, cols), loadTail4(c + o, cols)), cols);
    }
  }
}

/** {@link rowTimesMatrix} before the activation, {@link BLOCK} columns at a time in registers. */
@inline
function registerBlocks(a: usize, aStep: usize, k: i32, b: usize, rowBytes: usize, n: i32, bias: usize, c: usize): void {
  let j = 0;
  for (; j + BLOCK <= n; j += BLOCK) {
    const o = off4(j);
    let c0 = bias != 0 ? v128.load(bias + o) : f32x4.splat(0);
    let c1 = bias != 0 ? v128.load(bias + o, 16) : f32x4.splat(0);
    let c2 = bias != 0 ? v128.load(bias + o, 32) : f32x4.splat(0);
    let c3 = bias != 0 ? v128.load(bias + o, 48) : f32x4.splat(0);
    let pa = a;
    let pb = b + o;
    for (let kk = 0; kk < k; kk++) {
      const x = v128.load32_splat(pa);
      c0 = madd(x, v128.load(pb), c0);
      c1 = madd(x, v128.load(pb, 16), c1);
      c2 = madd(x, v128.load(pb, 32), c2);
      c3 = madd(x, v128.load(pb, 48), c3);
      pa += aStep;
      pb += rowBytes;
    }
    v128.store(c + o, c0);
    v128.store(c + o, c1, 16);
    v128.store(c + o, c2, 32);
    v128.store(c + o, c3, 48);
  }
  for (; j < n; j += 4) {
    const cols = min(4, n - j);
    const o = off4(j);
    let acc = bias != 0 ? loadTail4(bias + o, cols) : f32x4.splat(0);
    let pa = a;
    let pb = b + o;
    for (let kk = 0; kk < k; kk++) {
      acc = madd(v128.load32_splat(pa), loadTail4(pb, cols), acc);
      pa += aStep;
      pb += rowBytes;
    }
    storeTail4(c + o, acc, cols);
  }
}

@inline
function loadTail4(p: usize, n: i32): v128 {
  return n == 4 ? v128.load(p) : loadTail32(p, n);
}

@inline
function storeTail4(p: usize, v: v128, n: i32): void {
  if (n == 4) v128.store(p, v);
  else storeTail32(p, v, n);
}

/** Dot product of two contiguous f32 vectors of length k. */
@inline
function dot(x: usize, y: usize, k: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let s2 = f32x4.splat(0);
  let s3 = f32x4.splat(0);
  let i = 0;
  for (; i + 16 <= k; i += 16) {
    const o = off4(i);
    s0 = madd(v128.load(x + o), v128.load(y + o), s0);
    s1 = madd(v128.load(x + o, 16), v128.load(y + o, 16), s1);
    s2 = madd(v128.load(x + o, 32), v128.load(y + o, 32), s2);
    s3 = madd(v128.load(x + o, 48), v128.load(y + o, 48), s3);
  }
  for (; i + 4 <= k; i += 4) s0 = madd(v128.load(x + off4(i)), v128.load(y + off4(i)), s0);
  if (i < k) s1 = madd(loadTail32(x + off4(i), k - i), loadTail32(y + off4(i), k - i), s1);
  const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

/** c[0..n) = act(bias + dot(A row, B^T row j)); the A row is contiguous. */
@inline
function rowTimesTransposed(a: usize, k: i32, b: usize, rowBytes: usize, n: i32, bias: usize, c: usize, act: i32): void {
  for (let j = 0; j < n; j++) {
    const v = dot(a, b + <usize>j * rowBytes, k) + (bias != 0 ? load<f32>(bias + off4(j)) : 0);
    store<f32>(c + off4(j), v);
  }
  activateInPlace(act, c, n);
}

/**
 * C[m, n] = act(A B + bias) for small m without packing (same stride
 * conventions as gemm). A strided row (transA) is copied to `work` (k floats)
 * when the dot-product form needs it contiguous.
 */
export function gemmSmall(
  m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32,
  bias: usize, c: usize, ldc: i32, act: i32, work: usize,
): void {
  for (let i = 0; i < m; i++) {
    let row = a + (<usize>(i * rsA) << 2);
    const out = c + (<usize>(i * ldc) << 2);
    if (csB == 1) {
      rowTimesMatrix(row, <usize>csA << 2, k, b, <usize>rsB << 2, n, bias, out, act);
    } else {
      if (csA != 1) {
        for (let kk = 0; kk < k; kk++) store<f32>(work + off4(kk), load<f32>(row + (<usize>(kk * csA) << 2)));
        row = work;
      }
      rowTimesTransposed(row, k, b, <usize>csB << 2, n, bias, out, act);
    }
  }
}
