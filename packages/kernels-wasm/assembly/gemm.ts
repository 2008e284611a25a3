/**
 * Packed GEMM: C[m, n] = act(A[m, k] B[k, n] + bias (+ C when accumulating)).
 *
 * B is packed into panels of NR = 8 columns, each laid out as
 * [bias: 8][k = 0: 8][k = 1: 8]... and zero-padded past the last column, so the
 * micro-kernel starts its accumulators from the bias and streams B linearly.
 * A is not packed: the 4x8 "loadsplat" micro-kernel broadcasts one A element per
 * row and k step (`v128.load32_splat`) and does 8 multiply-adds into 8 f32x4
 * accumulators (4 rows x 2 vectors), which fits the 16 XMM registers V8 has on
 * x86 (measured at about 97% of the mul+add peak; wasm-kernels.md). Leftover
 * rows use a 1x8 kernel. K is never split; N is blocked so that one packed block
 * stays within about 512 KB (about half of L2), and rows run outer, panels inner,
 * so the 4 active A rows stay in L1 while B streams.
 *
 * A element (i, kk) is at a + (i * rsA + kk * csA) * 4 and B element (kk, j) at
 * b + (kk * rsB + j * csB) * 4, which covers both transposes (a transposed B is
 * packed through 4x4 register transposes). Multiply-adds go through `madd`
 * (simd.ts), a fused relaxed-SIMD FMA in the relaxed build. Row ranges and
 * panel blocks are independent, so a threaded driver can split either.
 * Products with fewer than 4 rows skip packing altogether (gemv.ts).
 */
import { Activation } from './opcodes';
import { madd, storeRow8, loadRow8Lo, loadRow8Hi } from './simd';
import { activateInPlace } from './activation';

/** Micro-kernel rows. */
const MR = 4;
/** Micro-kernel (panel) columns. */
export const NR = 8;
/** Floats a packed block may hold (512 KB). */
const BLOCK_FLOATS = 131072;

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
 * time, two 4x4 blocks are transposed in registers: interleave 32-bit lanes of
 * row pairs, then 64-bit halves of the results. Returns the end of the panel.
 */
@inline
function packTransposedPanel(src: usize, stride: usize, k: i32, p: usize): usize {
  let kk = 0;
  for (; kk + 4 <= k; kk += 4) {
    const at = src + (<usize>kk << 2);
    for (let half: usize = 0; half < 2; half++) {
      const base = at + half * 4 * stride;
      const r0 = v128.load(base);
      const r1 = v128.load(base + stride);
      const r2 = v128.load(base + 2 * stride);
      const r3 = v128.load(base + 3 * stride);
      const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
      const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
      const q = p + half * 16;
      v128.store(q, v128.shuffle<i64>(t0, t2, 0, 2));
      v128.store(q, v128.shuffle<i64>(t0, t2, 1, 3), NR * 4);
      v128.store(q, v128.shuffle<i64>(t1, t3, 0, 2), NR * 8);
      v128.store(q, v128.shuffle<i64>(t1, t3, 1, 3), NR * 12);
    }
    p += NR * 16;
  }
  for (; kk < k; kk++) {
    for (let l = 0; l < NR; l++) store<f32>(p + (<usize>l << 2), load<f32>(src + <usize>l * stride + (<usize>kk << 2)));
    p += NR * 4;
  }
  return p;
}

/** Stores one 8-wide output row: adds C when accumulating, writes `cols` lanes, applies the activation. */
@inline
function storeRow(c: usize, v0: v128, v1: v128, cols: i32, act: i32, accumulate: bool): void {
  if (accumulate) {
    v0 = f32x4.add(v0, loadRow8Lo(c, cols));
    v1 = f32x4.add(v1, loadRow8Hi(c, cols));
  }
  storeRow8(c, v0, v1, cols);
  if (act != Activation.Linear) activateInPlace(act, c, cols);
}

/** 4 rows x 8 columns: A rows at `a` (row step rsA bytes, k step csA bytes), one packed panel. */
@inline
function kernel4x8(a: usize, rsA: usize, csA: usize, panel: usize, k: i32, c: usize, ldc: usize, cols: i32, act: i32, accumulate: bool): void {
  let c00 = v128.load(panel);
  let c01 = v128.load(panel, 16);
  let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
  let a0 = a;
  let a1 = a + rsA;
  let a2 = a1 + rsA;
  let a3 = a2 + rsA;
  let w = panel + NR * 4;
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(w);
    const b1 = v128.load(w, 16);
    const x0 = v128.load32_splat(a0);
    c00 = madd(x0, b0, c00);
    c01 = madd(x0, b1, c01);
    const x1 = v128.load32_splat(a1);
    c10 = madd(x1, b0, c10);
    c11 = madd(x1, b1, c11);
    const x2 = v128.load32_splat(a2);
    c20 = madd(x2, b0, c20);
    c21 = madd(x2, b1, c21);
    const x3 = v128.load32_splat(a3);
    c30 = madd(x3, b0, c30);
    c31 = madd(x3, b1, c31);
    a0 += csA;
    a1 += csA;
    a2 += csA;
    a3 += csA;
    w += NR * 4;
  }
  storeRow(c, c00, c01, cols, act, accumulate);
  storeRow(c + ldc, c10, c11, cols, act, accumulate);
  storeRow(c + 2 * ldc, c20, c21, cols, act, accumulate);
  storeRow(c + 3 * ldc, c30, c31, cols, act, accumulate);
}

/** 1 row x 8 columns, for the rows left over after the 4-row blocks. */
@inline
function kernel1x8(a: usize, csA: usize, panel: usize, k: i32, c: usize, cols: i32, act: i32, accumulate: bool): void {
  let c0 = v128.load(panel);
  let c1 = v128.load(panel, 16);
  let w = panel + NR * 4;
  for (let kk = 0; kk < k; kk++) {
    const x = v128.load32_splat(a);
    c0 = madd(x, v128.load(w), c0);
    c1 = madd(x, v128.load(w, 16), c1);
    a += csA;
    w += NR * 4;
  }
  storeRow(c, c0, c1, cols, act, accumulate);
}

/**
 * Multiplies rows [0, m) of A by a block of `cols` packed columns at `packed`,
 * writing C (row stride ldc elements) from column 0 of the block.
 */
export function gemmPanels(m: i32, a: usize, rsA: i32, csA: i32, packed: usize, cols: i32, k: i32, c: usize, ldc: i32, act: i32, accumulate: bool): void {
  const panels = panelCount(cols);
  const stride = panelBytes(k, 1);
  const rowBytes = <usize>rsA << 2;
  const kBytes = <usize>csA << 2;
  const ldcBytes = <usize>ldc << 2;
  let i = 0;
  for (; i + MR <= m; i += MR) {
    const ar = a + <usize>i * rowBytes;
    const cr = c + <usize>i * ldcBytes;
    for (let q = 0; q < panels; q++) {
      kernel4x8(ar, rowBytes, kBytes, packed + <usize>q * stride, k, cr + (<usize>(q * NR) << 2), ldcBytes, min(NR, cols - q * NR), act, accumulate);
    }
  }
  for (; i < m; i++) {
    const ar = a + <usize>i * rowBytes;
    const cr = c + <usize>i * ldcBytes;
    for (let q = 0; q < panels; q++) {
      kernel1x8(ar, kBytes, packed + <usize>q * stride, k, cr + (<usize>(q * NR) << 2), min(NR, cols - q * NR), act, accumulate);
    }
  }
}

/** Workspace bytes {@link gemm} needs for n columns of depth k. */
export function gemmWorkspace(n: i32, k: i32): usize {
  return panelBytes(k, panelCount(min(n, blockCols(k))));
}

/**
 * Full GEMM with B packed block by block into `work` ({@link gemmWorkspace} bytes).
 * `bias` (n floats) may be 0; `accumulate` adds the product to C.
 */
export function gemm(
  m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32,
  bias: usize, c: usize, ldc: i32, act: i32, accumulate: bool, work: usize,
): void {
  const nc = blockCols(k);
  for (let j0 = 0; j0 < n; j0 += nc) {
    const cols = min(nc, n - j0);
    packB(b, rsB, csB, k, j0, cols, bias, work);
    gemmPanels(m, a, rsA, csA, work, cols, k, c + (<usize>j0 << 2), ldc, act, accumulate);
  }
}
