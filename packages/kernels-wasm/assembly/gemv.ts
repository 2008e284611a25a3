/**
 * Matrix products with few rows, such as inference on small batches (matmul.ts picks
 * them: fewer than 12 rows with relaxed FMA, fewer than 4 with mul+add). Packing B
 * would read and write it once more than such a product reads it, so these read B in place:
 * - B with contiguous rows (not transposed), whole groups of 4 rows of A (relaxed build):
 *   per k step, two loads of 8 columns of B serve all four rows (8 FMA chains, each
 *   output summed in k order from the bias). Against packing B, on one thread:
 *   4x784x256 117 -> 63 us, 8x784x256 176 -> 127, 4x256x128 21.1 -> 12.8. Six rows (12
 *   chains) were no faster (12x784x256: 257 against 245 us). With mul+add the group is
 *   no faster than packing (4x256x128: 25.2 against 20.8 us).
 * - The rows left (m = 1 included), one at a time: each output row is a sum of rows
 *   of B scaled by A's entries. With mul+add (plain SIMD), 16 columns at a time in
 *   registers. With fused multiply-adds (relaxed SIMD), whose latency four register
 *   chains per k step cannot hide, four rows of B at a time into the output row in L1,
 *   the columns' chains independent (1x784x256: 15.3 -> 13.5 us; with mul+add the
 *   register form is the faster, 2.06 against 2.38 us at 1x256x128).
 * - B^T with contiguous rows (transposed, m < 4): each output is a dot product of two
 *   contiguous vectors, with four independent accumulators.
 * With B read in place, products large enough for the pool split into tiles of whole
 * column ranges.
 */
import { madd, loadTail32, storeTail32, off4, loadRow8Lo, loadRow8Hi, storeRow8 } from './simd';
import { activate, activateInPlace } from './activation';
import { Task, TILES_PER_THREAD, arg, argPtr, dispatch, setArg, threadsFor } from './parallel';

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

/** Rows of A sharing each load of B in {@link rowGroupTimesMatrix}. */
const GROUP = 4;

/**
 * {@link GROUP} rows of act(A B + bias), B with contiguous rows read in place, 8 columns
 * at a time: per k step two loads of B serve all four rows (8 accumulator chains,
 * each output summed in k order from the bias). A row i starts at a + i * rowStep.
 */
@inline
function rowGroupTimesMatrix(
  a: usize, rowStep: usize, aStep: usize, k: i32, b: usize, rowBytes: usize, n: i32, bias: usize, c: usize, ldcBytes: usize, act: i32,
): void {
  const end = <usize>k * aStep;
  for (let j = 0; j < n; j += 8) {
    const o = off4(j);
    const cols = min(8, n - j);
    const lo = bias != 0 ? loadRow8Lo(bias + o, cols) : f32x4.splat(0);
    const hi = bias != 0 ? loadRow8Hi(bias + o, cols) : f32x4.splat(0);
    let c00 = lo, c01 = hi, c10 = lo, c11 = hi, c20 = lo, c21 = hi, c30 = lo, c31 = hi;
    let pb = b + o;
    for (let pa = a; pa < a + end; pa += aStep) {
      const b0 = loadRow8Lo(pb, cols);
      const b1 = loadRow8Hi(pb, cols);
      let x = v128.load32_splat(pa);
      c00 = madd(x, b0, c00);
      c01 = madd(x, b1, c01);
      x = v128.load32_splat(pa + rowStep);
      c10 = madd(x, b0, c10);
      c11 = madd(x, b1, c11);
      x = v128.load32_splat(pa + rowStep * 2);
      c20 = madd(x, b0, c20);
      c21 = madd(x, b1, c21);
      x = v128.load32_splat(pa + rowStep * 3);
      c30 = madd(x, b0, c30);
      c31 = madd(x, b1, c31);
      pb += rowBytes;
    }
    const r = c + o;
    storeRow8(r, activate(act, c00), activate(act, c01), cols);
    storeRow8(r + ldcBytes, activate(act, c10), activate(act, c11), cols);
    storeRow8(r + ldcBytes * 2, activate(act, c20), activate(act, c21), cols);
    storeRow8(r + ldcBytes * 3, activate(act, c30), activate(act, c31), cols);
  }
}

/**
 * Rows [0, m) of act(A B + bias) over columns [0, n), B with contiguous rows read in place:
 * whole groups of {@link GROUP} rows in the relaxed build, the rest one row at a time
 * (with mul+add the group form is no faster than packing).
 */
function rowsTimesMatrix(
  m: i32, a: usize, rsA: i32, csA: i32, k: i32, b: usize, rsB: i32, n: i32, bias: usize, c: usize, ldc: i32, act: i32,
): void {
  const rowStep = <usize>rsA << 2;
  const aStep = <usize>csA << 2;
  const rowBytes = <usize>rsB << 2;
  const ldcBytes = <usize>ldc << 2;
  let i = 0;
  if (ASC_FEATURE_RELAXED_SIMD) {
    for (; i + GROUP <= m; i += GROUP) {
      rowGroupTimesMatrix(a + <usize>i * rowStep, rowStep, aStep, k, b, rowBytes, n, bias, c + <usize>i * ldcBytes, ldcBytes, act);
    }
  }
  for (; i < m; i++) rowTimesMatrix(a + <usize>i * rowStep, aStep, k, b, rowBytes, n, bias, c + <usize>i * ldcBytes, act);
}

/** Columns of one tile of a {@link gemmSmall} split across threads: a multiple of every column block above. */
const TILE_COLS = 32;

/**
 * C[m, n] = act(A B + bias) for small m (matmul.ts says how small) without packing
 * (same stride conventions as gemm). B with contiguous rows is read in place
 * ({@link rowsTimesMatrix}), split into column tiles across the pool when the
 * product pays for it (each output is summed the same way in any tile, so the
 * results do not depend on the thread count). A transposed B (m < 4 only) goes through
 * dot products; a strided row of A (transA) is copied to `work` (k floats) for them.
 */
export function gemmSmall(
  m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32,
  bias: usize, c: usize, ldc: i32, act: i32, work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (csB == 1) {
    const threads = threadsFor(2.0 * <f64>m * <f64>n * <f64>k);
    const units = (n + TILE_COLS - 1) / TILE_COLS;
    const perTile = threads > 1 ? (units + threads * TILES_PER_THREAD - 1) / (threads * TILES_PER_THREAD) : units;
    setArg(0, m); setArg(1, <i32>a); setArg(2, rsA); setArg(3, csA); setArg(4, k); setArg(5, <i32>b); setArg(6, rsB);
    setArg(7, n); setArg(8, <i32>bias); setArg(9, <i32>c); setArg(10, ldc); setArg(11, act); setArg(12, perTile * TILE_COLS);
    dispatch(Task.SmallGemm, (units + perTile - 1) / perTile, threads);
    return;
  }
  for (let i = 0; i < m; i++) {
    let row = a + (<usize>(i * rsA) << 2);
    if (csA != 1) {
      for (let kk = 0; kk < k; kk++) store<f32>(work + off4(kk), load<f32>(row + (<usize>(kk * csA) << 2)));
      row = work;
    }
    rowTimesTransposed(row, k, b, <usize>csB << 2, n, bias, c + (<usize>(i * ldc) << 2), act);
  }
}

/** Tile `t` of a {@link gemmSmall} task: every row, over one range of columns. */
export function smallGemmTile(ctrl: usize, t: i32): void {
  const tileCols = arg(ctrl, 12);
  const j0 = t * tileCols;
  const o = off4(j0);
  const bias = argPtr(ctrl, 8);
  rowsTimesMatrix(
    arg(ctrl, 0), argPtr(ctrl, 1), arg(ctrl, 2), arg(ctrl, 3), arg(ctrl, 4), argPtr(ctrl, 5) + o, arg(ctrl, 6),
    min(tileCols, arg(ctrl, 7) - j0), bias != 0 ? bias + o : 0, argPtr(ctrl, 9) + o, arg(ctrl, 10), arg(ctrl, 11),
  );
}
