/**
 * The fused Adagrad step (KernelTable `adagradUpdate`), in place over the weight and
 * its accumulator, with Keras' float32 operations in Keras' order.
 */
import { loadLanes, storeLanes, off4 } from './simd';
import { Task, argPtr, dispatchElements, rangeLength, rangeStart, setArg, setArgF32, argF32 } from './parallel';

/** Its square root and division cost about as much as Adam's (adam.ts). */
const ADAGRAD_FLOPS: f64 = 64;

/** One vector (`n` lanes): acc = acc + g^2; p = p - g lr / sqrt(acc + eps). */
@inline
function adagradVector(p: usize, g: usize, acc: usize, i: i32, n: i32, lr: v128, eps: v128): void {
  const o = off4(i);
  const gv = loadLanes(g + o, n);
  const av = f32x4.add(loadLanes(acc + o, n), f32x4.mul(gv, gv));
  storeLanes(acc + o, av, n);
  storeLanes(p + o, f32x4.sub(loadLanes(p + o, n), f32x4.div(f32x4.mul(gv, lr), f32x4.sqrt(f32x4.add(av, eps)))), n);
}

/** {@link adagradUpdate} over one range on this thread. */
function adagradRange(p: usize, g: usize, acc: usize, n: i32, lr: f32, epsilon: f32): void {
  const vl = f32x4.splat(lr);
  const ve = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) adagradVector(p, g, acc, i, 4, vl, ve);
  if (i < n) adagradVector(p, g, acc, i, n - i, vl, ve);
}

/** One Adagrad step in place; large weights are split across threads. */
export function adagradUpdate(p: usize, g: usize, acc: usize, n: i32, lr: f32, epsilon: f32): void {
  setArg(0, <i32>p); setArg(1, <i32>g); setArg(2, <i32>acc); setArgF32(5, lr); setArgF32(6, epsilon);
  dispatchElements(Task.Adagrad, n, ADAGRAD_FLOPS, 3);
}

/** Tile `t` of a split {@link adagradUpdate}. */
export function adagradTile(ctrl: usize, t: i32): void {
  const o = off4(rangeStart(ctrl, t, 3));
  adagradRange(
    argPtr(ctrl, 0) + o, argPtr(ctrl, 1) + o, argPtr(ctrl, 2) + o, rangeLength(ctrl, t, 3),
    argF32(ctrl, 5), argF32(ctrl, 6),
  );
}
