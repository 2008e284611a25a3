/**
 * Packed GEMM: C[m, n] = act(A[m, k] B[k, n] + bias (+ C when accumulating)).
 *
 * B is packed into panels of NR = 8 columns, each laid out as
 * [bias: 8][k = 0: 8][k = 1: 8]... and zero-padded past the last column, so the
 * micro-kernel starts its accumulators from the bias and streams B linearly.
 * Each MR-row slice of A is packed into a per-thread scratch as [k][MR], so the
 * MR x 8 "loadsplat" micro-kernel reads one A stream at constant offsets: per k step
 * it broadcasts one A element per row (`v128.load32_splat`) and does 2 * MR
 * multiply-adds into 2 * MR f32x4 accumulators. The relaxed build runs 6 rows: its
 * 12 accumulators, 2 B vectors and a splat fill the 15 XMM registers V8 allocates on
 * x86, and 12 independent chains cover the FMA's latency times its throughput (4
 * cycles x 2 a cycle) with room to spare (the kernel alone at 97-98% of the FMA roof
 * against 91% for 4 rows, whose 8 chains just cover it; sgemm 256-2048 from 49-51 to
 * 52-55 GFLOP/s). The plain SIMD build keeps 4 rows ({@link MR}). Leftover rows (fewer
 * than MR) are packed with zero rows to a whole slice and only their own rows stored.
 * K is cut into equal chunks of at most 512, the later ones accumulating
 * into C, so the A slice and the B panel streaming past it fit the 32 KB L1 together
 * (K = 1024 whole: 82-83% of the roof, against 86-87% in two chunks); N is blocked so
 * that one packed block stays within about 512 KB (about half of L2), and rows run
 * outer, panels inner, so the active A slice stays in L1 while B streams.
 *
 * A element (i, kk) is at a + (i * rsA + kk * csA) * 4 and B element (kk, j) at
 * b + (kk * rsB + j * csB) * 4, which covers both transposes (a transposed B is
 * packed through 4x4 register transposes). Multiply-adds go through `madd`
 * (simd.ts), a fused relaxed-SIMD FMA in the relaxed build. Each panel's sums go
 * through a small tile ({@link kernelTile}) before C is updated. When several N blocks
 * would each pack the same A slices again, {@link gemm} packs all of them once per
 * depth chunk (X^T dY at 1024, whose transposed A strides a cache line per k: 1.16x
 * the plain product's time before, about 1.0x after; sgemm 2048: 84% -> 86-87% of the
 * roof).
 * On several threads, a short product with one depth chunk per thread is split along
 * its depth instead, each thread reading its own rows of B ({@link splitsDepth}).
 * The row blocks run as tiles (parallel.ts): whole 8-column panels times rows in
 * multiples of MR, and every output is summed the same way wherever its row falls,
 * so results do not depend on the number of threads; the first tile to need a group
 * of B panels packs it, in the same task.
 * Products with fewer than 4 rows skip packing (gemv.ts).
 */
import { Activation } from './opcodes';
import { madd, storeRow8, loadRow8Lo, loadRow8Hi, transpose4x4 } from './simd';
import { activate } from './activation';
import { Task, TILES_PER_THREAD, arg, argPtr, dispatch, poolThreads, setArg, threadsFor } from './parallel';

/**
 * Micro-kernel rows: 6 with relaxed FMA (12 accumulators, 2 B vectors and a splat in
 * V8's 15 XMM registers); 4 in the plain SIMD build, whose separate multiply needs a
 * 16th register for the product (6 rows there spill: 28 GFLOP/s against 40).
 */
export const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 4;
/** Micro-kernel (panel) columns. */
export const NR = 8;
/** Floats a packed block may hold (512 KB). */
const BLOCK_FLOATS = 131072;
/**
 * Longest depth run in one pass: deeper products are cut into equal chunks of at most
 * this, so a packed MR x K slice of A (12 KB) and the panel of B streaming past it (16 KB)
 * both stay in the 32 KB L1.
 */
const MAX_DEPTH = 512;

/** Bytes of `panels` packed panels for depth `k`. */
@inline
export function panelBytes(k: i32, panels: i32): usize {
  return <usize>(k + 1) * <usize>(NR * 4) * <usize>panels;
}

/** Number of NR-wide panels covering `n` columns. */
@inline
export function panelCount(n: i32): i32 {
  return (n + NR - 1) / NR;
}

/** Columns per N block for depth `k`: a multiple of NR whose packed block fits BLOCK_FLOATS. */
export function blockCols(k: i32): i32 {
  const cols = (BLOCK_FLOATS / (k + 1)) & ~(NR - 1);
  return cols < NR ? NR : cols;
}

/**
 * Packs columns [j0, j0 + cols) of B (with bias[j0 ...] in front, or zeros when
 * `bias` is 0) into panels at `dst`.
 */
export function packB(b: usize, rsB: i32, csB: i32, k: i32, j0: i32, cols: i32, bias: usize, dst: usize): void {
  const panels = panelCount(cols);
  let p = dst;
  for (let q = 0; q < panels; q++) {
    const j = j0 + q * NR;
    const w = min(NR, cols - q * NR);
    for (let l = 0; l < NR; l++) store<f32>(p + (<usize>l << 2), l < w && bias != 0 ? load<f32>(bias + (<usize>(j + l) << 2)) : 0);
    p += NR * 4;
    if (csB == 1 && w == NR) {
      let src = b + (<usize>j << 2);
      const step = <usize>rsB << 2;
      for (let kk = 0; kk < k; kk++) {
        v128.store(p, v128.load(src));
        v128.store(p, v128.load(src, 16), 16);
        src += step;
        p += NR * 4;
      }
    } else if (rsB == 1 && w == NR) {
      p = packTransposedPanel(b + (<usize>(j * csB) << 2), <usize>csB << 2, k, p);
    } else {
      for (let kk = 0; kk < k; kk++) {
        const row = b + (<usize>(kk * rsB) << 2);
        for (let l = 0; l < NR; l++) {
          store<f32>(p + (<usize>l << 2), l < w ? load<f32>(row + (<usize>((j + l) * csB) << 2)) : 0);
        }
        p += NR * 4;
      }
    }
  }
}

/**
 * Packs one full panel from a transposed source, where each of the panel's 8
 * columns is a contiguous row of B^T (`stride` bytes apart). Four k steps at a
 * time, two 4x4 blocks are transposed in registers. Returns the end of the panel.
 */
@inline
function packTransposedPanel(src: usize, stride: usize, k: i32, p: usize): usize {
  let kk = 0;
  for (; kk + 4 <= k; kk += 4) {
    const at = src + (<usize>kk << 2);
    for (let half: usize = 0; half < 2; half++) {
      const base = at + half * 4 * stride;
      transpose4x4(base, stride, p + half * 16, NR * 4);
    }
    p += NR * 16;
  }
  for (; kk < k; kk++) {
    for (let l = 0; l < NR; l++) store<f32>(p + (<usize>l << 2), load<f32>(src + <usize>l * stride + (<usize>kk << 2)));
    p += NR * 4;
  }
  return p;
}

/** Stores one 8-wide output row: adds C when accumulating, applies the activation, writes `cols` lanes. */
@inline
function storeRow(c: usize, v0: v128, v1: v128, cols: i32, act: i32, accumulate: bool): void {
  if (accumulate) {
    v0 = f32x4.add(v0, loadRow8Lo(c, cols));
    v1 = f32x4.add(v1, loadRow8Hi(c, cols));
  }
  storeRow8(c, activate(act, v0), activate(act, v1), cols);
}

/** Bytes of the MR x NR tile a kernel call leaves its sums in, after the A slice in each thread's scratch. */
const TILE_BYTES: usize = MR * NR * 4;
/** Bytes of a cache line. */
const CACHE_LINE: usize = 64;

/**
 * MR rows x 8 columns from a packed slice of A (`slice`, laid out [k][MR]) and one
 * packed panel, summed into a tile of MR rows of 8 floats at `tile`: one A stream
 * read at constant offsets, so each k step is 2 loads of B, MR load-splats and
 * 2 * MR multiply-adds with two pointer bumps.
 *
 * Kept plain for V8's sake: the loop, then plain stores of the accumulators, in a
 * function of its own. With the C update (adding C, partial last columns, the
 * activation) after the loop, or with the loop inlined inside the panel and slice
 * loops (where V8 unrolls it), V8 loaded all six splats of the 6x8 kernel ahead of
 * the multiply-adds and spilled four accumulators: half speed. Its two call sites in
 * {@link gemmPanels} keep Binaryen from inlining it.
 */
function kernelTile(slice: usize, panel: usize, k: i32, tile: usize): void {
  let c00 = v128.load(panel);
  let c01 = v128.load(panel, 16);
  let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01, c40 = c00, c41 = c01, c50 = c00, c51 = c01;
  let a = slice;
  let w = panel + NR * 4;
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(w);
    const b1 = v128.load(w, 16);
    const x0 = v128.load32_splat(a);
    c00 = madd(x0, b0, c00);
    c01 = madd(x0, b1, c01);
    const x1 = v128.load32_splat(a, 4);
    c10 = madd(x1, b0, c10);
    c11 = madd(x1, b1, c11);
    const x2 = v128.load32_splat(a, 8);
    c20 = madd(x2, b0, c20);
    c21 = madd(x2, b1, c21);
    const x3 = v128.load32_splat(a, 12);
    c30 = madd(x3, b0, c30);
    c31 = madd(x3, b1, c31);
    if (MR == 6) {
      const x4 = v128.load32_splat(a, 16);
      c40 = madd(x4, b0, c40);
      c41 = madd(x4, b1, c41);
      const x5 = v128.load32_splat(a, 20);
      c50 = madd(x5, b0, c50);
      c51 = madd(x5, b1, c51);
    }
    a += MR * 4;
    w += NR * 4;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  if (MR == 6) {
    v128.store(tile, c40, 128);
    v128.store(tile, c41, 144);
    v128.store(tile, c50, 160);
    v128.store(tile, c51, 176);
  }
}

/**
 * A packed slice times every panel of a block, into the first `rows` rows of C from
 * `c`: each panel's tile is summed at `tile`, then stored (adding C when
 * accumulating, `cols` lanes, the activation).
 */
@inline
function slicePanels(
  rows: i32, slice: usize, packed: usize, panels: i32, k: i32, c: usize, ldc: usize, cols: i32, act: i32, accumulate: bool, tile: usize,
): void {
  const stride = panelBytes(k, 1);
  for (let q = 0; q < panels; q++) {
    kernelTile(slice, packed + <usize>q * stride, k, tile);
    const cq = c + (<usize>(q * NR) << 2);
    const w = min(NR, cols - q * NR);
    for (let r = 0; r < rows; r++) {
      const t = tile + <usize>r * (NR * 4);
      storeRow(cq + <usize>r * ldc, v128.load(t), v128.load(t, 16), w, act, accumulate);
    }
  }
}

/**
 * Copies MR rows of A (`rowBytes` apart, k steps `kBytes` apart) into `dst` as
 * [k][MR]: whole rows of MR floats per k step when the rows are adjacent (a
 * transposed A), 4x4 register transposes (plus an interleave of rows 4 and 5 when
 * MR is 6) when k is contiguous, element by element otherwise.
 */
@inline
function packSlice(a: usize, rowBytes: usize, kBytes: usize, k: i32, dst: usize): void {
  const step: usize = MR * 4;
  let kk = 0;
  if (rowBytes == 4) {
    for (; kk < k; kk++) {
      const at = a + <usize>kk * kBytes;
      const q = dst + <usize>kk * step;
      v128.store(q, v128.load(at));
      if (MR == 6) store<u64>(q + 16, load<u64>(at + 16));
    }
    return;
  }
  if (kBytes == 4) {
    for (; kk + 4 <= k; kk += 4) {
      const q = dst + <usize>kk * step;
      transpose4x4(a + (<usize>kk << 2), rowBytes, q, step);
      if (MR == 6) {
        const r4 = a + 4 * rowBytes + (<usize>kk << 2);
        const x4 = v128.load(r4);
        const x5 = v128.load(r4 + rowBytes);
        const lo = v128.shuffle<i32>(x4, x5, 0, 4, 1, 5);
        const hi = v128.shuffle<i32>(x4, x5, 2, 6, 3, 7);
        v128.store64_lane(q + 16, lo, 0);
        v128.store64_lane(q + step + 16, lo, 1);
        v128.store64_lane(q + 2 * step + 16, hi, 0);
        v128.store64_lane(q + 3 * step + 16, hi, 1);
      }
    }
  }
  packRows(MR, a, rowBytes, kBytes, kk, k, dst);
}

/**
 * Copies k steps [k0, k) of `rows` (at most MR) rows of A into `dst` as [k][MR],
 * element by element, with zeros in the rows past `rows`.
 */
function packRows(rows: i32, a: usize, rowBytes: usize, kBytes: usize, k0: i32, k: i32, dst: usize): void {
  for (let kk = k0; kk < k; kk++) {
    const at = a + <usize>kk * kBytes;
    const q = dst + <usize>kk * (MR * 4);
    for (let r = 0; r < MR; r++) store<f32>(q + (<usize>r << 2), r < rows ? load<f32>(at + <usize>r * rowBytes) : 0);
  }
}

/** Bytes of a packed MR-row slice of A of depth `k`. */
@inline
function sliceBytes(k: i32): usize {
  return <usize>k * (MR * 4);
}

/**
 * Scratch bytes one thread needs: an MR-row slice of A of depth `k`, a kernel tile,
 * and a cache line of space after the tile, which is rewritten for every panel: the
 * next thread's region (its slice, or a convolution's column matrix) then never
 * shares a cache line with it.
 */
@inline
export function scratchBytes(k: i32): usize {
  return sliceBytes(k) + TILE_BYTES + CACHE_LINE;
}

/**
 * Multiplies rows [0, m) of A by a block of `cols` packed columns at `packed`,
 * writing C (row stride ldc elements) from column 0 of the block. Each MR-row slice
 * of A is first packed into `scratch` ({@link scratchBytes}) as [k][MR], unless
 * `slices` holds them already (slice s at slices + s * sliceBytes(k); see {@link packA});
 * the rows left over (fewer than MR) are packed with zero rows to a whole slice,
 * run through the same kernel, and only their own rows stored.
 */
export function gemmPanels(
  m: i32, a: usize, rsA: i32, csA: i32, packed: usize, cols: i32, k: i32, c: usize, ldc: i32, act: i32, accumulate: bool, scratch: usize,
  slices: usize = 0,
): void {
  const panels = panelCount(cols);
  const rowBytes = <usize>rsA << 2;
  const kBytes = <usize>csA << 2;
  const ldcBytes = <usize>ldc << 2;
  const tile = scratch + sliceBytes(k);
  let i = 0;
  for (; i + MR <= m; i += MR) {
    let slice = scratch;
    if (slices != 0) slice = slices + <usize>(i / MR) * sliceBytes(k);
    else packSlice(a + <usize>i * rowBytes, rowBytes, kBytes, k, scratch);
    slicePanels(MR, slice, packed, panels, k, c + <usize>i * ldcBytes, ldcBytes, cols, act, accumulate, tile);
  }
  if (i == m) return;
  packRows(m - i, a + <usize>i * rowBytes, rowBytes, kBytes, 0, k, scratch);
  slicePanels(m - i, scratch, packed, panels, k, c + <usize>i * ldcBytes, ldcBytes, cols, act, accumulate, tile);
}

/**
 * C rows [0, rows) = act(the slice already packed at the start of `scratch` times every panel
 * of a block of `cols` packed columns + their bias): {@link gemmPanels} for one slice packed
 * elsewhere (conv.ts packs patches straight from the image). `scratch` holds {@link scratchBytes}(k).
 */
export function gemmSlice(rows: i32, scratch: usize, packed: usize, cols: i32, k: i32, c: usize, ldc: i32, act: i32): void {
  slicePanels(rows, scratch, packed, panelCount(cols), k, c, <usize>ldc << 2, cols, act, false, scratch + sliceBytes(k));
}

/** The depth of one K chunk: k cut into equal chunks of at most {@link MAX_DEPTH}. */
@inline
function depthChunk(k: i32): i32 {
  const chunks = (k + MAX_DEPTH - 1) / MAX_DEPTH;
  return chunks > 1 ? (k + chunks - 1) / chunks : k;
}

/** Bytes of the pre-packed MR-row slices of `m` rows of depth `k` ({@link packA}). */
@inline
function slicesBytes(m: i32, k: i32): usize {
  return <usize>(m / MR) * sliceBytes(k);
}

/** Whether {@link gemm} packs all of A once per depth chunk: A is reused by several N blocks. */
@inline
function prepacksA(m: i32, n: i32, kc: i32): bool {
  return m >= MR && n > blockCols(kc);
}

/**
 * Workspace bytes {@link gemm} needs for an [m, k] x [k, n] product: one packed
 * block, the threads' A scratch, the panel-group flags, and the pre-packed A when
 * {@link gemm} makes one.
 */
export function gemmWorkspace(m: i32, n: i32, k: i32): usize {
  const kc = depthChunk(k);
  const threads = threadsFor(2.0 * <f64>m * <f64>n * <f64>k);
  if (splitsDepth(m, n, k, threads)) return depthWorkspace(m, n, kc, threads);
  const slices = prepacksA(m, n, kc) ? slicesBytes(m, kc) : 0;
  return panelBytes(kc, panelCount(min(n, blockCols(kc)))) + <usize>poolThreads() * scratchBytes(kc) + FLAGS_BYTES + slices;
}

/**
 * Full GEMM with B packed block by block into `work` ({@link gemmWorkspace} bytes).
 * `bias` (n floats) may be 0; `accumulate` adds the product to C. Runs on the
 * pool when the product is large enough (parallel.ts).
 */
export function gemm(
  m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32,
  bias: usize, c: usize, ldc: i32, act: i32, accumulate: bool, work: usize,
): void {
  const threads = threadsFor(2.0 * <f64>m * <f64>n * <f64>k);
  if (splitsDepth(m, n, k, threads)) {
    gemmByDepth(m, n, k, a, rsA, csA, b, rsB, csB, bias, c, ldc, act, accumulate, work, threads);
    return;
  }
  const kc = depthChunk(k);
  const nc = blockCols(kc);
  const scratch = work + panelBytes(kc, panelCount(min(n, nc)));
  const flags = scratch + <usize>poolThreads() * scratchBytes(kc);
  const slices: usize = prepacksA(m, n, kc) ? flags + FLAGS_BYTES : 0;
  let k0 = 0;
  do {
    const kl = min(kc, k - k0);
    const first = k0 == 0;
    const last = k0 + kl >= k;
    const ak = a + (<usize>k0 * <usize>csA << 2);
    if (slices != 0) packA(m, ak, rsA, csA, kl, slices, threads);
    for (let j0 = 0; j0 < n; j0 += nc) {
      const cols = min(nc, n - j0);
      gemmRows(
        m, ak, rsA, csA, work, cols, kl, c + (<usize>j0 << 2), ldc, last ? act : Activation.Linear, accumulate || !first,
        scratch, threads, slices, b + (<usize>k0 * <usize>rsB << 2), rsB, csB, j0, first ? bias : 0, flags,
      );
    }
    k0 += kl;
  } while (k0 < k);
}

/**
 * Whether {@link gemm} splits the product along its depth on `threads` threads: a
 * product no taller than it is wide, in one N block, with exactly one depth chunk per
 * thread. Each thread then reads its own rows of B (thread 0 the first chunk, from
 * the front, as parallel.ts's claims go) instead of its own columns. B is most often
 * a dense layer's kernel, whose gradient (a taller product, split by rows) and optimizer
 * step (split into ranges of whole rows) each thread also handles by rows: so the
 * kernel's rows stay in one core's caches from step to step. With column bands here,
 * on two vCPUs placed far apart (a 330 ns round trip between them), half of the
 * 784x256 kernel of the MLP crossed between them twice a step (the forward product
 * 712 µs against 564 with the vCPUs close; the Adam step, rewriting rows the other
 * core had just read, 197 against 72).
 */
@inline
function splitsDepth(m: i32, n: i32, k: i32, threads: i32): bool {
  if (threads < 2 || m < MR || m > n || k <= MAX_DEPTH) return false;
  const kc = depthChunk(k);
  return (k + kc - 1) / kc == threads && n <= blockCols(kc);
}

/**
 * Workspace of {@link gemmByDepth}: a packed block of B and its group flags per
 * chunk, the threads' A scratch, and the partial products of every chunk but the first.
 */
function depthWorkspace(m: i32, n: i32, kc: i32, threads: i32): usize {
  return <usize>threads * (panelBytes(kc, panelCount(n)) + FLAGS_BYTES) + <usize>poolThreads() * scratchBytes(kc)
    + <usize>(threads - 1) * <usize>m * <usize>n * 4;
}

/**
 * {@link gemm} split along its depth ({@link splitsDepth}): chunk 0 (with the bias,
 * onto C when accumulating) goes to C, each later chunk to a partial product, as
 * tiles of rows of every chunk in chunk order; a second task then adds the partial
 * products to C in chunk order and applies the activation. One thread does the same
 * float operations chunk after chunk (each later chunk summed from zero and added to
 * C as it is stored), so the results do not depend on the thread count.
 */
function gemmByDepth(
  m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32,
  bias: usize, c: usize, ldc: i32, act: i32, accumulate: bool, work: usize, threads: i32,
): void {
  const kc = depthChunk(k);
  const panels = panelCount(n);
  const flags = work + <usize>threads * panelBytes(kc, panels);
  const scratch = flags + <usize>threads * FLAGS_BYTES;
  const partials = scratch + <usize>poolThreads() * scratchBytes(kc);
  const rowSlices = (m + MR - 1) / MR;
  const rowTile = MR * ((rowSlices + ROW_TILES_PER_BAND - 1) / ROW_TILES_PER_BAND);
  const perChunk = (m + rowTile - 1) / rowTile;
  const groups = min(panels, GROUPS_PER_THREAD);
  memory.fill(flags, 0, <usize>threads * FLAGS_BYTES);
  setArg(0, m); setArg(1, <i32>a); setArg(2, rsA); setArg(3, csA); setArg(4, <i32>work); setArg(5, n);
  setArg(6, kc); setArg(7, <i32>c); setArg(8, ldc); setArg(10, accumulate ? 1 : 0);
  setArg(11, <i32>scratch); setArg(12, rowTile); setArg(13, perChunk); setArg(14, k);
  setArg(16, <i32>b); setArg(17, rsB); setArg(18, csB); setArg(19, 0); setArg(20, <i32>bias); setArg(21, <i32>flags);
  setArg(22, (panels + groups - 1) / groups); setArg(23, <i32>partials);
  dispatch(Task.GemmDepth, threads * perChunk, threads);
  const sumRows = max(1, (m + threads * TILES_PER_THREAD - 1) / (threads * TILES_PER_THREAD));
  setArg(0, m); setArg(1, n); setArg(2, <i32>c); setArg(3, ldc); setArg(4, <i32>partials); setArg(5, threads - 1);
  setArg(6, act); setArg(7, sumRows);
  dispatch(Task.DepthSum, (m + sumRows - 1) / sumRows, threads);
}

/** Tile `t` of a {@link gemmByDepth} product on thread `thread`: a row tile of one depth chunk. */
export function gemmDepthTile(ctrl: usize, t: i32, thread: i32): void {
  const m = arg(ctrl, 0);
  const n = arg(ctrl, 5);
  const kc = arg(ctrl, 6);
  const rowTile = arg(ctrl, 12);
  const perChunk = arg(ctrl, 13);
  const rsA = arg(ctrl, 2);
  const csA = arg(ctrl, 3);
  const chunk = t / perChunk;
  const r0 = (t % perChunk) * rowTile;
  const k0 = chunk * kc;
  const kl = min(kc, arg(ctrl, 14) - k0);
  const first = chunk == 0;
  const panels = panelCount(n);
  const packed = argPtr(ctrl, 4) + <usize>chunk * panelBytes(kc, panels);
  ensurePanelsPacked(
    ctrl, 0, panels, argPtr(ctrl, 21) + <usize>chunk * FLAGS_BYTES, argPtr(ctrl, 16) + (<usize>k0 * <usize>arg(ctrl, 17) << 2),
    kl, first ? argPtr(ctrl, 20) : 0, packed,
  );
  const out = first ? argPtr(ctrl, 7) : argPtr(ctrl, 23) + (<usize>(chunk - 1) * <usize>m * <usize>n << 2);
  const ldc = first ? arg(ctrl, 8) : n;
  gemmPanels(
    min(rowTile, m - r0), argPtr(ctrl, 1) + ((<usize>r0 * <usize>rsA + <usize>k0 * <usize>csA) << 2), rsA, csA,
    packed, n, kl, out + (<usize>r0 * <usize>ldc << 2), ldc, Activation.Linear, first && arg(ctrl, 10) != 0,
    argPtr(ctrl, 11) + <usize>thread * scratchBytes(kc),
  );
}

/** Tile `t` of the second task of {@link gemmByDepth}: C = act(C + each partial product in turn) over a range of rows. */
export function depthSumTile(ctrl: usize, t: i32): void {
  const m = arg(ctrl, 0);
  const n = arg(ctrl, 1);
  const c = argPtr(ctrl, 2);
  const ldc = arg(ctrl, 3);
  const sums = argPtr(ctrl, 4);
  const partials = arg(ctrl, 5);
  const act = arg(ctrl, 6);
  const rows = arg(ctrl, 7);
  const plane = <usize>m * <usize>n << 2;
  const end = min(m, (t + 1) * rows);
  for (let r = t * rows; r < end; r++) {
    const cr = c + (<usize>r * <usize>ldc << 2);
    for (let i = 0; i < partials; i++) {
      const sr = sums + <usize>i * plane + (<usize>r * <usize>n << 2);
      const rowAct = i == partials - 1 ? act : Activation.Linear;
      for (let j = 0; j < n; j += NR) {
        const w = min(NR, n - j);
        const o = <usize>j << 2;
        storeRow(cr + o, loadRow8Lo(sr + o, w), loadRow8Hi(sr + o, w), w, rowAct, true);
      }
    }
  }
}

/**
 * C += A x already-packed B columns [0, n) (panels of depth k), N-blocked so each
 * block stays in L2; the row blocks run on `threads` threads.
 */
export function gemmPacked(m: i32, a: usize, rsA: i32, csA: i32, packed: usize, n: i32, k: i32, c: usize, ldc: i32, scratch: usize, threads: i32): void {
  const nc = blockCols(k);
  for (let j0 = 0; j0 < n; j0 += nc) {
    gemmRows(m, a, rsA, csA, packed + panelBytes(k, j0 / NR), min(nc, n - j0), k, c + (<usize>j0 << 2), ldc, Activation.Linear, true, scratch, threads);
  }
}

/**
 * C = act(A x already-packed B columns [0, n) + the panels' bias) on this thread only (for use
 * inside tiles); `scratch` holds {@link scratchBytes}(k).
 */
export function gemmBlocks(m: i32, a: usize, rsA: i32, csA: i32, packed: usize, n: i32, k: i32, c: usize, ldc: i32, act: i32, scratch: usize): void {
  const nc = blockCols(k);
  for (let j0 = 0; j0 < n; j0 += nc) {
    gemmPanels(m, a, rsA, csA, packed + panelBytes(k, j0 / NR), min(nc, n - j0), k, c + (<usize>j0 << 2), ldc, act, false, scratch);
  }
}

/** Packs columns [j0, j0 + cols) of B into `dst` as tiles of whole panels on `threads` threads (see {@link packB}). */
export function packBlock(b: usize, rsB: i32, csB: i32, k: i32, j0: i32, cols: i32, bias: usize, dst: usize, threads: i32): void {
  const panels = panelCount(cols);
  if (panels == 0) return;
  const perTile = (panels + threads * 2 - 1) / (threads * 2);
  setArg(0, <i32>b); setArg(1, rsB); setArg(2, csB); setArg(3, k); setArg(4, j0);
  setArg(5, cols); setArg(6, <i32>bias); setArg(7, <i32>dst); setArg(8, perTile);
  dispatch(Task.PackB, (panels + perTile - 1) / perTile, threads);
}

/** Tile `t` of a {@link packBlock} task. */
export function packBTile(ctrl: usize, t: i32): void {
  const k = arg(ctrl, 3);
  const cols = arg(ctrl, 5);
  const perTile = arg(ctrl, 8);
  const p0 = t * perTile;
  packB(argPtr(ctrl, 0), arg(ctrl, 1), arg(ctrl, 2), k, arg(ctrl, 4) + p0 * NR, min(perTile * NR, cols - p0 * NR), argPtr(ctrl, 6), argPtr(ctrl, 7) + panelBytes(k, p0));
}

/**
 * Packs the whole MR-row slices of A (element (i, kk) at a + (i * rsA + kk * csA) * 4)
 * into `dst` as [m / MR][k][MR], as tiles of slices on `threads` threads.
 */
function packA(m: i32, a: usize, rsA: i32, csA: i32, k: i32, dst: usize, threads: i32): void {
  const count = m / MR;
  const perTile = (count + threads * TILES_PER_THREAD - 1) / (threads * TILES_PER_THREAD);
  setArg(0, <i32>a); setArg(1, csA); setArg(2, k); setArg(3, <i32>dst); setArg(4, perTile); setArg(5, count); setArg(6, rsA);
  dispatch(Task.PackA, (count + perTile - 1) / perTile, threads);
}

/** Tile `t` of a {@link packA} task. */
export function packATile(ctrl: usize, t: i32): void {
  const k = arg(ctrl, 2);
  const perTile = arg(ctrl, 4);
  const kBytes = <usize>arg(ctrl, 1) << 2;
  const rowBytes = <usize>arg(ctrl, 6) << 2;
  const end = min(arg(ctrl, 5), (t + 1) * perTile);
  for (let q = t * perTile; q < end; q++) {
    packSlice(argPtr(ctrl, 0) + <usize>(q * MR) * rowBytes, rowBytes, kBytes, k, argPtr(ctrl, 3) + <usize>q * sliceBytes(k));
  }
}

/** Most panel groups of one N block (each has a packed-or-not flag). */
const MAX_GROUPS: i32 = 64;
/** Bytes of those flags. */
const FLAGS_BYTES: usize = <usize>MAX_GROUPS << 2;
/**
 * Row tiles a thread's share of a GEMM is cut into (its column band, or its part of the
 * row slices across every panel): above {@link TILES_PER_THREAD}, so a slow thread leaves
 * little idle time at the end.
 */
const ROW_TILES_PER_BAND: i32 = 16;
/** Panel groups per thread when the tiles span every panel: packing B is split this finely, so no thread waits long for it. */
const GROUPS_PER_THREAD: i32 = 4;

/**
 * Packs panel group `group` of B (`b`, depth `k`, with `bias` in front, or none) into
 * the block at `packed` (flag 0 -> 1 while packing, then 2). Layout and column range
 * come from the task's arguments (rsB 17, csB 18, first column 19, columns 5, group size 22).
 */
function packGroup(ctrl: usize, group: i32, flag: usize, b: usize, k: i32, bias: usize, packed: usize): void {
  const cols = arg(ctrl, 5);
  const groupPanels = arg(ctrl, 22);
  const p0 = group * groupPanels;
  packB(b, arg(ctrl, 17), arg(ctrl, 18), k, arg(ctrl, 19) + p0 * NR, min(groupPanels * NR, cols - p0 * NR), bias, packed + panelBytes(k, p0));
  if (ASC_FEATURE_THREADS) atomic.store<i32>(flag, 2);
  else store<i32>(flag, 2);
}

/**
 * Makes sure panels [p0, p0 + count) of the block at `packed` are packed (see
 * {@link packGroup}; `flags` hold the groups' states): this thread
 * packs every group among them that no other thread has started, then waits for
 * the groups other threads are packing. Saves a separate packing task and its join, and
 * splits the packing across the threads that arrive first.
 */
function ensurePanelsPacked(ctrl: usize, p0: i32, count: i32, flags: usize, b: usize, k: i32, bias: usize, packed: usize): void {
  const groupPanels = arg(ctrl, 22);
  const g0 = p0 / groupPanels;
  const g1 = (p0 + count - 1) / groupPanels;
  for (let g = g0; g <= g1; g++) {
    const flag = flags + (<usize>g << 2);
    if (ASC_FEATURE_THREADS) {
      if (atomic.load<i32>(flag) == 0 && atomic.cmpxchg<i32>(flag, 0, 1) == 0) packGroup(ctrl, g, flag, b, k, bias, packed);
    } else if (load<i32>(flag) == 0) {
      packGroup(ctrl, g, flag, b, k, bias, packed);
    }
  }
  if (ASC_FEATURE_THREADS) {
    for (let g = g0; g <= g1; g++) {
      while (atomic.load<i32>(flags + (<usize>g << 2)) != 2) {}
    }
  }
}

/**
 * Rows [0, m) of A times `cols` packed columns, as tiles numbered down the rows of
 * one band of panels, then the next band. On several threads, a product no taller
 * than it is wide (and not split along its depth: {@link splitsDepth}) runs as column
 * bands, at least one per thread: the calling thread claims tiles from the front and
 * the workers from the back (parallel.ts), so each
 * thread packs and reads only its own bands of B, and B never crosses between their
 * caches (the 128x256x784 product of the MLP step on two threads, each call waited
 * for: 556-593 -> 534-564 µs; 777 -> 673 µs while the VM's two vCPUs sat far apart,
 * a 330 ns round trip between them against 110). A taller product runs as row tiles of
 * whole MR-row slices across every panel when there are enough rows (each slice of A
 * is then packed once, as on one thread), else rows by groups of whole panels; about
 * {@link TILES_PER_THREAD} or more tiles per thread. With `flags` (FLAGS_BYTES), the
 * panels are packed into `packed` from B (`b`, `rsB`, `csB`, first column `j0`,
 * `bias`) by the tiles themselves, in groups claimed by the first threads to need
 * them ({@link ensurePanelsPacked}), in the same task.
 */
function gemmRows(
  m: i32, a: usize, rsA: i32, csA: i32, packed: usize, cols: i32, k: i32, c: usize, ldc: i32, act: i32, accumulate: bool,
  scratch: usize, threads: i32, slices: usize = 0,
  b: usize = 0, rsB: i32 = 0, csB: i32 = 0, j0: i32 = 0, bias: usize = 0, flags: usize = 0,
): void {
  if (m <= 0 || cols <= 0) return;
  const panels = panelCount(cols);
  const rowSlices = (m + MR - 1) / MR;
  const target = threads * TILES_PER_THREAD;
  let rowTile = m;
  let panelTile = panels;
  let groups = 1;
  if (threads > 1) {
    if (m <= cols && panels >= threads) {
      // Column bands, a whole number per thread, each cut into up to ROW_TILES_PER_BAND row tiles.
      const perBand = min(rowSlices, ROW_TILES_PER_BAND);
      rowTile = MR * ((rowSlices + perBand - 1) / perBand);
      const rowTiles = (m + rowTile - 1) / rowTile;
      const bandsPerThread = (target + threads * rowTiles - 1) / (threads * rowTiles);
      groups = min(min(panels, MAX_GROUPS), threads * bandsPerThread);
      panelTile = (panels + groups - 1) / groups;
    } else if (rowSlices >= target) {
      // Row slices across all panels, ROW_TILES_PER_BAND per thread.
      rowTile = MR * ((rowSlices + threads * ROW_TILES_PER_BAND - 1) / (threads * ROW_TILES_PER_BAND));
      groups = min(panels, min(MAX_GROUPS, threads * GROUPS_PER_THREAD));
    } else {
      rowTile = MR * ((rowSlices + min(rowSlices, target) - 1) / min(rowSlices, target));
      const rowTiles = (m + rowTile - 1) / rowTile;
      const colTiles = min(min(panels, MAX_GROUPS), (target + rowTiles - 1) / rowTiles);
      panelTile = (panels + colTiles - 1) / colTiles;
      groups = colTiles;
    }
  }
  const colTiles = (panels + panelTile - 1) / panelTile;
  const groupPanels = (panels + groups - 1) / groups;
  setArg(0, m); setArg(1, <i32>a); setArg(2, rsA); setArg(3, csA); setArg(4, <i32>packed); setArg(5, cols);
  setArg(6, k); setArg(7, <i32>c); setArg(8, ldc); setArg(9, act); setArg(10, accumulate ? 1 : 0);
  setArg(11, <i32>scratch); setArg(12, rowTile); setArg(13, panelTile); setArg(15, <i32>slices);
  if (flags != 0) {
    memory.fill(flags, 0, <usize>((panels + groupPanels - 1) / groupPanels) << 2);
    setArg(16, <i32>b); setArg(17, rsB); setArg(18, csB); setArg(19, j0); setArg(20, <i32>bias); setArg(22, groupPanels);
  }
  setArg(21, <i32>flags);
  dispatch(Task.GemmRows, ((m + rowTile - 1) / rowTile) * colTiles, threads);
}

/** Tile `t` of a {@link gemmRows} task on thread `thread`. */
export function gemmRowsTile(ctrl: usize, t: i32, thread: i32): void {
  const k = arg(ctrl, 6);
  const ldc = arg(ctrl, 8);
  const rsA = arg(ctrl, 2);
  const rowTile = arg(ctrl, 12);
  const panelTile = arg(ctrl, 13);
  const rowTiles = (arg(ctrl, 0) + rowTile - 1) / rowTile;
  const r0 = (t % rowTiles) * rowTile;
  const p0 = (t / rowTiles) * panelTile;
  const scratch = argPtr(ctrl, 11);
  const slices = argPtr(ctrl, 15);
  const cols = min(panelTile * NR, arg(ctrl, 5) - p0 * NR);
  if (arg(ctrl, 21) != 0) ensurePanelsPacked(ctrl, p0, panelCount(cols), argPtr(ctrl, 21), argPtr(ctrl, 16), k, argPtr(ctrl, 20), argPtr(ctrl, 4));
  gemmPanels(
    min(rowTile, arg(ctrl, 0) - r0), argPtr(ctrl, 1) + (<usize>r0 * <usize>rsA << 2), rsA, arg(ctrl, 3),
    argPtr(ctrl, 4) + panelBytes(k, p0), cols, k,
    argPtr(ctrl, 7) + ((<usize>r0 * <usize>ldc + <usize>(p0 * NR)) << 2), ldc, arg(ctrl, 9), arg(ctrl, 10) != 0,
    scratch + <usize>thread * scratchBytes(k), slices != 0 ? slices + <usize>(r0 / MR) * sliceBytes(k) : 0,
  );
}
