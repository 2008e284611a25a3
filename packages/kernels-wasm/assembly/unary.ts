/**
 * Element-wise unary kernels. Each exported function switches once on the op
 * code and runs a loop specialised for it: the per-op helpers are `@inline`
 * and receive a constant op code, so the inner switch folds away at compile time.
 */
import { Unary } from './opcodes';
import { loadTail32, storeTail32, off4 } from './simd';
import { expV, expm1V, sigmoidV, tanhV } from './vmath';
import { logV, log1pV } from './vlog';
import { erfV, geluExactV } from './verf';
import { geluTanhV } from './vgelu';
import { Task, arg, argPtr, dispatch, elementThreads, elementTile, setArg, setArgF32, argF32 } from './parallel';

const SELU_SCALE: f32 = 1.0507009873554805;
const SELU_ALPHA: f32 = 1.6732632423543772;

/** One f32 unary op on four lanes; `alpha` is leakyRelu's slope or elu's scale. */
@inline
function f32Vector(op: i32, x: v128, alpha: v128): v128 {
  const zero = f32x4.splat(0.0);
  const one = f32x4.splat(1.0);
  switch (op) {
    case Unary.Abs: return f32x4.abs(x);
    case Unary.Neg: return f32x4.neg(x);
    case Unary.Sign: {
      const s = f32x4.sub(v128.and(f32x4.gt(x, zero), one), v128.and(f32x4.lt(x, zero), one));
      return v128.bitselect(x, s, f32x4.ne(x, x)); // NaN stays NaN
    }
    case Unary.Exp: return expV(x);
    case Unary.Expm1: return expm1V(x);
    case Unary.Log: return logV(x);
    case Unary.Log1p: return log1pV(x);
    case Unary.Sqrt: return f32x4.sqrt(x);
    case Unary.Rsqrt: return f32x4.div(one, f32x4.sqrt(x));
    case Unary.Square: return f32x4.mul(x, x);
    case Unary.Reciprocal: return f32x4.div(one, x);
    case Unary.Tanh: return tanhV(x);
    case Unary.Floor: return f32x4.floor(x);
    case Unary.Ceil: return f32x4.ceil(x);
    case Unary.Round: return f32x4.nearest(x); // half to even
    case Unary.Relu: return f32x4.max(x, zero);
    case Unary.Relu6: return f32x4.min(f32x4.max(x, zero), f32x4.splat(6.0));
    case Unary.LeakyRelu: return v128.bitselect(x, f32x4.mul(x, alpha), f32x4.gt(x, zero));
    case Unary.Elu: return v128.bitselect(x, f32x4.mul(alpha, expm1V(x)), f32x4.gt(x, zero));
    case Unary.Selu: {
      const neg = f32x4.mul(f32x4.splat(SELU_ALPHA), expm1V(x));
      return f32x4.mul(f32x4.splat(SELU_SCALE), v128.bitselect(x, neg, f32x4.gt(x, zero)));
    }
    case Unary.Sigmoid: return sigmoidV(x);
    // Keras 3: relu6(x + 3) / 6, which stays exact near 0 where x / 6 + 0.5 would cancel.
    case Unary.HardSigmoid:
      return f32x4.div(f32x4.min(f32x4.max(f32x4.add(x, f32x4.splat(3.0)), zero), f32x4.splat(6.0)), f32x4.splat(6.0));
    case Unary.Erf: return erfV(x);
    case Unary.GeluExact: return geluExactV(x);
    case Unary.Softsign: return f32x4.div(x, f32x4.add(one, f32x4.abs(x)));
    // max(x, 0) + log1p(e^-|x|): never overflows, exact for large |x|.
    case Unary.Softplus: return f32x4.add(f32x4.max(x, zero), log1pV(expV(f32x4.neg(f32x4.abs(x)))));
    case Unary.Silu: return f32x4.mul(x, sigmoidV(x));
    case Unary.Gelu: return geluTanhV(x);
    default: return x;
  }
}

/**
 * sin, cos and tan per element, through AssemblyScript's ports of musl's f32
 * versions (exact range reduction for large arguments, which a short SIMD
 * polynomial would not have).
 */
@inline
function f32Scalar(op: i32, x: f32): f32 {
  switch (op) {
    case Unary.Sin: return NativeMathf.sin(x);
    case Unary.Cos: return NativeMathf.cos(x);
    case Unary.Tan: return NativeMathf.tan(x);
    default: return x;
  }
}

@inline
function mapVector(op: i32, x: usize, out: usize, n: i32, alpha: f32): void {
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(out + off4(i), f32Vector(op, v128.load(x + off4(i)), a));
  }
  if (i < n) storeTail32(out + off4(i), f32Vector(op, loadTail32(x + off4(i), n - i), a), n - i);
}

@inline
function mapScalar(op: i32, x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(out + off4(i), f32Scalar(op, load<f32>(x + off4(i))));
}

@inline
function mapPredicate(op: i32, x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const v = load<f32>(x + off4(i));
    const finite = v - v == 0; // false for NaN and +-Inf
    let r: bool;
    if (op == Unary.Isnan) r = v != v;
    else if (op == Unary.Isinf) r = !finite && v == v;
    else r = finite;
    store<u8>(out + <usize>i, <u8>r);
  }
}

/**
 * out = op(x) over `n` float32 elements; `alpha` is the slope of leakyRelu and
 * the scale of elu. The predicates isnan/isinf/isfinite write one byte per element.
 * Large float outputs are split into ranges across threads (parallel.ts).
 */
export function unaryF32(op: i32, x: usize, out: usize, n: i32, alpha: f32): void {
  const threads = op == Unary.Isnan || op == Unary.Isinf || op == Unary.Isfinite ? 1 : elementThreads(n);
  if (threads == 1) {
    unaryRange(op, x, out, n, alpha);
    return;
  }
  const tile = elementTile(n, threads);
  setArg(0, op); setArg(1, <i32>x); setArg(2, <i32>out); setArg(3, n); setArgF32(4, alpha); setArg(5, tile);
  dispatch(Task.Unary, (n + tile - 1) / tile, threads);
}

/** Tile `t` of a split {@link unaryF32}. */
export function unaryTile(ctrl: usize, t: i32): void {
  const tile = arg(ctrl, 5);
  const i0 = t * tile;
  unaryRange(arg(ctrl, 0), argPtr(ctrl, 1) + off4(i0), argPtr(ctrl, 2) + off4(i0), min(tile, arg(ctrl, 3) - i0), argF32(ctrl, 4));
}

/** {@link unaryF32} over one range on this thread. */
function unaryRange(op: i32, x: usize, out: usize, n: i32, alpha: f32): void {
  switch (op) {
    case Unary.Abs: mapVector(Unary.Abs, x, out, n, alpha); break;
    case Unary.Neg: mapVector(Unary.Neg, x, out, n, alpha); break;
    case Unary.Sign: mapVector(Unary.Sign, x, out, n, alpha); break;
    case Unary.Exp: mapVector(Unary.Exp, x, out, n, alpha); break;
    case Unary.Expm1: mapVector(Unary.Expm1, x, out, n, alpha); break;
    case Unary.Sqrt: mapVector(Unary.Sqrt, x, out, n, alpha); break;
    case Unary.Rsqrt: mapVector(Unary.Rsqrt, x, out, n, alpha); break;
    case Unary.Square: mapVector(Unary.Square, x, out, n, alpha); break;
    case Unary.Reciprocal: mapVector(Unary.Reciprocal, x, out, n, alpha); break;
    case Unary.Tanh: mapVector(Unary.Tanh, x, out, n, alpha); break;
    case Unary.Floor: mapVector(Unary.Floor, x, out, n, alpha); break;
    case Unary.Ceil: mapVector(Unary.Ceil, x, out, n, alpha); break;
    case Unary.Round: mapVector(Unary.Round, x, out, n, alpha); break;
    case Unary.Relu: mapVector(Unary.Relu, x, out, n, alpha); break;
    case Unary.Relu6: mapVector(Unary.Relu6, x, out, n, alpha); break;
    case Unary.LeakyRelu: mapVector(Unary.LeakyRelu, x, out, n, alpha); break;
    case Unary.Elu: mapVector(Unary.Elu, x, out, n, alpha); break;
    case Unary.Selu: mapVector(Unary.Selu, x, out, n, alpha); break;
    case Unary.Sigmoid: mapVector(Unary.Sigmoid, x, out, n, alpha); break;
    case Unary.HardSigmoid: mapVector(Unary.HardSigmoid, x, out, n, alpha); break;
    case Unary.Softsign: mapVector(Unary.Softsign, x, out, n, alpha); break;
    case Unary.Silu: mapVector(Unary.Silu, x, out, n, alpha); break;
    case Unary.Gelu: mapVector(Unary.Gelu, x, out, n, alpha); break;
    case Unary.Softplus: mapVector(Unary.Softplus, x, out, n, alpha); break;
    case Unary.Log: mapVector(Unary.Log, x, out, n, alpha); break;
    case Unary.Log1p: mapVector(Unary.Log1p, x, out, n, alpha); break;
    case Unary.Sin: mapScalar(Unary.Sin, x, out, n); break;
    case Unary.Cos: mapScalar(Unary.Cos, x, out, n); break;
    case Unary.Tan: mapScalar(Unary.Tan, x, out, n); break;
    case Unary.Erf: mapVector(Unary.Erf, x, out, n, alpha); break;
    case Unary.GeluExact: mapVector(Unary.GeluExact, x, out, n, alpha); break;
    case Unary.Isnan: mapPredicate(Unary.Isnan, x, out, n); break;
    case Unary.Isinf: mapPredicate(Unary.Isinf, x, out, n); break;
    case Unary.Isfinite: mapPredicate(Unary.Isfinite, x, out, n); break;
  }
}

/** One int32 unary op on four lanes (wrapping arithmetic, as int32 does). */
@inline
function i32Vector(op: i32, x: v128): v128 {
  const zero = i32x4.splat(0);
  switch (op) {
    case Unary.Abs: return i32x4.abs(x);
    case Unary.Neg: return i32x4.neg(x);
    // (x > 0) - (x < 0): comparison masks are -1 where true.
    case Unary.Sign: return i32x4.sub(i32x4.lt_s(x, zero), i32x4.gt_s(x, zero));
    case Unary.Square: return i32x4.mul(x, x);
    case Unary.Relu: return i32x4.max_s(x, zero);
    case Unary.Relu6: return i32x4.min_s(i32x4.max_s(x, zero), i32x4.splat(6));
    default: return x; // floor, ceil and round are the identity on integers
  }
}

@inline
function mapI32(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + off4(i), i32Vector(op, v128.load(x + off4(i))));
  if (i < n) storeTail32(out + off4(i), i32Vector(op, loadTail32(x + off4(i), n - i)), n - i);
}

/** out = op(x) over `n` int32 elements: abs, neg, sign, square, relu, relu6 (floor/ceil/round copy). */
export function unaryI32(op: i32, x: usize, out: usize, n: i32): void {
  switch (op) {
    case Unary.Abs: mapI32(Unary.Abs, x, out, n); break;
    case Unary.Neg: mapI32(Unary.Neg, x, out, n); break;
    case Unary.Sign: mapI32(Unary.Sign, x, out, n); break;
    case Unary.Square: mapI32(Unary.Square, x, out, n); break;
    case Unary.Relu: mapI32(Unary.Relu, x, out, n); break;
    case Unary.Relu6: mapI32(Unary.Relu6, x, out, n); break;
    default: mapI32(Unary.Floor, x, out, n);
  }
}

/** out = !x over `n` bool bytes. */
export function logicalNot(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(out + <usize>i, <u8>(load<u8>(x + <usize>i) == 0));
}
