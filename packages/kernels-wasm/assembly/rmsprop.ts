/**
 * The fused RMSprop step (KernelTable `rmspropUpdate`), in place over the weight,
 * its velocity and, when used, its average gradient (centered) and momentum: the
 * same float32 operations, in the same order, as Keras' update.
 */
import { loadLanes, storeLanes, off4 } from './simd';
import { Task, argPtr, dispatchElements, rangeLength, rangeStart, setArg, setArgF32, argF32 } from './parallel';

/** Its square root and division cost about as much as Adam's (adam.ts). */
const RMSPROP_FLOPS: f64 = 64;

/**
 * One vector (`n` lanes): v = v rho + g^2 (1 - rho); centered: a = a rho + g (1 - rho)
 * and d = (v - a^2) + eps, else d = v + eps; inc = g lr / sqrt(d); with momentum
 * mom = mom momentum + inc and p -= mom, else p -= inc.
 */
@inline
function rmspropVector(
  centered: bool, withMomentum: bool, p: usize, g: usize, v: usize, a: usize, mom: usize, i: i32, n: i32,
  lr: v128, rho: v128, oneMinusRho: v128, momentum: v128, epsilon: v128,
): void {
  const o = off4(i);
  const gv = loadLanes(g + o, n);
  const vv = f32x4.add(f32x4.mul(loadLanes(v + o, n), rho), f32x4.mul(f32x4.mul(gv, gv), oneMinusRho));
  storeLanes(v + o, vv, n);
  let d = vv;
  if (centered) {
    const av = f32x4.add(f32x4.mul(loadLanes(a + o, n), rho), f32x4.mul(gv, oneMinusRho));
    storeLanes(a + o, av, n);
    d = f32x4.sub(vv, f32x4.mul(av, av));
  }
  let step = f32x4.div(f32x4.mul(gv, lr), f32x4.sqrt(f32x4.add(d, epsilon)));
  if (withMomentum) {
    step = f32x4.add(f32x4.mul(loadLanes(mom + o, n), momentum), step);
    storeLanes(mom + o, step, n);
  }
  storeLanes(p + o, f32x4.sub(loadLanes(p + o, n), step), n);
}

@inline
function rmspropRangeOf(
  centered: bool, withMomentum: bool, p: usize, g: usize, v: usize, a: usize, mom: usize, n: i32,
  lr: f32, rho: f32, oneMinusRho: f32, momentum: f32, epsilon: f32,
): void {
  const vl = f32x4.splat(lr);
  const vr = f32x4.splat(rho);
  const vq = f32x4.splat(oneMinusRho);
  const vm = f32x4.splat(momentum);
  const ve = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) rmspropVector(centered, withMomentum, p, g, v, a, mom, i, 4, vl, vr, vq, vm, ve);
  if (i < n) rmspropVector(centered, withMomentum, p, g, v, a, mom, i, n - i, vl, vr, vq, vm, ve);
}

/** {@link rmspropUpdate} over one range on this thread. */
function rmspropRange(
  p: usize, g: usize, v: usize, a: usize, mom: usize, n: i32, lr: f32, rho: f32, oneMinusRho: f32, momentum: f32, epsilon: f32,
): void {
  if (a && mom) rmspropRangeOf(true, true, p, g, v, a, mom, n, lr, rho, oneMinusRho, momentum, epsilon);
  else if (a) rmspropRangeOf(true, false, p, g, v, a, 0, n, lr, rho, oneMinusRho, momentum, epsilon);
  else if (mom) rmspropRangeOf(false, true, p, g, v, 0, mom, n, lr, rho, oneMinusRho, momentum, epsilon);
  else rmspropRangeOf(false, false, p, g, v, 0, 0, n, lr, rho, oneMinusRho, momentum, epsilon);
}

/**
 * One RMSprop step in place; `a` (average gradient, centered) and `mom` (momentum)
 * are 0 when unused. `oneMinusRho` comes from the caller, rounded once as Keras does.
 */
export function rmspropUpdate(
  p: usize, g: usize, v: usize, a: usize, mom: usize, n: i32, lr: f32, rho: f32, oneMinusRho: f32, momentum: f32, epsilon: f32,
): void {
  setArg(0, <i32>p); setArg(1, <i32>g); setArg(2, <i32>v); setArg(3, <i32>a); setArg(4, <i32>mom);
  setArgF32(7, lr); setArgF32(8, rho); setArgF32(9, oneMinusRho);
  setArgF32(10, momentum); setArgF32(11, epsilon);
  dispatchElements(Task.Rmsprop, n, RMSPROP_FLOPS, 5);
}

/** Tile `t` of a split {@link rmspropUpdate}. */
export function rmspropTile(ctrl: usize, t: i32): void {
  const o = off4(rangeStart(ctrl, t, 5));
  const a = argPtr(ctrl, 3);
  const mom = argPtr(ctrl, 4);
  rmspropRange(
    argPtr(ctrl, 0) + o, argPtr(ctrl, 1) + o, argPtr(ctrl, 2) + o, a ? a + o : 0, mom ? mom + o : 0, rangeLength(ctrl, t, 5),
    argF32(ctrl, 7), argF32(ctrl, 8), argF32(ctrl, 9),
    argF32(ctrl, 10), argF32(ctrl, 11),
  );
}
