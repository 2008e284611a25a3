/**
 * The packed layouts of a GEMM's operands (gemm.ts), and how a product is blocked.
 *
 * B is packed into panels of NR = 8 columns, each laid out as
 * [bias: 8][k = 0: 8][k = 1: 8]... and zero-padded past the last column, so the
 * micro-kernel (micro-kernel.ts) starts its accumulators from the bias and streams B
 * linearly. Each MR-row slice of A is packed as [k][MR], so the kernel reads one A
 * stream at constant offsets; leftover rows (fewer than MR) are packed with zero rows
 * to a whole slice. A element (i, kk) is at a + (i * rsA + kk * csA) * 4 and B element
 * (kk, j) at b + (kk * rsB + j * csB) * 4, which covers both transposes (a transposed B
 * is packed through 4x4 register transposes).
 *
 * K is cut into equal chunks of at most {@link MAX_DEPTH}, the later ones accumulating
 * into C, so the A slice and the B panel streaming past it fit the 32 KB L1 together
 * (K = 1024 whole: 82-83% of the roof, against 86-87% in two chunks); N is blocked so
 * that one packed block stays within about 512 KB (about half of L2).
 */
import { transpose4x4 } from './simd';

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
export const MAX_DEPTH = 512;

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

/**
 * Copies MR rows of A (`rowBytes` apart, k steps `kBytes` apart) into `dst` as
 * [k][MR]: whole rows of MR floats per k step when the rows are adjacent (a
 * transposed A), 4x4 register transposes (plus an interleave of rows 4 and 5 when
 * MR is 6) when k is contiguous, element by element otherwise.
 */
@inline
export function packSlice(a: usize, rowBytes: usize, kBytes: usize, k: i32, dst: usize): void {
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
export function packRows(rows: i32, a: usize, rowBytes: usize, kBytes: usize, k0: i32, k: i32, dst: usize): void {
  for (let kk = k0; kk < k; kk++) {
    const at = a + <usize>kk * kBytes;
    const q = dst + <usize>kk * (MR * 4);
    for (let r = 0; r < MR; r++) store<f32>(q + (<usize>r << 2), r < rows ? load<f32>(at + <usize>r * rowBytes) : 0);
  }
}

/** Bytes of a packed MR-row slice of A of depth `k`. */
@inline
export function sliceBytes(k: i32): usize {
  return <usize>k * (MR * 4);
}

/** The depth of one K chunk: k cut into equal chunks of at most {@link MAX_DEPTH}. */
@inline
export function depthChunk(k: i32): i32 {
  const chunks = (k + MAX_DEPTH - 1) / MAX_DEPTH;
  return chunks > 1 ? (k + chunks - 1) / chunks : k;
}
