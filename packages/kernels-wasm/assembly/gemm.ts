/**
 * Packed GEMM: C[m, n] = act(A[m, k] B[k, n] + bias (+ C when accumulating)).
 *
 * B is packed block by block into panels and each MR-row slice of A into a per-thread
 * scratch (packing.ts), then run through the MR x 8 micro-kernel (micro-kernel.ts),
 * in depth chunks of at most 512 and N blocks of about 512 KB. When several N blocks
 * would each pack the same A slices again, {@link gemm} packs all of them once per
 * depth chunk (X^T dY at 1024, whose transposed A strides a cache line per k: 1.16x
 * the plain product's time before, about 1.0x after; sgemm 2048: 84% -> 86-87% of the
 * roof).
 * On several threads, a short product with one depth chunk per thread is split along
 * its depth instead, each thread reading its own rows of B (gemm-depth.ts).
 * The row blocks run as tiles (parallel.ts): whole 8-column panels times rows in
 * multiples of MR, and every output is summed the same way wherever its row falls,
 * so results do not depend on the number of threads; the first tile to need a group
 * of B panels packs it, in the same task (gemm-tiles.ts).
 * Products with fewer than 4 rows skip packing (gemv.ts).
 */
import { Activation } from './opcodes';
import { Task, TILES_PER_THREAD, arg, argPtr, dispatch, poolThreads, setArg, threadsFor } from './parallel';
import { MR, NR, blockCols, depthChunk, packB, packSlice, panelBytes, panelCount, sliceBytes } from './packing';
import { gemmPanels, scratchBytes } from './micro-kernel';
import { FLAGS_BYTES, GROUPS_PER_THREAD, MAX_GROUPS, ROW_TILES_PER_BAND, ensurePanelsPacked } from './gemm-tiles';
import { depthWorkspace, gemmByDepth, splitsDepth } from './gemm-depth';

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
 * C = act(A x already-packed B columns [0, n) + the panels' bias), or C += that when
 * `accumulate`, on this thread only (for use inside tiles); `scratch` holds {@link scratchBytes}(k).
 */
export function gemmBlocks(
  m: i32, a: usize, rsA: i32, csA: i32, packed: usize, n: i32, k: i32, c: usize, ldc: i32, act: i32, scratch: usize, accumulate: bool = false,
): void {
  const nc = blockCols(k);
  for (let j0 = 0; j0 < n; j0 += nc) {
    gemmPanels(m, a, rsA, csA, packed + panelBytes(k, j0 / NR), min(nc, n - j0), k, c + (<usize>j0 << 2), ldc, act, accumulate, scratch);
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
