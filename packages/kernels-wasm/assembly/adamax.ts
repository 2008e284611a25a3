/**
 * The fused Adamax step (KernelTable `adamaxUpdate`), in place over the weight, its
 * first moment and its infinity norm, with Keras' float32 operations in Keras' order.
 */
import { loadLanes, storeLanes, off4 } from './simd';
import { Task, argPtr, dispatchElements, rangeLength, rangeStart, setArg, setArgF32, argF32 } from './parallel';

/** Its division costs about as much as Adam's step (adam.ts). */
const ADAMAX_FLOPS: f64 = 64;

/**
 * One vector (`n` lanes): m = m + (g - m)(1 - b1); u = max(u b2, |g|);
 * p = p - m lr / ((u + eps)(1 - b1^t)).
 */
@inline
function adamaxVector(p: usize, g: usize, m: usize, u: usize, i: i32, n: i32, lr: v128, c1: v128, b2: v128, eps: v128, bias: v128): void {
  const o = off4(i);
  const gv = loadLanes(g + o, n);
  const mOld = loadLanes(m + o, n);
  const mv = f32x4.add(mOld, f32x4.mul(f32x4.sub(gv, mOld), c1));
  storeLanes(m + o, mv, n);
  const uv = f32x4.max(f32x4.mul(loadLanes(u + o, n), b2), f32x4.abs(gv));
  storeLanes(u + o, uv, n);
  storeLanes(p + o, f32x4.sub(loadLanes(p + o, n), f32x4.div(f32x4.mul(mv, lr), f32x4.mul(f32x4.add(uv, eps), bias))), n);
}

/** {@link adamaxUpdate} over one range on this thread. */
function adamaxRange(p: usize, g: usize, m: usize, u: usize, n: i32, lr: f32, oneMinusBeta1: f32, beta2: f32, epsilon: f32, biasCorrection: f32): void {
  const vl = f32x4.splat(lr);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const ve = f32x4.splat(epsilon);
  const vb = f32x4.splat(biasCorrection);
  let i = 0;
  for (; i + 4 <= n; i += 4) adamaxVector(p, g, m, u, i, 4, vl, c1, b2, ve, vb);
  if (i < n) adamaxVector(p, g, m, u, i, n - i, vl, c1, b2, ve, vb);
}

/** One Adamax step in place; `oneMinusBeta1` and `biasCorrection` (1 - b1^t) come from the caller, rounded once as Keras does. */
export function adamaxUpdate(
  p: usize, g: usize, m: usize, u: usize, n: i32, lr: f32, oneMinusBeta1: f32, beta2: f32, epsilon: f32, biasCorrection: f32,
): void {
  setArg(0, <i32>p); setArg(1, <i32>g); setArg(2, <i32>m); setArg(3, <i32>u);
  setArgF32(6, lr); setArgF32(7, oneMinusBeta1); setArgF32(8, beta2);
  setArgF32(9, epsilon); setArgF32(10, biasCorrection);
  dispatchElements(Task.Adamax, n, ADAMAX_FLOPS, 4);
}

/** Tile `t` of a split {@link adamaxUpdate}. */
export function adamaxTile(ctrl: usize, t: i32): void {
  const o = off4(rangeStart(ctrl, t, 4));
  adamaxRange(
    argPtr(ctrl, 0) + o, argPtr(ctrl, 1) + o, argPtr(ctrl, 2) + o, argPtr(ctrl, 3) + o, rangeLength(ctrl, t, 4),
    argF32(ctrl, 6), argF32(ctrl, 7), argF32(ctrl, 8),
    argF32(ctrl, 9), argF32(ctrl, 10),
  );
}
