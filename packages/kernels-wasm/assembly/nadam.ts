/**
 * The fused Nadam step (KernelTable `nadamUpdate`), in place over the weight and its
 * moments, with Keras' float32 operations in Keras' order.
 */
import { loadLanes, storeLanes, off4 } from './simd';
import { Task, argPtr, dispatchElements, rangeLength, rangeStart, setArg, setArgF32, argF32 } from './parallel';

/** Its square root and divisions cost about as much as Adam's (adam.ts). */
const NADAM_FLOPS: f64 = 64;

/**
 * One vector (`n` lanes): m = m + (g - m)(1 - b1); v = v + (g^2 - v)(1 - b2);
 * mHat = m mScale + g gScale; vHat = v / vScale; p = p - mHat lr / (sqrt(vHat) + eps).
 */
@inline
function nadamVector(
  p: usize, g: usize, m: usize, v: usize, i: i32, n: i32,
  lr: v128, c1: v128, c2: v128, mScale: v128, gScale: v128, vScale: v128, eps: v128,
): void {
  const o = off4(i);
  const gv = loadLanes(g + o, n);
  const mOld = loadLanes(m + o, n);
  const mv = f32x4.add(mOld, f32x4.mul(f32x4.sub(gv, mOld), c1));
  storeLanes(m + o, mv, n);
  const vOld = loadLanes(v + o, n);
  const vv = f32x4.add(vOld, f32x4.mul(f32x4.sub(f32x4.mul(gv, gv), vOld), c2));
  storeLanes(v + o, vv, n);
  const mHat = f32x4.add(f32x4.mul(mv, mScale), f32x4.mul(gv, gScale));
  const vHat = f32x4.div(vv, vScale);
  storeLanes(p + o, f32x4.sub(loadLanes(p + o, n), f32x4.div(f32x4.mul(mHat, lr), f32x4.add(f32x4.sqrt(vHat), eps))), n);
}

/** {@link nadamUpdate} over one range on this thread. */
function nadamRange(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, oneMinusBeta1: f32, oneMinusBeta2: f32, mScale: f32, gScale: f32, vScale: f32, epsilon: f32,
): void {
  const vl = f32x4.splat(lr);
  const c1 = f32x4.splat(oneMinusBeta1);
  const c2 = f32x4.splat(oneMinusBeta2);
  const ms = f32x4.splat(mScale);
  const gs = f32x4.splat(gScale);
  const vs = f32x4.splat(vScale);
  const ve = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) nadamVector(p, g, m, v, i, 4, vl, c1, c2, ms, gs, vs, ve);
  if (i < n) nadamVector(p, g, m, v, i, n - i, vl, c1, c2, ms, gs, vs, ve);
}

/**
 * One Nadam step in place. The caller computes the step's scales as Keras does
 * (each rounded once): 1 - b1, 1 - b2, mScale = u(t+1) / (1 - prod u(1..t+1)),
 * gScale = (1 - u(t)) / (1 - prod u(1..t)) and vScale = 1 - b2^t.
 */
export function nadamUpdate(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, oneMinusBeta1: f32, oneMinusBeta2: f32, mScale: f32, gScale: f32, vScale: f32, epsilon: f32,
): void {
  setArg(0, <i32>p); setArg(1, <i32>g); setArg(2, <i32>m); setArg(3, <i32>v);
  setArgF32(6, lr); setArgF32(7, oneMinusBeta1); setArgF32(8, oneMinusBeta2);
  setArgF32(9, mScale); setArgF32(10, gScale); setArgF32(11, vScale);
  setArgF32(12, epsilon);
  dispatchElements(Task.Nadam, n, NADAM_FLOPS, 4);
}

/** Tile `t` of a split {@link nadamUpdate}. */
export function nadamTile(ctrl: usize, t: i32): void {
  const o = off4(rangeStart(ctrl, t, 4));
  nadamRange(
    argPtr(ctrl, 0) + o, argPtr(ctrl, 1) + o, argPtr(ctrl, 2) + o, argPtr(ctrl, 3) + o, rangeLength(ctrl, t, 4),
    argF32(ctrl, 6), argF32(ctrl, 7), argF32(ctrl, 8),
    argF32(ctrl, 9), argF32(ctrl, 10), argF32(ctrl, 11), argF32(ctrl, 12),
  );
}
