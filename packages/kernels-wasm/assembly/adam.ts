/** The fused Adam/AdamW step (KernelTable `adamUpdate`), in place over p, m and v. */
import { off4 } from './simd';
import { Task, argPtr, dispatchElements, rangeLength, rangeStart, setArg, setArgF32, argF32 } from './parallel';

/**
 * What one element's step costs in GEMM flops, for the threading threshold: its square
 * root and division make it about 1.25 ns here (32K elements: 41 us on one thread), the
 * time of about 60 GEMM flops.
 */
const ADAM_FLOPS: f64 = 64;

/**
 * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lrT m / (sqrt(v) + epsHat),
 * where the caller folded the bias corrections into lrT and epsHat (Keras' form).
 * Large parameters are split into ranges across threads (parallel.ts).
 */
export function adamUpdate(p: usize, g: usize, m: usize, v: usize, n: i32, lrT: f32, beta1: f32, beta2: f32, epsHat: f32): void {
  setArg(0, <i32>p); setArg(1, <i32>g); setArg(2, <i32>m); setArg(3, <i32>v);
  setArgF32(6, lrT); setArgF32(7, beta1); setArgF32(8, beta2); setArgF32(9, epsHat);
  dispatchElements(Task.Adam, n, ADAM_FLOPS, 4);
}

/** Tile `t` of a split {@link adamUpdate}. */
export function adamTile(ctrl: usize, t: i32): void {
  const o = off4(rangeStart(ctrl, t, 4));
  adamRange(
    argPtr(ctrl, 0) + o, argPtr(ctrl, 1) + o, argPtr(ctrl, 2) + o, argPtr(ctrl, 3) + o, rangeLength(ctrl, t, 4),
    argF32(ctrl, 6), argF32(ctrl, 7), argF32(ctrl, 8), argF32(ctrl, 9),
  );
}

/** {@link adamUpdate} over one range on this thread. */
function adamRange(p: usize, g: usize, m: usize, v: usize, n: i32, lrT: f32, beta1: f32, beta2: f32, epsHat: f32): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(1 - beta2);
  const lr = f32x4.splat(lrT);
  const eps = f32x4.splat(epsHat);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = off4(i);
    const gv = v128.load(g + o);
    const mv = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, gv));
    const vv = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(c2, f32x4.mul(gv, gv)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const step = f32x4.div(f32x4.mul(lr, mv), f32x4.add(f32x4.sqrt(vv), eps));
    v128.store(p + o, f32x4.sub(v128.load(p + o), step));
  }
  for (; i < n; i++) {
    const o = off4(i);
    const gs = load<f32>(g + o);
    const ms = beta1 * load<f32>(m + o) + (1 - beta1) * gs;
    const vs = beta2 * load<f32>(v + o) + (1 - beta2) * gs * gs;
    store<f32>(m + o, ms);
    store<f32>(v + o, vs);
    store<f32>(p + o, load<f32>(p + o) - lrT * ms / (Mathf.sqrt(vs) + epsHat));
  }
}
