/** The activations fused into matmul, applied in place to a stored row. */
import { Activation } from './opcodes';
import { loadTail32, storeTail32, off4 } from './simd';
import { sigmoidV, tanhV } from './vmath';

@inline
function apply(act: i32, v: v128): v128 {
  switch (act) {
    case Activation.Relu: return f32x4.max(v, f32x4.splat(0));
    case Activation.Sigmoid: return sigmoidV(v);
    default: return tanhV(v);
  }
}

@inline
function applyRow(act: i32, p: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(p + off4(i), apply(act, v128.load(p + off4(i))));
  if (i < n) storeTail32(p + off4(i), apply(act, loadTail32(p + off4(i), n - i)), n - i);
}

/** p[0..n) = act(p[0..n)) for a non-linear fused activation (linear is a no-op). */
export function activateInPlace(act: i32, p: usize, n: i32): void {
  switch (act) {
    case Activation.Relu: applyRow(Activation.Relu, p, n); break;
    case Activation.Sigmoid: applyRow(Activation.Sigmoid, p, n); break;
    case Activation.Tanh: applyRow(Activation.Tanh, p, n); break;
  }
}
