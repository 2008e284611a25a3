/**
 * A GEMM split along its depth on several threads ({@link splitsDepth}): each thread
 * multiplies its own depth chunk (its own rows of B), and a second task adds the
 * partial products in chunk order.
 */
import { Activation } from './opcodes';
import { loadRow8Lo, loadRow8Hi } from './simd';
import { Task, TILES_PER_THREAD, arg, argPtr, dispatch, poolThreads, setArg } from './parallel';
import { MAX_DEPTH, MR, NR, blockCols, depthChunk, panelBytes, panelCount } from './packing';
import { gemmPanels, scratchBytes, storeRow } from './micro-kernel';
import { FLAGS_BYTES, GROUPS_PER_THREAD, ROW_TILES_PER_BAND, ensurePanelsPacked } from './gemm-tiles';

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
export function splitsDepth(m: i32, n: i32, k: i32, threads: i32): bool {
  if (threads < 2 || m < MR || m > n || k <= MAX_DEPTH) return false;
  const kc = depthChunk(k);
  return (k + kc - 1) / kc == threads && n <= blockCols(kc);
}

/**
 * Workspace of {@link gemmByDepth}: a packed block of B and its group flags per
 * chunk, the threads' A scratch, and the partial products of every chunk but the first.
 */
export function depthWorkspace(m: i32, n: i32, kc: i32, threads: i32): usize {
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
export function gemmByDepth(
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
