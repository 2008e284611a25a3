/**
 * How a GEMM's pool task is cut into tiles (gemm.ts, gemm-depth.ts), and the packing of
 * B's panels by the tiles themselves: the first tile to need a group of panels packs
 * it, the others wait for it, all in the same task.
 */
import { arg } from './parallel';
import { NR, packB, panelBytes } from './packing';

/** Most panel groups of one N block (each has a packed-or-not flag). */
export const MAX_GROUPS: i32 = 64;
/** Bytes of those flags. */
export const FLAGS_BYTES: usize = <usize>MAX_GROUPS << 2;
/**
 * Row tiles a thread's share of a GEMM is cut into (its column band, or its part of the
 * row slices across every panel): above TILES_PER_THREAD (parallel.ts), so a slow thread leaves
 * little idle time at the end.
 */
export const ROW_TILES_PER_BAND: i32 = 16;
/** Panel groups per thread when the tiles span every panel: packing B is split this finely, so no thread waits long for it. */
export const GROUPS_PER_THREAD: i32 = 4;

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
export function ensurePanelsPacked(ctrl: usize, p0: i32, count: i32, flags: usize, b: usize, k: i32, bias: usize, packed: usize): void {
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
