/**
 * The GEMM micro-kernel and the loops that drive it over a block of packed panels.
 *
 * The MR x 8 "loadsplat" kernel: per k step it broadcasts one A element per row
 * (`v128.load32_splat`) and does 2 * MR multiply-adds into 2 * MR f32x4 accumulators.
 * The relaxed build runs 6 rows: its 12 accumulators, 2 B vectors and a splat fill the
 * 15 XMM registers V8 allocates on x86, and 12 independent chains cover the FMA's
 * latency times its throughput (4 cycles x 2 a cycle) with room to spare (the kernel
 * alone at 97-98% of the FMA roof against 91% for 4 rows, whose 8 chains just cover
 * it; sgemm 256-2048 from 49-51 to 52-55 GFLOP/s). The plain SIMD build keeps 4 rows
 * ({@link MR}). Multiply-adds go through `madd` (simd.ts), a fused relaxed-SIMD FMA in
 * the relaxed build. Each panel's sums go through a small tile ({@link kernelTile})
 * before C is updated. Rows run outer, panels inner, so the active A slice stays in L1
 * while B streams. Layouts: packing.ts.
 */
import { madd, storeRow8, loadRow8Lo, loadRow8Hi } from './simd';
import { activate } from './activation';
import { MR, NR, packRows, packSlice, panelBytes, panelCount, sliceBytes } from './packing';

/** Stores one 8-wide output row: adds C when accumulating, applies the activation, writes `cols` lanes. */
@inline
export function storeRow(c: usize, v0: v128, v1: v128, cols: i32, act: i32, accumulate: bool): void {
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
