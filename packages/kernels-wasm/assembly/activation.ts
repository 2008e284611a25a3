/** The activations fused into matmul: applied in place to a stored row, and their derivatives for the backward pass. */
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

/** act(v) on four lanes for a sigmoid or tanh (kept out of line: its polynomial would crowd a caller's registers). */
function activateCurve(act: i32, v: v128): v128 {
  return act == Activation.Sigmoid ? sigmoidV(v) : tanhV(v);
}

/** act(v) on four lanes for any fused activation: linear returns v, relu is inlined. */
@inline
export function activate(act: i32, v: v128): v128 {
  if (act == Activation.Linear) return v;
  if (act == Activation.Relu) return f32x4.max(v, f32x4.splat(0));
  return activateCurve(act, v);
}

/** p[0..n) = act(p[0..n)) for a non-linear fused activation (linear is a no-op). */
export function activateInPlace(act: i32, p: usize, n: i32): void {
  switch (act) {
    case Activation.Relu: applyRow(Activation.Relu, p, n); break;
    case Activation.Sigmoid: applyRow(Activation.Sigmoid, p, n); break;
    case Activation.Tanh: applyRow(Activation.Tanh, p, n); break;
  }
}

/** dy * f'(x) on four lanes, from y = f(x). */
@inline
export function derivative(act: i32, y: v128, dy: v128): v128 {
  const one = f32x4.splat(1);
  switch (act) {
    // dy where y > 0, else 0 (a bit select, so an infinite dy never meets a 0 factor).
    case Activation.Relu: return v128.and(dy, f32x4.gt(y, f32x4.splat(0)));
    case Activation.Sigmoid: return f32x4.mul(dy, f32x4.mul(y, f32x4.sub(one, y)));
    default: return f32x4.mul(dy, f32x4.sub(one, f32x4.mul(y, y)));
  }
}

@inline
function derivativeRange(act: i32, y: usize, dy: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = off4(i);
    v128.store(out + o, derivative(act, v128.load(y + o), v128.load(dy + o)));
  }
  if (i < n) {
    const o = off4(i);
    storeTail32(out + o, derivative(act, loadTail32(y + o, n - i), loadTail32(dy + o, n - i)), n - i);
  }
}

/** out[0..n) = dy * f'(x) from y = f(x) for a non-linear fused activation (KernelTable `activationGrad`). */
export function activationGrad(act: i32, y: usize, dy: usize, out: usize, n: i32): void {
  switch (act) {
    case Activation.Relu: derivativeRange(Activation.Relu, y, dy, out, n); break;
    case Activation.Sigmoid: derivativeRange(Activation.Sigmoid, y, dy, out, n); break;
    case Activation.Tanh: derivativeRange(Activation.Tanh, y, dy, out, n); break;
  }
}
