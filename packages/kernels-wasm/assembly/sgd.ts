/**
 * The fused SGD step (KernelTable `sgdUpdate`), in place over the weight and, with
 * momentum, its momentum slot: the same float32 operations, in the same order, as
 * Keras' update, so it matches the element-wise ops bit for bit.
 */
import { loadLanes, storeLanes, off4 } from './simd';
import { Task, arg, argPtr, dispatchElements, rangeLength, rangeStart, setArg, setArgF32, argF32 } from './parallel';

/** Which update a range runs. */
const enum Sgd {
  /** p - g lr. */
  Plain = 0,
  /** m = -lr g + m momentum; p + m. */
  Momentum = 1,
  /** As Momentum, then p + (-lr g + m momentum). */
  Nesterov = 2,
}

/** One vector (`n` lanes) of an SGD step. */
@inline
function sgdVector(mode: Sgd, p: usize, g: usize, m: usize, i: i32, n: i32, lr: v128, mu: v128): void {
  const o = off4(i);
  const gv = loadLanes(g + o, n);
  const pv = loadLanes(p + o, n);
  if (mode == Sgd.Plain) {
    storeLanes(p + o, f32x4.sub(pv, f32x4.mul(gv, lr)), n);
    return;
  }
  const step = f32x4.mul(gv, f32x4.neg(lr));
  const mv = f32x4.add(step, f32x4.mul(loadLanes(m + o, n), mu));
  storeLanes(m + o, mv, n);
  storeLanes(p + o, f32x4.add(pv, mode == Sgd.Nesterov ? f32x4.add(step, f32x4.mul(mv, mu)) : mv), n);
}

@inline
function sgdRangeOf(mode: Sgd, p: usize, g: usize, m: usize, n: i32, lr: f32, momentum: f32): void {
  const vl = f32x4.splat(lr);
  const mu = f32x4.splat(momentum);
  let i = 0;
  for (; i + 4 <= n; i += 4) sgdVector(mode, p, g, m, i, 4, vl, mu);
  if (i < n) sgdVector(mode, p, g, m, i, n - i, vl, mu);
}

/** {@link sgdUpdate} over one range on this thread. */
function sgdRange(p: usize, g: usize, m: usize, n: i32, lr: f32, momentum: f32, nesterov: i32): void {
  if (!m) sgdRangeOf(Sgd.Plain, p, g, 0, n, lr, momentum);
  else if (nesterov) sgdRangeOf(Sgd.Nesterov, p, g, m, n, lr, momentum);
  else sgdRangeOf(Sgd.Momentum, p, g, m, n, lr, momentum);
}

/**
 * p -= g lr when `m` is 0; else m = -lr g + m momentum and p += m, or with
 * `nesterov` p += -lr g + m momentum. Large weights are split across threads.
 */
export function sgdUpdate(p: usize, g: usize, m: usize, n: i32, lr: f32, momentum: f32, nesterov: i32): void {
  setArg(0, <i32>p); setArg(1, <i32>g); setArg(2, <i32>m);
  setArgF32(5, lr); setArgF32(6, momentum); setArg(7, nesterov);
  dispatchElements(Task.Sgd, n, 16, 3);
}

/** Tile `t` of a split {@link sgdUpdate}. */
export function sgdTile(ctrl: usize, t: i32): void {
  const o = off4(rangeStart(ctrl, t, 3));
  const m = argPtr(ctrl, 2);
  sgdRange(
    argPtr(ctrl, 0) + o, argPtr(ctrl, 1) + o, m ? m + o : 0, rangeLength(ctrl, t, 3),
    argF32(ctrl, 5), argF32(ctrl, 6), arg(ctrl, 7),
  );
}
